// The scanner: at each token, every recogniser is tried and the longest phrase wins (the first
// listed wins a tie, so "every second" is an interval before it is a day of the month). Glue words
// ("at", "the", "please", ",") are skipped; any other token no recogniser reads is "unknown", which
// names.ts uses to find the task name.
import type { Clause, Recogniser } from "./clauses";
import { recogniseMonthDays, recogniseUnsupportedDays, recogniseWeekdays } from "./days";
import { recogniseExcept } from "./except";
import { recogniseHoliday } from "./holidays";
import { recogniseAdverb, recogniseEvery, recogniseIntervalPhrase, recogniseStartOf, recogniseTimesPer } from "./intervals";
import { recogniseDate, recogniseMonths } from "./months";
import { recogniseRaw } from "./raw";
import { recogniseRefusals } from "./non-schedules";
import { recogniseMinutesPast, recognisePartOfDay, recogniseTimes, recogniseWindow } from "./times";
import type { Tokens } from "./tokens";
import { recogniseZone } from "./zones";

const RECOGNISERS: readonly Recogniser[] = [
  recogniseEvery,
  recogniseIntervalPhrase,
  recogniseAdverb,
  recogniseTimesPer,
  recogniseStartOf,
  recogniseUnsupportedDays,
  recogniseMinutesPast,
  recogniseTimes,
  recogniseWindow,
  recognisePartOfDay,
  recogniseHoliday,
  recogniseWeekdays,
  recogniseMonthDays,
  recogniseDate,
  recogniseMonths,
  recogniseExcept,
  recogniseZone,
  recogniseRefusals,
  recogniseRaw,
];

/** Words that carry no schedule of their own: skipped between phrases. */
export const GLUE_WORDS = new Set([
  "a", "an", "the", "at", "on", "in", "of", "and", "or", "also", "plus", "then", "every", "each", "to", "for",
  "run", "runs", "running", "execute", "executed", "trigger", "triggered", "fire", "fires", "please", "pls",
  "cron", "crontab", "schedule", "scheduled", "it", "should", "be", "must", "will", "do", "is",
  "exactly", "precisely", "sharp", "only", "time", "times", "starting", "o", "clock",
]);

export type Scan = {
  clauses: Clause[];
  /** Indices of the tokens that no recogniser read and that are not glue. */
  unknown: number[];
};

export function scan(ts: Tokens): Scan {
  const clauses: Clause[] = [];
  const unknown: number[] = [];
  let i = 0;
  while (i < ts.length) {
    let best: { end: number; clauses: Clause[] } | null = null;
    for (const r of RECOGNISERS) {
      const m = r(ts, i);
      if (m && m.end > i && (!best || m.end > best.end)) best = m;
    }
    if (best) {
      clauses.push(...best.clauses);
      i = best.end;
      continue;
    }
    const t = ts[i];
    if (t.kind === "punct" ? t.text !== "*" : t.kind === "word" && GLUE_WORDS.has(t.text)) {
      i++;
      continue;
    }
    unknown.push(i);
    i++;
  }
  return { clauses, unknown };
}
