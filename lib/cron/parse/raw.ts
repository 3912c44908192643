// A cron expression typed as is ("0 9 * * 1-5", "@cron backup 30 2 * * *"): five fields, each a
// run of characters with no space between them, accepted when the project's validator accepts it.
// Six or seven fields (seconds, Quartz years) are refused with the validator's own message. The
// expression is rewritten in numbers only ("MON-FRI" -> "1-5", "7" -> "0"), keeping whether each
// day field starts with "*" (cronie's day rule depends on it).
import { compileCron, validateCron } from "../validate";
import { refuse, type Match } from "./clauses";
import { formatField } from "./format";
import type { Token, Tokens } from "./tokens";

const FIELD = /^[0-9a-z*,\-/?#]+$/;
const LOOKS_NUMERIC = /[*\d]/;

function text(t: Token): string {
  switch (t.kind) {
    case "number":
      return t.digits;
    case "word":
    case "punct":
      return t.text;
    default:
      return " "; // anything else cannot be part of a field
  }
}

/** The run of touching tokens at `i` as one field ("*\/15", "1-5", "mon-fri"), and where it ends. */
function chunk(ts: Tokens, i: number): { field: string; end: number } {
  let field = text(ts[i]);
  let j = i + 1;
  while (j < ts.length && ts[j].start === ts[j - 1].end) field += text(ts[j++]);
  return { field, end: j };
}

export function recogniseRaw(ts: Tokens, i: number): Match | null {
  const fields: string[] = [];
  let j = i;
  while (fields.length < 7 && j < ts.length) {
    const c = chunk(ts, j);
    if (!FIELD.test(c.field) || (fields.length >= 5 && !LOOKS_NUMERIC.test(c.field))) break;
    fields.push(c.field);
    j = c.end;
  }
  if (fields.length < 5 || !LOOKS_NUMERIC.test(fields[0]) || fields.filter((f) => LOOKS_NUMERIC.test(f)).length < 3) return null;
  const v = validateCron(fields.join(" "));
  if (v.ok) return { end: j, clauses: [{ kind: "raw", expression: inNumbers(v.normalized) }] };
  return { end: j, clauses: [refuse(`not a valid cron expression: ${v.message}`, "five fields: minute hour day-of-month month day-of-week")] };
}

function inNumbers(expression: string): string {
  const c = compileCron(expression);
  const on = (flags: boolean[], from: number, to: number) => flags.flatMap((set, v) => (set && v >= from && v <= to ? [v] : []));
  return [
    formatField({ values: on(c.minutes, 0, 59), star: true }, { min: 0, max: 59 }),
    formatField({ values: on(c.hours, 0, 23), star: true }, { min: 0, max: 23 }),
    formatField({ values: on(c.daysOfMonth, 1, 31), star: !c.dayOfMonthRestricted }, { min: 1, max: 31 }),
    formatField({ values: on(c.months, 1, 12), star: true }, { min: 1, max: 12 }),
    formatField({ values: on(c.daysOfWeek, 0, 6), star: !c.dayOfWeekRestricted }, { min: 0, max: 6 }),
  ].join(" ");
}
