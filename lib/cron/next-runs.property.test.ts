// nextRuns against a brute-force reference written here: walk every real minute, read its local
// wall time with Intl, and keep the minutes whose wall time matches (cronie's day rule). Random
// expressions are generated together with the value sets they mean, so the reference parses
// nothing. Elapsed-time jobs follow exactly this rule even across DST changes, so for them the
// windows may include changes; fixed-time jobs are compared away from changes (their DST rules
// have explicit tests in next-runs.test.ts).
import fc from "fast-check";
import { expect, test } from "vitest";
import { nextRuns } from "./next-runs";
import { validateCron } from "./validate";

const ZONES = ["UTC", "America/New_York", "Europe/London", "Australia/Lord_Howe", "Pacific/Chatham", "Asia/Kolkata", "Asia/Kathmandu", "America/St_Johns", "Europe/Berlin"];
const MINUTE = 60_000;

type Field = { text: string; values: Set<number> };
const range = (a: number, b: number, step = 1) => Array.from({ length: Math.floor((b - a) / step) + 1 }, (_, i) => a + i * step);

/** One comma-separated item of a field with bounds [min, max], with the values it stands for. */
function item(min: number, max: number, starTop = max): fc.Arbitrary<Field> {
  const value = fc.integer({ min, max });
  const step = fc.integer({ min: 1, max: Math.max(1, Math.floor((max - min + 1) / 2)) });
  return fc.oneof(
    fc.constant({ text: "*", values: new Set(range(min, starTop)) }),
    step.map((s) => ({ text: `*/${s}`, values: new Set(range(min, starTop, s)) })),
    value.map((v) => ({ text: `${v}`, values: new Set([v]) })),
    fc.tuple(value, value).map(([a, b]) => {
      const [lo, hi] = a <= b ? [a, b] : [b, a];
      return { text: `${lo}-${hi}`, values: new Set(range(lo, hi)) };
    }),
    fc.tuple(value, value, step).map(([a, b, s]) => {
      const [lo, hi] = a <= b ? [a, b] : [b, a];
      return { text: `${lo}-${hi}/${s}`, values: new Set(range(lo, hi, s)) };
    }),
  );
}

function field(min: number, max: number, starTop = max, weightStar = 1): fc.Arbitrary<Field> {
  const list = fc.array(item(min, max, starTop), { minLength: 1, maxLength: 3 }).map((items) => ({
    text: items.map((i) => i.text).join(","),
    values: new Set(items.flatMap((i) => [...i.values])),
  }));
  return fc.oneof({ arbitrary: fc.constant({ text: "*", values: new Set(range(min, starTop)) }), weight: weightStar }, { arbitrary: list, weight: 3 });
}

const cronArb = fc.record({
  minute: field(0, 59),
  hour: field(0, 23),
  dom: field(1, 31, 31, 6),
  month: field(1, 12, 12, 6),
  dow: field(0, 7, 6, 3),
});
type Expr = { minute: Field; hour: Field; dom: Field; month: Field; dow: Field };

const text = (e: Expr) => [e.minute, e.hour, e.dom, e.month, e.dow].map((f) => f.text).join(" ");
// cronie's fixed-time jobs: neither the minute nor the hour field starts with "*".
const isFixed = (e: Expr) => !e.minute.text.startsWith("*") && !e.hour.text.startsWith("*");

const formatters = new Map<string, Intl.DateTimeFormat>();
function wall(t: number, zone: string) {
  let f = formatters.get(zone);
  if (!f) {
    f = new Intl.DateTimeFormat("en-US", { timeZone: zone, hourCycle: "h23", year: "numeric", month: "numeric", day: "numeric", hour: "numeric", minute: "numeric", weekday: "short" });
    formatters.set(zone, f);
  }
  const p = Object.fromEntries(f.formatToParts(new Date(t)).map((x) => [x.type, x.value]));
  const dow = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"].indexOf(p.weekday);
  return { minute: +p.minute, hour: +p.hour % 24, day: +p.day, month: +p.month, dow };
}

