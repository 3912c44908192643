// Time zone names come back as written when they are valid IANA names (spelled as the database
// spells them), never swapped for ICU's alias: "Asia/Kolkata" stays "Asia/Kolkata" though Intl
// answers "Asia/Calcutta". Names Almanac picks itself (cities, abbreviations) are current names.
import { expect, test } from "vitest";
import { describeCron } from "./describe";
import { nextRuns } from "./next-runs";
import { parseSchedule } from "./parse-schedule";
import { canonicalTimezone, getZone } from "./timezone";
import { CURRENT_ZONE_NAMES, currentZoneName, sameZoneName } from "./zone-aliases";

const icuId = (tz: string) => new Intl.DateTimeFormat("en-US", { timeZone: tz }).resolvedOptions().timeZone;

test.each([
  ["Asia/Kolkata", "Asia/Kolkata"],
  ["asia/kolkata", "Asia/Kolkata"],
  ["ASIA/KOLKATA", "Asia/Kolkata"],
  ["Asia/Calcutta", "Asia/Calcutta"],
  ["America/Buenos_Aires", "America/Buenos_Aires"],
  ["america/argentina/buenos_aires", "America/Argentina/Buenos_Aires"],
  ["Europe/Kyiv", "Europe/Kyiv"],
  ["europe/kiev", "Europe/Kiev"],
  ["Asia/Ho_Chi_Minh", "Asia/Ho_Chi_Minh"],
  ["Pacific/Kanton", "Pacific/Kanton"],
  ["America/Nuuk", "America/Nuuk"],
  ["US/Eastern", "US/Eastern"],
  ["utc", "UTC"],
  ["Etc/UTC", "Etc/UTC"],
  ["etc/gmt-2", "Etc/GMT-2"],
  ["america/port-au-prince", "America/Port-au-Prince"],
  ["antarctica/dumontdurville", "Antarctica/DumontDUrville"],
  ["europe/paris", "Europe/Paris"],
])("%s is kept as %s", (written, kept) => {
  expect(canonicalTimezone(written)).toBe(kept);
});

test("names only ICU knows give the zone they stand for, by its current IANA name", () => {
  expect(canonicalTimezone("IST")).toBe("Asia/Kolkata");
  expect(canonicalTimezone("VST")).toBe("Asia/Ho_Chi_Minh");
});

test.each(["Mars/Olympus_Mons", "+05:30", "Factory", "", "Asia/Kolkata/", "Asia"])("%j is not a zone", (tz) => {
  expect(canonicalTimezone(tz)).toBeNull();
});

test("every zone the runtime lists comes back unchanged, in any case", () => {
  for (const id of Intl.supportedValuesOf("timeZone")) {
    expect(canonicalTimezone(id)).toBe(id);
    expect(canonicalTimezone(id.toUpperCase())).toBe(id);
  }
});

test("each old ICU name and its current IANA name are one zone, and both are kept", () => {
  for (const [old, current] of Object.entries(CURRENT_ZONE_NAMES)) {
    expect(icuId(current)).toBe(icuId(old));
    expect(canonicalTimezone(current)).toBe(current);
    expect(canonicalTimezone(old)).toBe(old);
    expect(currentZoneName(old)).toBe(current);
    expect(sameZoneName(old, current)).toBe(true);
  }
  expect(currentZoneName("Europe/Paris")).toBe("Europe/Paris");
  expect(sameZoneName("Europe/Oslo", "Europe/Berlin")).toBe(false);
});

test("a zone keeps its name in fire times and human text, with the same offsets as its alias", () => {
  expect(getZone("Asia/Kolkata").name).toBe("Asia/Kolkata");
  expect(getZone("asia/kolkata").name).toBe("Asia/Kolkata");
  expect(getZone("Asia/Calcutta").name).toBe("Asia/Calcutta");
  expect(describeCron("0 9 * * *", "Asia/Kolkata")).toBe("At 09:00 AM, every day (Asia/Kolkata)");
  expect(describeCron("0 9 * * *", "Europe/Kyiv")).toMatch(/\(Europe\/Kyiv\)$/);
  const after = new Date("2026-11-21T00:00Z");
  expect(nextRuns("0 9 * * *", "Asia/Kolkata", after, 3)).toEqual(nextRuns("0 9 * * *", "Asia/Calcutta", after, 3));
  expect(nextRuns("0 9 * * *", "Asia/Kolkata", after, 1)[0].toISOString()).toBe(new Date("2026-11-21T09:00+05:30").toISOString());
});

test.each([
  ["every day at 9am in Asia/Kolkata", "Asia/Kolkata"],
  ["every day at 9am in asia/kolkata", "Asia/Kolkata"],
  ["every day at 9am in Kolkata", "Asia/Kolkata"],
  ["every day at 9am Kolkata time", "Asia/Kolkata"],
  ["every day at 9am IST", "Asia/Kolkata"],
  ["every day at 9am in Calcutta", "Asia/Kolkata"],
  ["every day at 9am Calcutta time", "Asia/Kolkata"],
  ["every day at 9am in Asia/Calcutta", "Asia/Calcutta"],
  ["every day at 9am in Europe/Kyiv", "Europe/Kyiv"],
  ["every day at 9am in Kiev", "Europe/Kyiv"],
  ["every day at 9am Saigon time", "Asia/Ho_Chi_Minh"],
  ["every day at 9am in America/Buenos_Aires", "America/Buenos_Aires"],
  ["every day at 9am Buenos Aires time", "America/Argentina/Buenos_Aires"],
  ["every day at 9am in New York", "America/New_York"],
  ["every day at 9am in Paris", "Europe/Paris"],
])("plain words: %s -> %s", (text, zone) => {
  expect(parseSchedule(text)).toMatchObject({ ok: true, cronExpression: "0 9 * * *", timezone: zone });
});

test("plain words: the zone in the options is kept as written too, and a city needs 'in' or 'time'", () => {
  expect(parseSchedule("every day at 9", { timezone: "asia/kolkata" })).toMatchObject({ ok: true, timezone: "Asia/Kolkata" });
  // "Paris" alone is a task name, not a zone.
  expect(parseSchedule("Paris report every day at 9")).toEqual({ ok: true, cronExpression: "0 9 * * *", name: "Paris report" });
  // "in" followed by something other than a city is no zone.
  expect(parseSchedule("every day in March at 10")).toEqual({ ok: true, cronExpression: "0 10 * 3 *" });
});
