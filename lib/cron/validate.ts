// Strict validation of standard 5-field cron expressions (Vixie cron / cronie syntax), compiled
// into the sets of values each field allows. cron-parser accepts far more (seconds, L, #, H, ?,
// even the empty string), so nothing reaches the scheduler without passing through here.
import { FIELDS, MACROS, MAX_DAYS_IN_MONTH, MONTH_NAMES_LONG, type CronField, type FieldSpec } from "./fields";

export const MAX_EXPRESSION_LENGTH = 100;

export type CompiledCron = {
  /** Whitespace folded, macros expanded, names upper-cased. */
  normalized: string;
  minutes: boolean[];
  hours: boolean[];
  daysOfMonth: boolean[];
  months: boolean[];
  /** Indexed 0-6, Sunday = 0 (a 7 in the expression sets 0). */
  daysOfWeek: boolean[];
  /** cronie: a day field is "restricted" unless it starts with "*"; when both are, either may match. */
  dayOfMonthRestricted: boolean;
  dayOfWeekRestricted: boolean;
  // cronie's "fixed-time" job: neither the minute nor the hour field starts with "*" (so
  // "0-59/15" and "1-22/5" are fixed, "*/15" is not). Such jobs follow wall-clock time across DST
  // changes (run once at a repeated time, at the change for a skipped one); the others, cronie's
  // wildcard jobs, follow elapsed time. See docs/cron-semantics.md.
  fixedTime: boolean;
};

export type CronValidation = { ok: true; normalized: string } | { ok: false; field?: CronField; message: string };

export class CronError extends Error {
  constructor(
    message: string,
    readonly field?: CronField,
  ) {
    super(field ? `${field}: ${message}` : message);
  }
}

