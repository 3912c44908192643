// Exclusions: "every day except Sunday", "weekdays but not Friday", "except in August",
// "excluding the 1st". The excluded values are subtracted from their field by compose.ts.
import { refuse, type Clause, type Match } from "./clauses";
import { recogniseMonthDays } from "./days";
import { recogniseHoliday } from "./holidays";
import { readWeekdayList } from "./days";
import { recogniseMonths } from "./months";
import { isWord, phrase, skip, type Tokens } from "./tokens";

const LEADS = [["except", "for"], ["except"], ["excluding"], ["but", "not"], ["but"], ["not", "on"], ["not", "in"], ["other", "than"], ["apart", "from"], ["besides"], ["without"], ["skipping"], ["skip"]];

export function recogniseExcept(ts: Tokens, i: number): Match | null {
  let j = -1;
  for (const lead of LEADS) {
    j = phrase(ts, i, ...lead);
    if (j > 0) break;
  }
  if (j < 0) return null;
  j = skip(ts, j, "on", "in", "during", "the");
  if (isWord(ts, j, "holidays", "holiday", "public", "bank")) {
    return { end: j + 1, clauses: [refuse("not expressible in 5-field cron: it has no calendar of holidays", "the schedule without the exception (and skip holidays in the job)")] };
  }
  // "except on Christmas": cron can leave out a day of every month or a whole month, not one date
  const holiday = recogniseHoliday(ts, j);
  if (holiday) {
    return { end: holiday.end, clauses: [refuse("not expressible in 5-field cron: it cannot leave out one date of the year (leaving out the day of the month skips it in every month)", "the schedule without the exception (and skip the date in the job)")] };
  }
  const days = readWeekdayList(ts, j);
  if (days) return { end: days.end, clauses: [{ kind: "days", field: "dow", values: days.days, except: true }] };
  const asExcept = (m: Match | null): Match | null =>
    m && m.clauses.every((c) => c.kind === "days")
      ? { end: m.end, clauses: m.clauses.map((c): Clause => (c.kind === "days" ? { ...c, except: true, every: false } : c)) }
      : null;
  return asExcept(recogniseMonths(ts, j)) ?? asExcept(recogniseMonthDays(ts, j));
}
