// The day-of-month, month and day-of-week fields, with cron's defaults: Sunday for "weekly", the
// 1st for "monthly", January for "yearly", and the 1st when a month itself repeats ("every 3
// months", "every December"). A day field stays "*" (unrestricted, for cronie's either-day rule)
// unless the sentence restricts it.
import type { Clause, DayField } from "./clauses";
import type { FieldValues } from "./format";
import { fail } from "./fail";
import { keepEvery, range, unique } from "./sets";

export const SIZES: Record<DayField, { min: number; max: number }> = { dom: { min: 1, max: 31 }, month: { min: 1, max: 12 }, dow: { min: 0, max: 6 } };

function calendarField(clauses: readonly Clause[], field: DayField): FieldValues | undefined {
  const { min, max } = SIZES[field];
  const included: number[] = [];
  const excluded = new Set<number>();
  for (const c of clauses) {
    if (c.kind === "days" && c.field === field) {
      if (c.except) c.values.forEach((v) => excluded.add(v));
      else included.push(...c.values);
    }
  }
  const stepClauses = clauses.flatMap((c) => (c.kind === "step" && c.field === field ? [c] : []));
  const steps = unique(stepClauses.map((c) => c.step));
  if (steps.length > 1) fail("ambiguous: two different intervals are given", "one interval");
  let values: number[] | undefined = included.length ? unique(included) : undefined;
  let star = values === undefined;
  const inexact = stepClauses[0]?.inexact;
  if (inexact && !values) fail(inexact.reason, inexact.suggestion);
  if (steps.length) {
    values = values ? keepEvery(values, steps[0], max - min + 1) : range(min, max, steps[0]);
  }
  if (excluded.size) {
    values = (values ?? range(min, max)).filter((v) => !excluded.has(v));
    star = false;
    if (values.length === 0) fail("nothing is left after the exception", "fewer exceptions");
  }
  return values === undefined ? undefined : { values, star };
}

export type DayFields = { dom: FieldValues; month: FieldValues; dow: FieldValues };

export function dayFields(clauses: readonly Clause[], repeating: boolean): DayFields {
  const dates = clauses.flatMap((c) => (c.kind === "date" ? [c] : []));
  let extra: Clause[] = [];
  if (dates.length) {
    if (clauses.some((c) => c.kind === "days" && !c.except && (c.field === "dom" || c.field === "month"))) {
      fail("not expressible exactly in 5-field cron: dates mixed with other days of the month or months", "one schedule per date");
    }
    const months = unique(dates.map((d) => d.month));
    const days = unique(dates.map((d) => d.day));
    if (months.length * days.length !== unique(dates.map((d) => `${d.month}/${d.day}`)).length) {
      fail("not expressible exactly in 5-field cron: those dates need different days in different months", "one schedule per date");
    }
    extra = [{ kind: "days", field: "month", values: months }, { kind: "days", field: "dom", values: days }];
  }
  const all = [...clauses, ...extra];
  let dom = calendarField(all, "dom");
  let month = calendarField(all, "month");
  let dow = calendarField(all, "dow");
  const periods = new Set(all.flatMap((c) => (c.kind === "period" ? [c.unit] : [])));
  const daily = all.some((c) => c.kind === "daily");
  const noDay = () => dom === undefined && dow === undefined;
  const first = (): FieldValues => ({ values: [1], star: false });
  if (periods.has("week") && noDay()) dow = { values: [0], star: false };
  if (periods.has("month") && dow !== undefined && dom === undefined && !daily) {
    fail('not expressible exactly in 5-field cron: "monthly" on a weekday means the nth weekday of the month', "every monday, or monthly on the 1st");
  }
  if (periods.has("quarter")) month ??= { values: [1, 4, 7, 10], star: false };
  if (periods.has("half-year")) month ??= { values: [1, 7], star: false };
  if (periods.has("year")) month ??= first();
  const monthly = periods.has("month") || periods.has("quarter") || periods.has("half-year") || periods.has("year");
  // "every 3 months" or "every December" repeats the month: once in it, on the 1st, unless a day is said
  const monthRepeats = all.some((c) => (c.kind === "step" && c.field === "month") || (c.kind === "days" && c.field === "month" && c.every));
  if (noDay() && (monthly || (monthRepeats && !daily && !repeating))) dom = first();
  return {
    dom: dom ?? { values: range(1, 31), star: true },
    month: month ?? { values: range(1, 12), star: true },
    dow: dow ?? { values: range(0, 6), star: true },
  };
}
