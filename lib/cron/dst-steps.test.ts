// Which jobs cronie runs "more frequently" across DST changes: only those whose minute or hour
// field starts with "*". Ranges and stepped ranges ("0-59/15", "1-22/5", "0-23/1") are fixed-time
// jobs: once in a repeated hour, at the change for a skipped one. Expected times are local time
// with its UTC offset; each list is the first runs after the start of the change day.
import { describe, expect, test } from "vitest";
import { nextRuns } from "./next-runs";
import { compileCron } from "./validate";

type Case = { expr: string; after: string; runs: string[] };
type Day = { zone: string; change: string; cases: Case[] };

const DAYS: Day[] = [
  {
    zone: "America/New_York",
    change: "spring forward 2026-03-08, 02:00 EST -> 03:00 EDT",
    cases: [
      { expr: "*/15 * * * *", after: "2026-03-08T01:30-05:00", runs: ["2026-03-08T01:45-05:00", "2026-03-08T03:00-04:00", "2026-03-08T03:15-04:00"] },
      { expr: "0-59/15 1 * * *", after: "2026-03-08T00:00-05:00", runs: ["2026-03-08T01:00-05:00", "2026-03-08T01:15-05:00", "2026-03-08T01:30-05:00", "2026-03-08T01:45-05:00", "2026-03-09T01:00-04:00"] },
      { expr: "0-59/15 2 * * *", after: "2026-03-08T00:00-05:00", runs: ["2026-03-08T03:00-04:00", "2026-03-09T02:00-04:00"] },
      { expr: "30 1-22/5 * * *", after: "2026-03-08T00:00-05:00", runs: ["2026-03-08T01:30-05:00", "2026-03-08T06:30-04:00"] },
      { expr: "30 2-22/5 * * *", after: "2026-03-08T00:00-05:00", runs: ["2026-03-08T03:00-04:00", "2026-03-08T07:30-04:00"] },
      { expr: "30 0-23/1 * * *", after: "2026-03-08T00:00-05:00", runs: ["2026-03-08T00:30-05:00", "2026-03-08T01:30-05:00", "2026-03-08T03:00-04:00", "2026-03-08T03:30-04:00"] },
      { expr: "30 * * * *", after: "2026-03-08T00:00-05:00", runs: ["2026-03-08T00:30-05:00", "2026-03-08T01:30-05:00", "2026-03-08T03:30-04:00"] },
    ],
  },
  {
    zone: "America/New_York",
    change: "fall back 2026-11-01, 02:00 EDT -> 01:00 EST",
    cases: [
      { expr: "*/15 * * * *", after: "2026-11-01T01:40-04:00", runs: ["2026-11-01T01:45-04:00", "2026-11-01T01:00-05:00", "2026-11-01T01:15-05:00"] },
      { expr: "0-59/15 1 * * *", after: "2026-11-01T00:00-04:00", runs: ["2026-11-01T01:00-04:00", "2026-11-01T01:15-04:00", "2026-11-01T01:30-04:00", "2026-11-01T01:45-04:00", "2026-11-02T01:00-05:00"] },
      { expr: "30 1-22/5 * * *", after: "2026-11-01T00:00-04:00", runs: ["2026-11-01T01:30-04:00", "2026-11-01T06:30-05:00"] },
      { expr: "30 0-23/1 * * *", after: "2026-11-01T00:00-04:00", runs: ["2026-11-01T00:30-04:00", "2026-11-01T01:30-04:00", "2026-11-01T02:30-05:00", "2026-11-01T03:30-05:00"] },
      { expr: "30 * * * *", after: "2026-11-01T00:00-04:00", runs: ["2026-11-01T00:30-04:00", "2026-11-01T01:30-04:00", "2026-11-01T01:30-05:00", "2026-11-01T02:30-05:00"] },
    ],
  },
  {
    zone: "Europe/Berlin",
    change: "spring forward 2026-03-29, 02:00 CET -> 03:00 CEST",
    cases: [
      { expr: "*/15 * * * *", after: "2026-03-29T01:30+01:00", runs: ["2026-03-29T01:45+01:00", "2026-03-29T03:00+02:00", "2026-03-29T03:15+02:00"] },
      { expr: "0-59/15 1 * * *", after: "2026-03-29T00:00+01:00", runs: ["2026-03-29T01:00+01:00", "2026-03-29T01:15+01:00", "2026-03-29T01:30+01:00", "2026-03-29T01:45+01:00", "2026-03-30T01:00+02:00"] },
      { expr: "0-59/15 2 * * *", after: "2026-03-29T00:00+01:00", runs: ["2026-03-29T03:00+02:00", "2026-03-30T02:00+02:00"] },
      { expr: "30 1-22/5 * * *", after: "2026-03-29T00:00+01:00", runs: ["2026-03-29T01:30+01:00", "2026-03-29T06:30+02:00"] },
      { expr: "30 2-22/5 * * *", after: "2026-03-29T00:00+01:00", runs: ["2026-03-29T03:00+02:00", "2026-03-29T07:30+02:00"] },
      { expr: "30 0-23/1 * * *", after: "2026-03-29T00:00+01:00", runs: ["2026-03-29T00:30+01:00", "2026-03-29T01:30+01:00", "2026-03-29T03:00+02:00", "2026-03-29T03:30+02:00"] },
      { expr: "30 * * * *", after: "2026-03-29T00:00+01:00", runs: ["2026-03-29T00:30+01:00", "2026-03-29T01:30+01:00", "2026-03-29T03:30+02:00"] },
    ],
  },
  {
    zone: "Europe/Berlin",
    change: "fall back 2026-10-25, 03:00 CEST -> 02:00 CET",
    cases: [
      { expr: "*/15 * * * *", after: "2026-10-25T02:40+02:00", runs: ["2026-10-25T02:45+02:00", "2026-10-25T02:00+01:00", "2026-10-25T02:15+01:00"] },
      { expr: "0-59/15 1 * * *", after: "2026-10-25T00:00+02:00", runs: ["2026-10-25T01:00+02:00", "2026-10-25T01:15+02:00", "2026-10-25T01:30+02:00", "2026-10-25T01:45+02:00", "2026-10-26T01:00+01:00"] },
      { expr: "0-59/15 2 * * *", after: "2026-10-25T00:00+02:00", runs: ["2026-10-25T02:00+02:00", "2026-10-25T02:15+02:00", "2026-10-25T02:30+02:00", "2026-10-25T02:45+02:00", "2026-10-26T02:00+01:00"] },
      { expr: "30 1-22/5 * * *", after: "2026-10-25T00:00+02:00", runs: ["2026-10-25T01:30+02:00", "2026-10-25T06:30+01:00"] },
      { expr: "30 2-22/5 * * *", after: "2026-10-25T00:00+02:00", runs: ["2026-10-25T02:30+02:00", "2026-10-25T07:30+01:00"] },
      { expr: "30 0-23/1 * * *", after: "2026-10-25T00:00+02:00", runs: ["2026-10-25T00:30+02:00", "2026-10-25T01:30+02:00", "2026-10-25T02:30+02:00", "2026-10-25T03:30+01:00"] },
      { expr: "30 * * * *", after: "2026-10-25T00:00+02:00", runs: ["2026-10-25T00:30+02:00", "2026-10-25T01:30+02:00", "2026-10-25T02:30+02:00", "2026-10-25T02:30+01:00", "2026-10-25T03:30+01:00"] },
    ],
  },
];

describe.each(DAYS)("$zone, $change", ({ zone, cases }) => {
  test.each(cases)("$expr", ({ expr, after, runs }) => {
    const actual = nextRuns(expr, zone, new Date(after), runs.length).map((d) => d.toISOString());
    expect(actual).toEqual(runs.map((r) => new Date(r).toISOString()));
  });
});

test("a job is fixed-time unless its minute or hour field starts with *, as in cronie", () => {
  const fixed = (expr: string) => compileCron(expr).fixedTime;
  expect(fixed("30 2 * * *")).toBe(true);
  expect(fixed("0-59/5 1 * * *")).toBe(true);
  expect(fixed("30 1-22/5 * * *")).toBe(true);
  expect(fixed("0 9-17 * * 1-5")).toBe(true);
  // The first character decides, even when a later item of the list is a wildcard step.
  expect(fixed("0,*/20 3 * * *")).toBe(true);
  expect(fixed("*/5 1 * * *")).toBe(false);
  expect(fixed("0 */2 * * *")).toBe(false);
  expect(fixed("30 * * * *")).toBe(false);
  expect(fixed("@hourly")).toBe(false);
  expect(fixed("@daily")).toBe(true);
});
