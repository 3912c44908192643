// Days of the week ("weekdays", "mon-fri", "Monday through Friday", "monday and thursday",
// "weekends") and days of the month ("the 1st", "on the 1st and 15th", "the first day of the
// month", "on day 1 of the month", "between day 1 and 7 of the month"), plus the day rules that
// 5-field cron cannot express ("the last day of the month", "the first Monday of the month").
import { refuse, type Clause, type Match } from "./clauses";
import { readNumber, readOrdinal } from "./numbers";
import { isPunct, isWord, listSeparator, phrase, rangeWord, skip, wordAt, type Tokens } from "./tokens";

const WEEKDAY_WORDS: Readonly<Record<string, number>> = {
  sunday: 0, sundays: 0, sun: 0, monday: 1, mondays: 1, mon: 1, tuesday: 2, tuesdays: 2, tue: 2, tues: 2,
  wednesday: 3, wednesdays: 3, wed: 3, weds: 3, thursday: 4, thursdays: 4, thu: 4, thur: 4, thurs: 4,
  friday: 5, fridays: 5, fri: 5, saturday: 6, saturdays: 6, sat: 6,
};

const WORKDAYS = [1, 2, 3, 4, 5];
const WEEKEND = [0, 6];

/** A day name at `i` ("mon", "Monday", "mondays", "mon."). */
export function readWeekday(ts: Tokens, i: number): { day: number; end: number } | null {
  const w = wordAt(ts, i);
  if (w === undefined || !(w in WEEKDAY_WORDS)) return null;
  const end = isPunct(ts, i + 1, ".") && (ts[i + 2] === undefined || ts[i + 2].start > ts[i + 1].end) ? i + 2 : i + 1;
  return { day: WEEKDAY_WORDS[w], end };
}

/** "weekday(s)", "workdays", "business days", "weekend(s)", "the weekend". */
function readDayGroup(ts: Tokens, i: number): { days: number[]; end: number; night?: boolean } | null {
  const w = wordAt(ts, i);
  if (w === "weekday" || w === "weekdays" || w === "workday" || w === "workdays") return { days: WORKDAYS, end: i + 1 };
  if (w === "weeknight" || w === "weeknights") return { days: WORKDAYS, end: i + 1, night: true };
  if (w === "weekend" || w === "weekends") {
    const end = isWord(ts, i + 1, "day", "days") ? i + 2 : i + 1;
    return { days: WEEKEND, end };
  }
  for (const first of ["business", "working", "work", "week"]) {
    const j = phrase(ts, i, first, "days");
    const k = j > 0 ? j : phrase(ts, i, first, "day");
    if (k > 0) return { days: WORKDAYS, end: k };
  }
  return null;
}

/** Days from `a` to `b` going forward through the week: "Friday through Monday" wraps. */
function weekRange(a: number, b: number): number[] {
  const out: number[] = [];
  for (let d = a; ; d = (d + 1) % 7) {
    out.push(d);
    if (d === b || out.length === 7) return out;
  }
}

/** A list of days: "monday, wednesday and friday", "mon-fri", "tuesday to saturday", "weekdays". */
export function readWeekdayList(ts: Tokens, i: number): { days: number[]; end: number; night?: boolean } | null {
  const days: number[] = [];
  let night = false;
  let j = i;
  for (;;) {
    const k = skip(ts, j, "on", "every", "each");
    const group = readDayGroup(ts, k);
    const day = group ? null : readWeekday(ts, k);
    if (!group && !day) break;
    if (group) {
      days.push(...group.days);
      night ||= group.night === true;
      j = group.end;
    } else if (day) {
      const r = rangeWord(ts, day.end);
      const to = r > 0 ? readWeekday(ts, r) : null;
      if (to) {
        days.push(...weekRange(day.day, to.day));
        j = to.end;
      } else {
        days.push(day.day);
        j = day.end;
      }
    }
    const sep = listSeparator(ts, j);
    if (sep < 0) break;
    const after = skip(ts, sep, "on", "every", "each");
    if (!readDayGroup(ts, after) && !readWeekday(ts, after)) break;
    j = sep;
  }
  if (days.length === 0) return null;
  return { days: [...new Set(days)], end: j, night };
}

