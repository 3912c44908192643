// The time-zone caches are bounded (issue 11, item 12). Zone names come from users, and each zone
// cached keeps the years sampled for it: a client naming every zone the runtime knows, in every
// spelling, or asking for runs far ahead, must not grow the process without limit.
import { expect, test } from "vitest";
import { nextRuns } from "./next-runs";
import { getZone, ZONE_CACHE_MAX, zoneCacheStats } from "./timezone";

const NOW = new Date("2026-11-22T10:00:00Z");

/** Every zone the runtime knows, in several spellings, and names that are no zone: 10,000 strings. */
function zoneStrings(): string[] {
  const known = Intl.supportedValuesOf("timeZone");
  expect(known.length).toBeGreaterThan(ZONE_CACHE_MAX);
  const out: string[] = [];
  const spell = [(z: string) => z, (z: string) => z.toLowerCase(), (z: string) => z.toUpperCase(), (z: string) => z.replace(/[aeiou]/g, (c) => c.toUpperCase())];
  for (let i = 0; out.length < 10_000; i++) {
    const zone = known[i % known.length];
    const round = Math.floor(i / known.length);
    out.push(round < spell.length ? spell[round](zone) : `${zone}/no-such-${i}`);
  }
  return out;
}

test("after 10,000 distinct zone strings the cache holds at most ZONE_CACHE_MAX zones, and every zone still works", () => {
  const strings = zoneStrings();
  expect(new Set(strings).size).toBe(10_000);
  let known = 0;
  for (const [i, tz] of strings.entries()) {
    try {
      const zone = getZone(tz);
      known++;
      if (i % 50 === 0) expect(zone.offsetAt(NOW.getTime())).toBeTypeOf("number");
    } catch (err) {
      expect(err).toBeInstanceOf(RangeError);
    }
    const { zones, offsets } = zoneCacheStats();
    expect(zones).toBeLessThanOrEqual(ZONE_CACHE_MAX);
    expect(offsets).toBeLessThanOrEqual(ZONE_CACHE_MAX);
  }
  expect(known).toBeGreaterThan(1000);
  // a zone dropped from the cache is sampled again, and gives the same answers
  expect(nextRuns("0 9 * * *", "Asia/Kolkata", NOW, 1)[0].toISOString()).toBe("2026-11-23T03:30:00.000Z");
  expect(nextRuns("30 2 * * *", "America/New_York", new Date("2027-03-14T05:00:00Z"), 1)[0].toISOString()).toBe("2027-03-14T07:00:00.000Z");
});

test("runs looked for far ahead keep no more than the sampled years of each zone", () => {
  const zones = ["America/New_York", "Europe/Berlin", "Australia/Lord_Howe"];
  for (const tz of zones) getZone(tz);
  const before = zoneCacheStats().sampledYears;
  // every 37 years from 2026 to 9999: each is a year of its own, 200 of them per zone
  for (let year = 2026; year <= 9999; year += 37) {
    for (const tz of zones) expect(nextRuns("0 12 1 7 *", tz, new Date(Date.UTC(year, 0, 1)), 1)).toHaveLength(1);
  }
  // years from 2500 on are those of 400 years before, shifted, and are not kept: at most the
  // years 2026-2499 were sampled for these three zones
  expect(zoneCacheStats().sampledYears - before).toBeLessThanOrEqual(3 * (2500 - 2026));
});

test("a search is refused before 1970 and after 9999; runs past 9999 are not listed", () => {
  expect(() => nextRuns("0 0 * * *", "UTC", new Date("0001-01-01T00:00:00Z"), 1)).toThrow(/after must be between 1970-01-01T00:00:00Z and 9999-12-31T23:59:59Z/);
  expect(() => nextRuns("0 0 * * *", "UTC", new Date("1969-12-31T23:59:59Z"), 1)).toThrow(RangeError);
  expect(() => nextRuns("0 0 * * *", "UTC", new Date(Date.UTC(10_000, 0, 1)), 1)).toThrow(RangeError);
  expect(nextRuns("0 0 * * *", "UTC", new Date("1970-01-01T00:00:00Z"), 1)[0].toISOString()).toBe("1970-01-02T00:00:00.000Z");
  expect(nextRuns("0 0 * * *", "UTC", new Date("9999-12-30T12:00:00Z"), 5).map((d) => d.toISOString())).toEqual(["9999-12-31T00:00:00.000Z"]);
});
