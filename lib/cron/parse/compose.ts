// Turning the clauses of one sentence into a cron expression: the minute and hour fields
// (clock-fields.ts), the calendar fields (calendar-fields.ts), and the checks that need the whole
// sentence. Rules that cannot be met throw a Refused, caught here.
import { dayFields, SIZES } from "./calendar-fields";
import type { Clause, Refusal } from "./clauses";
import { partOfDay, shiftClause, timeFields } from "./clock-fields";
import { formatField } from "./format";
import { fail, Refused } from "./fail";

export type Composed = { ok: true; expression: string } | ({ ok: false } & Refusal);

/**
 * "every monday at 9 and every friday at 5" is two schedules: cron would run both days at both
 * times. Times and days that alternate twice or more (day, time, day, time) are refused.
 */
function checkOneSchedule(clauses: readonly Clause[]): void {
  const order: ("time" | "day")[] = [];
  for (const c of clauses) {
    const kind = c.kind === "times" ? "time" : (c.kind === "days" && !c.except) || c.kind === "date" ? "day" : null;
    if (kind && order[order.length - 1] !== kind) order.push(kind);
  }
  if (order.length >= 4) {
    fail("not expressible exactly in 5-field cron: different times on different days are two schedules (cron would run every listed day at every listed time)", "one schedule per day and time, e.g. \"every monday at 9\"");
  }
}

function build(clauses: readonly Clause[]): string {
  const refusal = clauses.find((c) => c.kind === "refuse");
  if (refusal?.kind === "refuse") fail(refusal.reason, refusal.suggestion);
  const raw = clauses.flatMap((c) => (c.kind === "raw" ? [c.expression] : []));
  if (raw.length) {
    if (raw.length > 1 || clauses.some((c) => c.kind !== "raw" && c.kind !== "zone")) fail("ambiguous: a cron expression mixed with words about the schedule", raw[0]);
    return raw[0];
  }
  checkOneSchedule(clauses);
  const period = partOfDay(clauses);
  const shifted = clauses.map((c) => shiftClause(c, period));
  const time = timeFields(shifted, period);
  const days = dayFields(shifted, time.repeating);
  return [
    formatField(time.minute, { min: 0, max: 59 }),
    formatField(time.hour, { min: 0, max: 23 }),
    formatField(days.dom, SIZES.dom),
    formatField(days.month, SIZES.month),
    formatField(days.dow, SIZES.dow),
  ].join(" ");
}

/** The cron expression for the clauses of one sentence, or why there is none. */
export function compose(clauses: readonly Clause[]): Composed {
  try {
    return { ok: true, expression: build(clauses) };
  } catch (err) {
    if (err instanceof Refused) return { ok: false, ...err.refusal };
    throw err;
  }
}