/** "every weekday", "on mondays and thursdays", "Monday through Friday", "from monday to friday". */
export function recogniseWeekdays(ts: Tokens, i: number): Match | null {
  let j = skip(ts, i, "only", "and", "or", "on", "every", "each", "the", "of");
  if (isWord(ts, j, "from")) {
    const a = readWeekday(ts, j + 1);
    const r = a ? rangeWord(ts, a.end) : -1;
    const b = r > 0 ? readWeekday(ts, r) : null;
    if (a && b) return { end: b.end, clauses: [{ kind: "days", field: "dow", values: weekRange(a.day, b.day) }] };
    return null;
  }
  const list = readWeekdayList(ts, j);
  if (!list) return null;
  j = list.end;
  const clauses: Clause[] = [{ kind: "days", field: "dow", values: list.days }];
  if (list.night) clauses.push({ kind: "dayPeriod", period: "night" });
  // "every day of the week" is read elsewhere; "of every week" is noise here
  const k = phrase(ts, j, "of", "every", "week");
  const k2 = phrase(ts, j, "of", "the", "week");
  return { end: k > 0 ? k : k2 > 0 ? k2 : j, clauses };
}

/** "of the month", "of each month", "in a month", "of every month", "each month" after a day. */
function readOfTheMonth(ts: Tokens, i: number): number {
  for (const lead of [["of"], ["in"], []]) {
    const j = phrase(ts, i, ...lead);
    if (j < 0) continue;
    const k = skip(ts, j, "the", "each", "every", "a", "this");
    if (k > j || lead.length > 0) {
      if (isWord(ts, k, "month", "months")) return k + 1;
    }
  }
  return -1;
}

/** A day-of-month number: "15th", "first", "twenty-first", or a plain number where `plain`. */
function readDayNumber(ts: Tokens, i: number, plain: boolean): { value: number; end: number } | null {
  const o = readOrdinal(ts, i);
  if (o) return o.value >= 1 && o.value <= 31 ? o : null;
  if (!plain) return null;
  const n = readNumber(ts, i);
  return n && n.value >= 1 && n.value <= 31 ? n : null;
}

/** "1st and 15th", "1st, 10th and 20th", "5th through 10th", "1 through 5 and 15" (plain numbers when `plain`). */
function readDayNumbers(ts: Tokens, i: number, plain: boolean): { values: number[]; end: number } | null {
  const values: number[] = [];
  let j = i;
  for (;;) {
    const a = readDayNumber(ts, skip(ts, j, "the"), plain);
    if (!a) break;
    j = a.end;
    const r = rangeWord(ts, j);
    const b = r > 0 ? readDayNumber(ts, skip(ts, r, "the"), plain) : null;
    if (b && b.value >= a.value) {
      for (let d = a.value; d <= b.value; d++) values.push(d);
      j = b.end;
    } else values.push(a.value);
    const sep = listSeparator(ts, j, false);
    if (sep < 0 || !readDayNumber(ts, skip(ts, sep, "the"), plain)) break;
    j = sep;
  }
  return values.length ? { values, end: j } : null;
}

/** A weekday word after an ordinal ("first monday", "2nd weekday") makes an nth-weekday rule. */
const startsWeekdayWord = (ts: Tokens, j: number) =>
  readWeekday(ts, j) !== null || isWord(ts, j, "weekday", "weekdays", "week", "weekend", "business", "working");

/**
 * "on the 1st", "the 1st and 15th of each month", "every 15th of the month", "the first day of the
 * month", "on day 1 and 15 of the month", "days 1-7", "between day 1 and 7 of the month",
 * "between the 1st and the 7th", "mid-month".
 */
