// Fire times on the days clocks change, in zones with 1-hour, 30-minute and 45-minute-offset
// changes, for 2026 and 2027. Expected times are written as local time with its UTC offset.
import { describe, expect, test } from "vitest";
import { nextRun, nextRuns } from "./next-runs";

const at = (isoWithOffset: string) => new Date(isoWithOffset);
const runs = (expr: string, tz: string, after: string, count: number) => nextRuns(expr, tz, at(after), count).map((d) => d.getTime());
const times = (...isos: string[]) => isos.map((s) => at(s).getTime());

type ZoneDays = {
  zone: string;
  std: string;
  dst: string;
  /** Spring forward: wall times [gap0, gap1) do not exist. */
  spring: string;
  gap0: string;
  gap1: string;
  /** Fall back: wall times [rep0, rep1) happen twice. */
  fall: string;
  rep0: string;
  rep1: string;
};

const ZONES: ZoneDays[] = [
  { zone: "America/New_York", std: "-05:00", dst: "-04:00", spring: "2026-03-08", gap0: "02:00", gap1: "03:00", fall: "2026-11-01", rep0: "01:00", rep1: "02:00" },
  { zone: "America/New_York", std: "-05:00", dst: "-04:00", spring: "2027-03-14", gap0: "02:00", gap1: "03:00", fall: "2027-11-07", rep0: "01:00", rep1: "02:00" },
  { zone: "Europe/London", std: "+00:00", dst: "+01:00", spring: "2026-03-29", gap0: "01:00", gap1: "02:00", fall: "2026-10-25", rep0: "01:00", rep1: "02:00" },
  { zone: "Europe/London", std: "+00:00", dst: "+01:00", spring: "2027-03-28", gap0: "01:00", gap1: "02:00", fall: "2027-10-31", rep0: "01:00", rep1: "02:00" },
  { zone: "Australia/Lord_Howe", std: "+10:30", dst: "+11:00", spring: "2026-10-04", gap0: "02:00", gap1: "02:30", fall: "2026-04-05", rep0: "01:30", rep1: "02:00" },
  { zone: "Australia/Lord_Howe", std: "+10:30", dst: "+11:00", spring: "2027-10-03", gap0: "02:00", gap1: "02:30", fall: "2027-04-04", rep0: "01:30", rep1: "02:00" },
  { zone: "Pacific/Chatham", std: "+12:45", dst: "+13:45", spring: "2026-09-27", gap0: "02:45", gap1: "03:45", fall: "2026-04-05", rep0: "02:45", rep1: "03:45" },
  { zone: "Pacific/Chatham", std: "+12:45", dst: "+13:45", spring: "2027-09-26", gap0: "02:45", gap1: "03:45", fall: "2027-04-04", rep0: "02:45", rep1: "03:45" },
];

/** "HH:MM" plus minutes, as "HH:MM" (same day; the cases stay within it). */
function plus(hhmm: string, minutes: number): string {
  const [h, m] = hhmm.split(":").map(Number);
  const total = h * 60 + m + minutes;
  return `${String(Math.floor(total / 60)).padStart(2, "0")}:${String(total % 60).padStart(2, "0")}`;
}
const nextDay = (date: string) => new Date(Date.parse(date) + 86_400_000).toISOString().slice(0, 10);
const cronAt = (hhmm: string) => `${Number(hhmm.split(":")[1])} ${Number(hhmm.split(":")[0])} * * *`;

describe.each(ZONES)("$zone, spring $spring, fall $fall", (z) => {
  test("a fixed time skipped by spring-forward runs at the moment of the change, once", () => {
    const expr = cronAt(plus(z.gap0, 15));
    expect(runs(expr, z.zone, `${z.spring}T00:00${z.std}`, 2)).toEqual(times(`${z.spring}T${z.gap1}${z.dst}`, `${nextDay(z.spring)}T${plus(z.gap0, 15)}${z.dst}`));
  });

  test("two fixed times in the gap still give a single run at the change", () => {
    const [h0, m0] = z.gap0.split(":").map(Number);
    const expr = `${m0},${m0 + 10} ${h0} * * *`;
    expect(runs(expr, z.zone, `${z.spring}T00:00${z.std}`, 2)).toEqual(times(`${z.spring}T${z.gap1}${z.dst}`, `${nextDay(z.spring)}T${z.gap0}${z.dst}`));
  });

  test("an elapsed-time job has no runs in the skipped wall times", () => {
    expect(runs("*/15 * * * *", z.zone, `${z.spring}T${plus(z.gap0, -20)}${z.std}`, 3)).toEqual(
      times(`${z.spring}T${plus(z.gap0, -15)}${z.std}`, `${z.spring}T${z.gap1}${z.dst}`, `${z.spring}T${plus(z.gap1, 15)}${z.dst}`),
    );
  });

  test("a fixed time repeated by fall-back runs once, at its first occurrence", () => {
    const when = plus(z.rep0, 15);
    expect(runs(cronAt(when), z.zone, `${z.fall}T00:00${z.dst}`, 2)).toEqual(times(`${z.fall}T${when}${z.dst}`, `${nextDay(z.fall)}T${when}${z.std}`));
  });

  test("asked during the repeated stretch, after the first occurrence, the fixed job waits for the next day", () => {
    const when = plus(z.rep0, 15);
    // The second pass through the repeated wall times, before `when` comes round again.
    expect(runs(cronAt(when), z.zone, `${z.fall}T${plus(z.rep0, 5)}${z.std}`, 1)).toEqual(times(`${nextDay(z.fall)}T${when}${z.std}`));
  });

  test("an elapsed-time job runs again when the wall times repeat", () => {
    const first = plus(z.rep0, 15);
    const expr = `${Number(first.split(":")[1])} * * * *`;
    // The same wall time in both offsets (the repeated stretch happens twice), then an hour on.
    expect(runs(expr, z.zone, `${z.fall}T${plus(z.rep0, 5)}${z.dst}`, 3)).toEqual(
      times(`${z.fall}T${first}${z.dst}`, `${z.fall}T${first}${z.std}`, `${z.fall}T${plus(first, 60)}${z.std}`),
    );
  });
});