// Extensions other cron dialects accept, recognised so the message can say what they are.
const UNSUPPORTED_SYNTAX: [RegExp, string][] = [
  [/^(\d*L|L-?\d*|LW)$/i, '"L" (last day) is not standard cron and is not supported'],
  [/^\d+W$/i, '"W" (nearest weekday) is not standard cron and is not supported'],
  [/#/, '"#" (nth weekday of the month) is not standard cron and is not supported'],
  [/^\?$/, '"?" is Quartz syntax; use "*"'],
  [/^H(\(.*\))?$/i, '"H" (hashed values) is Jenkins syntax and is not supported'],
];

function expandMacro(text: string): string {
  const key = text.toLowerCase();
  if (MACROS[key]) return MACROS[key];
  if (key === "@reboot") throw new CronError("@reboot is not supported: Almanac runs schedules at times of day, not at startup");
  if (key.startsWith("@every")) throw new CronError("@every is not supported: use a step such as */5 in the minute field");
  throw new CronError(`unknown macro "${text}"; use @yearly, @annually, @monthly, @weekly, @daily, @midnight or @hourly`);
}

function splitFields(expression: string): string[] {
  const text = expression.trim();
  if (text === "") throw new CronError("the expression is empty");
  if (text.length > MAX_EXPRESSION_LENGTH) throw new CronError(`the expression is longer than ${MAX_EXPRESSION_LENGTH} characters`);
  const source = text.startsWith("@") ? expandMacro(text) : text;
  const parts = source.split(/\s+/);
  if (parts.length === 6) throw new CronError("6 fields: seconds are not supported: the shortest interval is one minute");
  if (parts.length === 7) throw new CronError("7 fields: Quartz expressions (with seconds and year) are not supported; use 5 fields");
  if (parts.length !== 5) {
    throw new CronError(`expected 5 fields (minute hour day-of-month month day-of-week), got ${parts.length}`);
  }
  return parts;
}

function parseValue(token: string, spec: FieldSpec): number {
  if (/^\d+$/.test(token)) {
    const n = Number(token);
    if (n < spec.min || n > spec.max) throw new CronError(`"${token}" is out of range ${spec.min}-${spec.max}`, spec.name);
    return n;
  }
  const index = spec.names?.indexOf(token.toUpperCase()) ?? -1;
  if (index >= 0) return spec.min + index;
  for (const [pattern, message] of UNSUPPORTED_SYNTAX) {
    if (pattern.test(token)) throw new CronError(message, spec.name);
  }
  const hint = spec.names ? ` (numbers ${spec.min}-${spec.max} or names ${spec.names[0]}-${spec.names.at(-1)})` : ` (numbers ${spec.min}-${spec.max})`;
  throw new CronError(`"${token}" is not a valid value${hint}`, spec.name);
}

function parseStep(token: string, item: string, spec: FieldSpec): number {
  if (!/^\d+$/.test(token)) throw new CronError(`step "${token}" in "${item}" is not a number`, spec.name);
  const step = Number(token);
  const span = spec.max - spec.min + 1;
  if (step === 0) throw new CronError(`step 0 in "${item}" never advances; use a step of 1 or more`, spec.name);
  if (step > span) throw new CronError(`step ${step} in "${item}" is larger than the ${spec.name} range ${spec.min}-${spec.max}`, spec.name);
  return step;
}

/** The values one comma-separated item allows. */
function parseItem(item: string, spec: FieldSpec): number[] {
  if (item === "") throw new CronError("empty item in a list (two commas, or a comma at an end)", spec.name);
  const [rangePart, stepPart, ...extra] = item.split("/");
  if (extra.length) throw new CronError(`"${item}" has more than one "/"`, spec.name);
  // cronie's day-of-week range is 0-7 but "*" means 0-6 (7 would repeat Sunday).
  const top = spec.name === "day of week" ? 6 : spec.max;
  let from: number;
  let to: number;
  if (rangePart === "*") {
    [from, to] = [spec.min, top];
  } else if (rangePart.includes("-")) {
    const [a, b, ...more] = rangePart.split("-");
    if (more.length || a === "" || b === "") throw new CronError(`"${item}" is not a valid range`, spec.name);
    [from, to] = [parseValue(a, spec), parseValue(b, spec)];
    if (from > to) {
      throw new CronError(`range "${rangePart}" is reversed: cron ranges do not wrap around; write ${a}-${spec.max},${spec.min}-${b}`, spec.name);
    }
  } else {
    const value = parseValue(rangePart, spec);
    if (stepPart !== undefined) {
      throw new CronError(`"${item}" is not standard cron: a step needs a range, e.g. ${rangePart}-${top}/${stepPart} or */${stepPart}`, spec.name);
    }
    return [value];
  }
  const step = stepPart === undefined ? 1 : parseStep(stepPart, item, spec);
  const values: number[] = [];
  for (let v = from; v <= to; v += step) values.push(v);
  return values;
}

function parseField(text: string, spec: FieldSpec): { allowed: boolean[]; upper: string } {
  const allowed = new Array<boolean>(spec.max + 1).fill(false);
  for (const item of text.split(",")) {
    for (const v of parseItem(item, spec)) allowed[v] = true;
  }
  return { allowed, upper: spec.names ? text.toUpperCase() : text };
}

/** Parses and checks `expression`; throws a CronError naming the field and the bad token. */
export function compileCron(expression: string): CompiledCron {
  const parts = splitFields(expression);
  const parsed = parts.map((p, i) => parseField(p, FIELDS[i]));
  const [minutes, hours, daysOfMonth, months, dowRaw] = parsed.map((p) => p.allowed);
  const daysOfWeek = dowRaw.slice(0, 7);
  if (dowRaw[7]) daysOfWeek[0] = true;
  const compiled: CompiledCron = {
    normalized: parsed.map((p) => p.upper).join(" "),
    minutes,
    hours,
    daysOfMonth,
    months,
    daysOfWeek,
    dayOfMonthRestricted: !parts[2].startsWith("*"),
    dayOfWeekRestricted: !parts[4].startsWith("*"),
    // cronie sets MIN_STAR / HR_STAR from the field's first character, nothing else.
    fixedTime: !parts[0].startsWith("*") && !parts[1].startsWith("*"),
  };
  checkCanFire(compiled);
  return compiled;
}

/** With the day of week unrestricted, some chosen month must have some chosen day. */
function checkCanFire(c: CompiledCron): void {
  if (!c.dayOfMonthRestricted || c.dayOfWeekRestricted) return;
  const chosenMonths = MONTH_NAMES_LONG.map((_, i) => i + 1).filter((m) => c.months[m]);
  const firstDay = c.daysOfMonth.findIndex((on, d) => on && d >= 1);
  if (chosenMonths.some((m) => firstDay <= MAX_DAYS_IN_MONTH[m - 1])) return;
  const names = chosenMonths.map((m) => MONTH_NAMES_LONG[m - 1]);
  const day = ordinal(firstDay);
  const reason = names.length === 1 ? `${names[0]} has no ${day}` : `none of ${names.slice(0, -1).join(", ")} and ${names.at(-1)} has a ${day}`;
  throw new CronError(`never runs: ${reason}`, "day of month");
}

export function ordinal(n: number): string {
  const suffix = n % 100 >= 11 && n % 100 <= 13 ? "th" : ["th", "st", "nd", "rd"][n % 10] ?? "th";
  return `${n}${suffix}`;
}

export function validateCron(expression: string): CronValidation {
  try {
    return { ok: true, normalized: compileCron(expression).normalized };
  } catch (err) {
    if (err instanceof CronError) return { ok: false, ...(err.field ? { field: err.field } : {}), message: err.message };
    throw err;
  }
}