export function recogniseMonthDays(ts: Tokens, i: number): Match | null {
  const found = (values: number[], end: number): Match => ({ end, clauses: [{ kind: "days", field: "dom", values }] });
  const ofMonth = (j: number) => {
    const k = readOfTheMonth(ts, j);
    return k > 0 ? k : j;
  };
  for (const p of [["mid-month"], ["midmonth"], ["the", "middle", "of", "the", "month"], ["middle", "of", "the", "month"], ["mid", "month"]]) {
    const k = phrase(ts, skip(ts, i, "on", "in", "at"), ...p);
    if (k > 0) return found([15], k);
  }
  // "between day 1 and 7 of the month", "between the 1st and the 7th"
  if (isWord(ts, i, "between", "from")) {
    let j = i + 1;
    const dayWord = isWord(ts, j, "day", "days");
    if (dayWord) j++;
    const a = readDayNumber(ts, skip(ts, j, "the"), dayWord);
    const k = a ? (isWord(ts, a.end, "and") ? a.end + 1 : rangeWord(ts, a.end)) : -1;
    const b = k > 0 ? readDayNumber(ts, skip(ts, k, "the", "day"), dayWord) : null;
    if (!a || !b || b.value < a.value) return null;
    // with "day" plain numbers are days; without it only ordinals are read, so "between 9 and 5" stays a time window
    const end = ofMonth(b.end);
    const values: number[] = [];
    for (let d = a.value; d <= b.value; d++) values.push(d);
    return found(values, end);
  }
  let j = skip(ts, i, "on", "every", "each");
  const every = j > i && isWord(ts, j - 1, "every", "each");
  j = skip(ts, j, "the");
  // "on day 1 of the month", "days 1 through 5 and 15"
  if (isWord(ts, j, "day", "days")) {
    const list = readDayNumbers(ts, j + 1, true);
    if (!list) return null;
    return found(list.values, ofMonth(list.end));
  }
  const list = readDayNumbers(ts, j, false);
  if (!list) return null;
  let end = list.end;
  if (startsWeekdayWord(ts, end)) return null; // "first monday": see recogniseUnsupportedDays
  if (isWord(ts, end, "day")) {
    // "every 2nd day" is an interval (intervals.ts); "the first day of the month" is a day
    const k = readOfTheMonth(ts, end + 1);
    if (k < 0 && every) return null;
    end = k > 0 ? k : end + 1;
  } else if (isWord(ts, end, "days")) {
    end = ofMonth(end + 1);
  } else end = ofMonth(end);
  return found(list.values, end);
}

const LAST_DAY = "not expressible exactly in 5-field cron: it has no \"last day of the month\" (months end on the 28th to the 31st)";
const NTH_WEEKDAY = "not expressible exactly in 5-field cron: it has no \"nth weekday of the month\" (when both day-of-month and day-of-week are set, cron runs on days matching EITHER)";

/**
 * Refuses "the last day of the month", "end of month", "the last Friday", "the first Monday of the
 * month", "Friday the 13th": each needs a calendar rule that 5-field cron does not have.
 */
export function recogniseUnsupportedDays(ts: Tokens, i: number): Match | null {
  const j = skip(ts, i, "on", "at", "every", "each", "the");
  if (isWord(ts, j, "last", "final", "penultimate")) {
    const k = skip(ts, j + 1, "business", "working", "calendar");
    const end = readOfTheMonth(ts, k + 1);
    if (isWord(ts, k, "day", "days", "weekday", "weekdays")) {
      return { end: end > 0 ? end : k + 1, clauses: [refuse(LAST_DAY, "on the 28th (the last day every month has), or on the 1st of the next month")] };
    }
    if (readWeekday(ts, k)) {
      const e = readOfTheMonth(ts, k + 1);
      return { end: e > 0 ? e : k + 1, clauses: [refuse(NTH_WEEKDAY, "every Friday (and check the date in the job)")] };
    }
    const e = readOfTheMonth(ts, k);
    if (e > 0) return { end: e, clauses: [refuse(LAST_DAY, "on the 28th, or on the 1st of the next month")] };
  }
  for (const p of [["end", "of", "the", "month"], ["end", "of", "month"], ["end", "of", "each", "month"], ["end", "of", "every", "month"], ["month", "end"], ["month-end"], ["end-of-month"], ["eom"]]) {
    const k = phrase(ts, j, ...p);
    if (k > 0) return { end: k, clauses: [refuse(LAST_DAY, "on the 28th, or on the 1st of the next month")] };
  }
  // "first monday (of the month)", "2nd tuesday", "the third weekday"
  const o = readOrdinal(ts, j);
  if (o && o.value <= 5) {
    const day = readWeekday(ts, o.end);
    if (day || isWord(ts, o.end, "weekday", "business", "working")) {
      const after = day ? day.end : skip(ts, o.end + 1, "day");
      const e = readOfTheMonth(ts, after);
      if (day || e > 0) {
        const name = day ? wordAt(ts, o.end) ?? "day" : "weekday";
        return { end: e > 0 ? e : after, clauses: [refuse(NTH_WEEKDAY, `every ${name} (and check the date in the job)`)] };
      }
    }
  }
  // "Friday the 13th"
  const day = readWeekday(ts, j);
  if (day && isWord(ts, day.end, "the")) {
    const d = readOrdinal(ts, day.end + 1);
    if (d) return { end: d.end, clauses: [refuse(NTH_WEEKDAY, "on the 13th, or every Friday (and check the other condition in the job)")] };
  }
  return null;
}
