// Finding matching wall-clock minutes. Wall times are handled as "naive" UTC milliseconds (the
// local date and time read as if they were UTC), where every day has 24 hours: time zones are
// applied separately, by next-runs.ts.
import type { CompiledCron } from "./validate";

export const MINUTE = 60_000;
// The Gregorian calendar repeats every 400 years (146,097 days, a whole number of weeks): a day
// rule with no match in that long has none at all.
const MAX_YEARS_AHEAD = 401;

export type Matcher = {
  cron: CompiledCron;
  /** next*[v]: the smallest allowed value >= v, or -1. */
  nextMinute: Int8Array;
  nextHour: Int8Array;
  nextMonth: Int8Array;
};

function nextTable(allowed: boolean[], size: number): Int8Array {
  const table = new Int8Array(size + 1).fill(-1);
  for (let v = size - 1; v >= 0; v--) table[v] = allowed[v] ? v : table[v + 1];
  return table;
}

export function createMatcher(cron: CompiledCron): Matcher {
  return {
    cron,
    nextMinute: nextTable(cron.minutes, 60),
    nextHour: nextTable(cron.hours, 24),
    nextMonth: nextTable(cron.months, 13),
  };
}

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** cronie's day rule: if both day fields are restricted either may match, otherwise both must. */
export function dayMatches(c: CompiledCron, year: number, month: number, day: number): boolean {
  const dom = c.daysOfMonth[day];
  const dow = c.daysOfWeek[new Date(Date.UTC(year, month - 1, day)).getUTCDay()];
  return c.dayOfMonthRestricted && c.dayOfWeekRestricted ? dom || dow : dom && dow;
}

/** The first matching wall minute at or after `from` and before `limit`, or null. */
export function nextMatchingWall(m: Matcher, from: number, limit: number): number | null {
  const start = new Date(Math.ceil(from / MINUTE) * MINUTE);
  let year = start.getUTCFullYear();
  let month = start.getUTCMonth() + 1;
  let day = start.getUTCDate();
  let hour = start.getUTCHours();
  let minute = start.getUTCMinutes();
  const lastYear = year + MAX_YEARS_AHEAD;

  while (year <= lastYear) {
    const nm = m.nextMonth[month];
    if (nm !== month) {
      if (nm === -1) {
        year++;
        month = 1;
      } else month = nm;
      day = 1;
      hour = 0;
      minute = 0;
      if (Date.UTC(year, month - 1, 1) >= limit) return null;
      continue;
    }
    if (day > daysInMonth(year, month)) {
      month++;
      if (month > 12) {
        month = 1;
        year++;
      }
      day = 1;
      hour = 0;
      minute = 0;
      continue;
    }
    if (!dayMatches(m.cron, year, month, day)) {
      day++;
      hour = 0;
      minute = 0;
      if (Date.UTC(year, month - 1, day) >= limit) return null;
      continue;
    }
    const nh = m.nextHour[hour];
    if (nh === -1) {
      day++;
      hour = 0;
      minute = 0;
      continue;
    }
    if (nh !== hour) {
      hour = nh;
      minute = 0;
    }
    const nmin = m.nextMinute[minute];
    if (nmin === -1) {
      hour++;
      minute = 0;
      if (hour === 24) {
        day++;
        hour = 0;
      }
      continue;
    }
    const wall = Date.UTC(year, month - 1, day, hour, nmin);
    return wall < limit ? wall : null;
  }
  return null;
}