test("02:30 America/New_York on 2026-03-08 runs at 03:00 EDT", () => {
  expect(nextRun("30 2 * * *", "America/New_York", at("2026-03-08T00:00-05:00"))?.toISOString()).toBe("2026-03-08T07:00:00.000Z");
});

test("an hourly job runs at 01:00 EDT and again at 01:00 EST on fall-back day, and skips 02:00 on spring-forward day", () => {
  expect(runs("0 * * * *", "America/New_York", "2026-11-01T00:30-04:00", 3)).toEqual(times("2026-11-01T01:00-04:00", "2026-11-01T01:00-05:00", "2026-11-01T02:00-05:00"));
  expect(runs("0 * * * *", "America/New_York", "2026-03-08T00:30-05:00", 3)).toEqual(times("2026-03-08T01:00-05:00", "2026-03-08T03:00-04:00", "2026-03-08T04:00-04:00"));
});

test("runs are strictly after `after`, also when it is exactly a fire time", () => {
  expect(runs("0 0 * * *", "UTC", "2026-11-21T00:00:00Z", 1)).toEqual(times("2026-11-22T00:00Z"));
  expect(runs("* * * * *", "UTC", "2026-11-21T00:00:30Z", 2)).toEqual(times("2026-11-21T00:01Z", "2026-11-21T00:02Z"));
});

test("day of month and day of week: either when both are restricted, both when one starts with *", () => {
  // 2026-11: the 1st is a Sunday; Mondays are 2, 9, 16...
  expect(runs("0 0 1 * MON", "UTC", "2026-10-31T12:00Z", 3)).toEqual(times("2026-11-01T00:00Z", "2026-11-02T00:00Z", "2026-11-09T00:00Z"));
  // */2 starts with "*": cronie treats it as unrestricted, so both must match (odd days that are Mondays)
  expect(runs("0 0 */2 * MON", "UTC", "2026-10-31T12:00Z", 3)).toEqual(times("2026-11-09T00:00Z", "2026-11-23T00:00Z", "2026-12-07T00:00Z"));
});

test("29 February comes round in leap years only; 7 is Sunday", () => {
  expect(runs("0 12 29 2 *", "Europe/Paris", "2026-11-21T00:00Z", 2)).toEqual(times("2028-02-29T12:00+01:00", "2032-02-29T12:00+01:00"));
  expect(runs("0 9 * * 7", "UTC", "2026-11-21T00:00Z", 1)).toEqual(times("2026-11-22T09:00Z"));
});

test("zones with 30- and 45-minute offsets", () => {
  expect(runs("0 9 * * *", "Asia/Kolkata", "2026-11-21T00:00Z", 1)).toEqual(times("2026-11-21T09:00+05:30"));
  expect(runs("0 9 * * *", "Asia/Kathmandu", "2026-11-21T00:00Z", 1)).toEqual(times("2026-11-21T09:00+05:45"));
});

test("zone names are accepted in any case; unknown zones and bad counts are refused clearly", () => {
  expect(runs("0 0 * * *", "europe/paris", "2026-11-21T00:00Z", 1)).toEqual(times("2026-11-22T00:00+01:00"));
  expect(() => nextRuns("0 0 * * *", "Mars/Olympus_Mons", new Date(), 1)).toThrow(/unknown time zone "Mars\/Olympus_Mons"/);
  expect(() => nextRuns("0 0 * * *", "+05:00", new Date(), 1)).toThrow(/unknown time zone/);
  expect(() => nextRuns("61 0 * * *", "UTC", new Date(), 1)).toThrow(/minute: "61" is out of range/);
  expect(() => nextRuns("0 0 * * *", "UTC", new Date(), 1001)).toThrow(/count/);
  expect(() => nextRuns("0 0 * * *", "UTC", new Date("nope"), 1)).toThrow(/valid date/);
});

test("many runs come back in strictly increasing order", () => {
  const list = runs("*/7 */3 * * *", "Australia/Lord_Howe", "2026-04-01T00:00Z", 1000);
  expect(list).toHaveLength(1000);
  for (let i = 1; i < list.length; i++) expect(list[i]).toBeGreaterThan(list[i - 1]);
});