function matches(e: Expr, t: number, zone: string): boolean {
  const w = wall(t, zone);
  if (!e.minute.values.has(w.minute) || !e.hour.values.has(w.hour) || !e.month.values.has(w.month)) return false;
  const dom = e.dom.values.has(w.day);
  const dow = e.dow.values.has(w.dow) || (w.dow === 0 && e.dow.values.has(7));
  return !e.dom.text.startsWith("*") && !e.dow.text.startsWith("*") ? dom || dow : dom && dow;
}

function bruteForce(e: Expr, zone: string, after: number, windowMinutes: number, limit: number): number[] {
  const out: number[] = [];
  for (let t = Math.floor(after / MINUTE) * MINUTE + MINUTE; t <= after + windowMinutes * MINUTE && out.length < limit; t += MINUTE) {
    if (matches(e, t, zone)) out.push(t);
  }
  return out;
}

const offsetChanges = (zone: string, from: number, to: number) => {
  const off = (t: number) => {
    const w = wall(t, zone);
    return Date.UTC(2000, 0, 1, w.hour, w.minute) - Date.UTC(2000, 0, 1, new Date(t).getUTCHours(), new Date(t).getUTCMinutes());
  };
  return off(from) !== off(to);
};

// 2026-2028, with extra weight on the weeks around DST changes.
const instant = fc.oneof(
  fc.integer({ min: Date.UTC(2026, 0, 1), max: Date.UTC(2028, 11, 31) }),
  fc.constantFrom(Date.UTC(2026, 2, 8, 5), Date.UTC(2026, 9, 31, 22), Date.UTC(2026, 3, 4, 12), Date.UTC(2026, 8, 26, 12), Date.UTC(2026, 2, 29, 0), Date.UTC(2026, 9, 24, 23)),
);

const WINDOW = 3 * 24 * 60; // minutes

test("nextRuns agrees with the minute-by-minute reference over random expressions, zones and instants", () => {
  fc.assert(
    fc.property(cronArb, fc.constantFrom(...ZONES), instant, (e, zone, after) => {
      fc.pre(validateCron(text(e)).ok); // e.g. "0 0 31 4 *" never runs and is refused
      if (isFixed(e)) fc.pre(!offsetChanges(zone, after, after + WINDOW * MINUTE));
      const expected = bruteForce(e, zone, after, WINDOW, 200);
      const actual = nextRuns(text(e), zone, new Date(after), 200)
        .map((d) => d.getTime())
        .filter((t) => t <= after + WINDOW * MINUTE);
      expect(actual).toEqual(expected);
    }),
    { numRuns: 150 },
  );
});

/** The reference's first match, stepping over whole non-matching days (zones without DST only). */
function firstMatchByDays(e: Expr, zone: string, offsetMinutes: number, after: number): number | null {
  const DAY = 86_400_000;
  const offset = offsetMinutes * MINUTE;
  const firstWallDay = Math.floor((after + offset) / DAY) * DAY;
  // As far as nextRuns looks: a whole 400-year cycle of the calendar.
  for (let i = 0; i < 401 * 366; i++) {
    const day = new Date(firstWallDay + i * DAY); // wall date read as UTC
    const dom = e.dom.values.has(day.getUTCDate());
    const dow = e.dow.values.has(day.getUTCDay()) || (day.getUTCDay() === 0 && e.dow.values.has(7));
    const dayOk = !e.dom.text.startsWith("*") && !e.dow.text.startsWith("*") ? dom || dow : dom && dow;
    if (!dayOk || !e.month.values.has(day.getUTCMonth() + 1)) continue;
    for (let m = 0; m < 1440; m++) {
      const t = day.getTime() - offset + m * MINUTE;
      if (t > after && matches(e, t, zone)) return t;
    }
  }
  return null;
}

test("the first run, however far away, is the reference's first match", () => {
  fc.assert(
    fc.property(cronArb, fc.constantFrom(["UTC", 0] as const, ["Asia/Kolkata", 330] as const), instant, (e, [zone, offset], after) => {
      fc.pre(validateCron(text(e)).ok); // e.g. "0 0 31 4 *" never runs and is refused
      const [first] = nextRuns(text(e), zone, new Date(after), 1);
      expect(first?.getTime() ?? null).toBe(firstMatchByDays(e, zone, offset, after));
    }),
    { numRuns: 150 },
  );
});
