// Through the API, on a real SQLite database: a schedule's time zone comes back as it was written
// ("Asia/Kolkata", not ICU's "Asia/Calcutta"), in the stored row, the response and its human text;
// plain words name cities by their current zone; and rare schedules preview every run asked for.
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import * as collection from "../../app/api/v1/schedules/route";
import * as item from "../../app/api/v1/schedules/[id]/route";
import * as describeRoute from "../../app/api/v1/cron/describe/route";
import * as parseRoute from "../../app/api/v1/cron/parse/route";
import type { Db } from "../../lib/db/client";
import { invoke, newUser, sqliteFor, useDatabase } from "../support/handlers";

let db: Db;
let auth: string;
beforeAll(async () => {
  db = await useDatabase(sqliteFor("zones-and-rare-runs"));
  auth = (await newUser(db)).auth;
});
afterAll(async () => {
  await db?.$disconnect();
});

const create = (body: unknown) => invoke(collection.POST, "POST", "/api/v1/schedules", { auth, body });

describe("a schedule's time zone", () => {
  test("Asia/Kolkata is stored and returned as Asia/Kolkata", async () => {
    const res = await create({ name: "india report", cronExpression: "0 9 * * *", timezone: "Asia/Kolkata" });
    expect(res.status).toBe(201);
    expect(res.json).toMatchObject({ timezone: "Asia/Kolkata", cronHuman: "At 09:00 AM, every day (Asia/Kolkata)" });
    expect(new Date(res.json.nextRunAt).getUTCMinutes()).toBe(30); // 09:00 at +05:30
    const row = await db.schedule.findUniqueOrThrow({ where: { id: res.json.id } });
    expect(row.timezone).toBe("Asia/Kolkata");
    const read = await invoke(item.GET, "GET", `/api/v1/schedules/${res.json.id}`, { auth, params: { id: res.json.id } });
    expect(read.json).toMatchObject({ timezone: "Asia/Kolkata", cronHuman: "At 09:00 AM, every day (Asia/Kolkata)" });
  });

  test.each([
    ["asia/kolkata", "Asia/Kolkata"],
    ["Asia/Calcutta", "Asia/Calcutta"],
    ["America/Buenos_Aires", "America/Buenos_Aires"],
    ["america/argentina/buenos_aires", "America/Argentina/Buenos_Aires"],
  ])("%s is kept as %s (spelling corrected, never swapped for another name)", async (written, kept) => {
    const res = await create({ name: `zone ${written}`, cronExpression: "0 9 * * *", timezone: written });
    expect(res.status).toBe(201);
    expect(res.json.timezone).toBe(kept);
  });

  test("a change of zone keeps the name written too", async () => {
    const { json } = await create({ name: "moves to Kyiv", cronExpression: "0 9 * * *" });
    const res = await invoke(item.PATCH, "PATCH", `/api/v1/schedules/${json.id}`, { auth, params: { id: json.id }, body: { timezone: "Europe/Kyiv" } });
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ timezone: "Europe/Kyiv", cronHuman: "At 09:00 AM, every day (Europe/Kyiv)" });
  });

  test("plain words: a city or an IANA name gives Asia/Kolkata", async () => {
    for (const text of ["every day at 9am in Kolkata", "every day at 9am in Asia/Kolkata", "every day at 9am IST"]) {
      const res = await invoke(parseRoute.POST, "POST", "/api/v1/cron/parse", { auth, body: { text } });
      expect(res.status, text).toBe(200);
      expect(res.json, text).toMatchObject({ cronExpression: "0 9 * * *", timezone: "Asia/Kolkata", cronHuman: "At 09:00 AM, every day (Asia/Kolkata)" });
    }
    const withOption = await invoke(parseRoute.POST, "POST", "/api/v1/cron/parse", { auth, body: { text: "every day at 9am", timezone: "asia/kolkata" } });
    expect(withOption.json.timezone).toBe("Asia/Kolkata");
  });
});

describe("rare schedules preview every run asked for", () => {
  const describeRuns = (expression: string, timezone: string, count: number) =>
    invoke(describeRoute.GET, "GET", `/api/v1/cron/describe?expression=${encodeURIComponent(expression)}&timezone=${encodeURIComponent(timezone)}&count=${count}&after=2026-11-21T00:00:00Z`, { auth });

  test.each(["UTC", "Asia/Kolkata", "America/New_York", "Pacific/Kiritimati"])("0 0 29 2 * in %s: 10 runs, 2028 to 2064, and 50 when 50 are asked", async (zone) => {
    const ten = await describeRuns("0 0 29 2 *", zone, 10);
    expect(ten.status).toBe(200);
    expect(ten.json.nextRuns).toHaveLength(10);
    const years = ten.json.nextRuns.map((iso: string) => new Intl.DateTimeFormat("en-US", { timeZone: zone, year: "numeric", month: "2-digit", day: "2-digit" }).format(new Date(iso)));
    expect(years).toEqual([2028, 2032, 2036, 2040, 2044, 2048, 2052, 2056, 2060, 2064].map((y) => `02/29/${y}`));
    expect((await describeRuns("0 0 29 2 *", zone, 50)).json.nextRuns).toHaveLength(50);
  });

  test("the 31st of every other month: all 50 runs", async () => {
    const res = await describeRuns("0 0 31 */2 *", "Asia/Kolkata", 50);
    expect(res.json.nextRuns).toHaveLength(50);
  });
});
