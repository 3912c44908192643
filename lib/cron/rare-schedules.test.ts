// Schedules that fire rarely still give every run asked for: nextRuns has no search horizon, only
// a give-up for expressions that cannot fire at all in their zone, and it skips the empty years
// in between instead of walking them.
import { describe, expect, test } from "vitest";
import { nextRun, nextRuns } from "./next-runs";
import { getZone } from "./timezone";

const AFTER = new Date("2026-11-21T00:00:00Z");
const isLeap = (y: number) => y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0);
const leapYearsFrom = (from: number, count: number) => {
  const out: number[] = [];
  for (let y = from; out.length < count; y++) if (isLeap(y)) out.push(y);
  return out;
};

/** "2028-02-29 00:00" and the like: the local date and time of `d` in `zone`. */
function local(d: Date, zone: string): string {
  const p = Object.fromEntries(
    new Intl.DateTimeFormat("en-US", { timeZone: zone, hourCycle: "h23", year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit" })
      .formatToParts(d)
      .map((x) => [x.type, x.value]),
  );
  return `${p.year}-${p.month}-${p.day} ${p.hour}:${p.minute}`;
}

// Kiritimati is UTC+14 and Lord Howe on summer time in February: midnight there is the 28th in UTC.
const ZONES = ["UTC", "Asia/Kolkata", "America/New_York", "Pacific/Kiritimati", "Australia/Lord_Howe", "Europe/Berlin"];

describe.each(ZONES)("0 0 29 2 * in %s", (zone) => {
  test.each([1, 5, 10, 50, 100])("%i runs asked, as many given: midnight on 29 February of each leap year", (count) => {
    const runs = nextRuns("0 0 29 2 *", zone, AFTER, count);
    expect(runs.map((d) => local(d, zone))).toEqual(leapYearsFrom(2027, count).map((y) => `${y}-02-29 00:00`));
  });

  test("ten runs are 2028 to 2064", () => {
    const runs = nextRuns("0 0 29 2 *", zone, AFTER, 10);
    expect(runs.map((d) => local(d, zone).slice(0, 4))).toEqual(["2028", "2032", "2036", "2040", "2044", "2048", "2052", "2056", "2060", "2064"]);
  });
});

test("exact instants of 29 February in zones east and west of UTC", () => {
  const first = (zone: string) => nextRuns("0 0 29 2 *", zone, AFTER, 10).map((d) => d.toISOString());
  expect(first("Asia/Kolkata")[9]).toBe(new Date("2064-02-29T00:00+05:30").toISOString());
  expect(first("America/New_York")[9]).toBe(new Date("2064-02-29T00:00-05:00").toISOString());
  expect(first("Pacific/Kiritimati")[0]).toBe(new Date("2028-02-29T00:00+14:00").toISOString());
  expect(first("Australia/Lord_Howe")[0]).toBe(new Date("2028-02-29T00:00+11:00").toISOString());
});

test("the 31st of every other month: January, March, May and July only (September and November have 30 days)", () => {
  const runs = nextRuns("0 0 31 */2 *", "Asia/Kolkata", AFTER, 12).map((d) => local(d, "Asia/Kolkata").slice(0, 10));
  expect(runs).toEqual([
    ...["2027-01-31", "2027-03-31", "2027-05-31", "2027-07-31"],
    ...["2028-01-31", "2028-03-31", "2028-05-31", "2028-07-31"],
    ...["2029-01-31", "2029-03-31", "2029-05-31", "2029-07-31"],
  ]);
  expect(nextRuns("30 6 31 */2 *", "America/New_York", AFTER, 100)).toHaveLength(100);
});

test("the sparsest expressions: 29 February on a Sunday comes 28 or 40 years apart", () => {
  // "*/7" in the day of week starts with "*", so both day fields must match (cronie's rule).
  const runs = nextRuns("0 0 29 2 */7", "Europe/Berlin", AFTER, 6).map((d) => local(d, "Europe/Berlin").slice(0, 10));
  expect(runs).toEqual(["2032-02-29", "2060-02-29", "2088-02-29", "2128-02-29", "2156-02-29", "2184-02-29"]);
  // 1 February on a Monday: 5, 6 or 11 years apart
  const mondays = nextRuns("0 9 */31 2 1", "UTC", AFTER, 5).map((d) => d.toISOString().slice(0, 10));
  expect(mondays).toEqual(["2027-02-01", "2038-02-01", "2044-02-01", "2049-02-01", "2055-02-01"]);
});

test("asking one run at a time walks through the same runs as asking for them all", () => {
  for (const [expr, zone] of [["0 0 29 2 *", "America/New_York"], ["0 0 29 2 */7", "Australia/Lord_Howe"], ["0 0 31 */2 *", "Pacific/Kiritimati"], ["30 2 29 2 *", "Europe/Berlin"]]) {
    const all = nextRuns(expr, zone, AFTER, 12).map((d) => d.getTime());
    const oneByOne: number[] = [];
    let after = AFTER;
    for (let i = 0; i < 12; i++) {
      const next = nextRun(expr, zone, after)!;
      oneByOne.push(next.getTime());
      after = next;
    }
    expect(oneByOne).toEqual(all);
  }
});

test("1,000 runs of 29 February come back, in order, in well under a few seconds", () => {
  const started = performance.now();
  const runs = nextRuns("0 0 29 2 *", "America/Chicago", AFTER, 1000);
  expect(runs).toHaveLength(1000);
  for (let i = 1; i < runs.length; i++) expect(runs[i].getTime()).toBeGreaterThan(runs[i - 1].getTime());
  expect(local(runs[999], "America/Chicago")).toBe(`${leapYearsFrom(2027, 1000)[999]}-02-29 00:00`);
  expect(performance.now() - started).toBeLessThan(10_000);
});

test("an impossible date is refused, never searched for", () => {
  expect(() => nextRuns("0 0 30 2 *", "UTC", AFTER, 10)).toThrow(/never runs: February has no 30th/);
});

test("an expression that matches only wall times its zone skips every year gives no runs, and ends", () => {
  // Minutes of 02:00-02:59 on the Sunday of 8-14 March: exactly the hour New York skips each
  // spring. A wildcard job (minute "*") does not run in a skipped hour, so it never runs there.
  expect(nextRuns("* 2 8-14 3 */7", "America/New_York", AFTER, 5)).toEqual([]);
  expect(nextRun("* 2 8-14 3 */7", "America/New_York", AFTER)).toBeNull();
  // In UTC the same expression runs every year.
  expect(nextRuns("* 2 8-14 3 */7", "UTC", AFTER, 1)[0].toISOString()).toBe("2027-03-14T02:00:00.000Z");
});

// Far ahead, zone changes are taken from 400 years earlier (timezone.ts): check that against the
// runtime's own zone data, day by day and to the minute at each change.
test.each(["America/New_York", "Europe/Berlin", "Australia/Lord_Howe", "Pacific/Chatham", "America/Santiago", "Africa/Casablanca", "Asia/Kolkata"])(
  "offsets in 2931 agree with Intl in %s",
  (name) => {
    const zone = getZone(name);
    const intlOffset = (t: number) => {
      const p = Object.fromEntries(
        new Intl.DateTimeFormat("en-US", { timeZone: name, hourCycle: "h23", year: "numeric", month: "numeric", day: "numeric", hour: "numeric", minute: "numeric" })
          .formatToParts(new Date(t))
          .map((x) => [x.type, Number(x.value)]),
      );
      return Date.UTC(p.year, p.month - 1, p.day, p.hour % 24, p.minute) - Math.floor(t / 60_000) * 60_000;
    };
    const start = Date.UTC(2931, 0, 1);
    for (let day = 0; day < 365; day++) {
      const t = start + day * 86_400_000 + 12 * 3_600_000;
      expect(zone.offsetAt(t)).toBe(intlOffset(t));
    }
    for (let tr = zone.transitionAfter(start); tr.at < Date.UTC(2932, 0, 1); tr = zone.transitionAfter(tr.at)) {
      if (tr.before === tr.after) continue;
      expect([intlOffset(tr.at - 60_000), intlOffset(tr.at)]).toEqual([tr.before, tr.after]);
    }
  },
);
