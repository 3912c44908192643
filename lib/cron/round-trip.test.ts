// The round trip: for every expression in a corpus of real-world crons, reading back the text
// describeCron() writes for it must give an expression with the same next 50 fire times. Fire
// times come from parse/fire-oracle.ts, a naive calendar walk independent of next-runs.ts.
import { readFileSync } from "node:fs";
import path from "node:path";
import fc from "fast-check";
import { expect, test } from "vitest";
import { describeCron } from "./describe";
import { parseSchedule } from "./parse-schedule";
import { fireTimes, sameFireTimes } from "./parse/fire-oracle";
import { validateCron } from "./validate";

const CORPUS_FILE = path.resolve(import.meta.dirname, "corpus/real-world.txt");

const corpus = [
  ...new Set(
    readFileSync(CORPUS_FILE, "utf8")
      .split("\n")
      .map((line) => line.replace(/#.*/, "").trim().replace(/\s+/g, " "))
      .filter(Boolean),
  ),
];

const REQUIRED_RATE = 0.95;

test("the corpus holds at least 300 distinct valid expressions, each of which fires", () => {
  expect(corpus.length).toBeGreaterThanOrEqual(300);
  const invalid = corpus.filter((e) => !validateCron(e).ok);
  expect(invalid).toEqual([]);
  const silent = corpus.filter((e) => fireTimes(e, 1).length === 0);
  expect(silent).toEqual([]);
});

test.each([
  { mode: "12-hour", use24HourTime: false },
  { mode: "24-hour", use24HourTime: true },
])("round trip through describeCron ($mode): at least 95% read back to the same fire times", ({ mode, use24HourTime }) => {
  const failures: string[] = [];
  for (const expression of corpus) {
    const text = describeCron(expression, "UTC", { use24HourTime });
    const result = parseSchedule(text);
    if (!result.ok) failures.push(`${expression}  | ${text}  -> refused: ${result.reason}`);
    else if (!sameFireTimes(expression, result.cronExpression)) failures.push(`${expression}  | ${text}  -> ${result.cronExpression} (different fire times)`);
    else if (result.timezone !== "UTC") failures.push(`${expression}  | ${text}  -> zone ${String(result.timezone)}`);
  }
  const passed = corpus.length - failures.length;
  console.log(`round trip: ${passed}/${corpus.length} (${((100 * passed) / corpus.length).toFixed(1)}%) [${mode} clock]`);
  if (failures.length) console.log(`round-trip failures (${mode}):\n  ${failures.join("\n  ")}`);
  expect(passed / corpus.length).toBeGreaterThanOrEqual(REQUIRED_RATE);
});

test("the zone in the description comes back, canonical", () => {
  for (const zone of ["Europe/Berlin", "America/New_York", "Asia/Tokyo", "UTC"]) {
    const r = parseSchedule(describeCron("30 6 * * 1-5", zone));
    expect(r.ok && r.timezone === zone && sameFireTimes(r.cronExpression, "30 6 * * 1-5")).toBe(true);
  }
});

// Beyond the corpus: expressions of the shapes crontabs use (a value, a list, a range, a range
// plus a value, a step, a stepped range), drawn at random with a fixed seed. Month steps that do
// not divide 12 ("*/5") are left out: "every 5 months" is refused on purpose, because a month step
// restarts every January and cronstrue does not list the months it means.
const value = (min: number, max: number) => fc.integer({ min, max });
const ascending = (min: number, max: number) => fc.tuple(value(min, max), value(min, max)).filter(([a, b]) => a < b);
function shapedField(min: number, max: number, steps: number[]): fc.Arbitrary<string> {
  return fc.oneof(
    fc.constant("*"),
    value(min, max).map(String),
    fc.uniqueArray(value(min, max), { minLength: 2, maxLength: 4 }).map((vs) => vs.sort((a, b) => a - b).join(",")),
    ascending(min, max).map(([a, b]) => `${a}-${b}`),
    ascending(min, max - 2).map(([a, b]) => `${a}-${b},${max}`),
    fc.constantFrom(...steps).map((n) => `*/${n}`),
    fc.tuple(ascending(min, max), fc.constantFrom(...steps)).map(([[a, b], n]) => `${a}-${b}/${n}`),
  );
}
const shapedCron = fc
  .tuple(shapedField(0, 59, [2, 5, 7, 10, 15, 20, 30]), shapedField(0, 23, [2, 3, 4, 5, 6, 12]), shapedField(1, 31, [2, 3, 7, 10]), shapedField(1, 12, [2, 3, 4, 6]), shapedField(0, 6, [2, 3]))
  .map((fields) => fields.join(" "))
  .filter((e) => validateCron(e).ok && fireTimes(e, 1).length > 0);

test("round trip through describeCron for 1000 generated expressions of common shapes", () => {
  const failures: string[] = [];
  const samples = fc.sample(shapedCron, { numRuns: 500, seed: 42 });
  for (const expression of samples) {
    for (const use24HourTime of [false, true]) {
      const text = describeCron(expression, "UTC", { use24HourTime });
      const r = parseSchedule(text);
      if (!r.ok || !sameFireTimes(expression, r.cronExpression)) failures.push(`${expression}  | ${text}  -> ${r.ok ? r.cronExpression : `refused: ${r.reason}`}`);
    }
  }
  const total = samples.length * 2;
  console.log(`round trip (generated): ${total - failures.length}/${total}${failures.length ? `\n  ${failures.join("\n  ")}` : ""}`);
  expect(failures).toEqual([]);
});
