// GET /api/v1/cron/describe with `after` far off (issue 11, item 12): the instant is checked
// against the range runs are looked for in (1970 to 9999, lib/cron/next-runs.ts), so a year 0
// or 9999 search is a quick 400 naming `after` or a plain answer, never a 500 or seconds of work.
import { afterAll, beforeAll, expect, test } from "vitest";
import * as describeRoute from "../../app/api/v1/cron/describe/route";
import type { Db } from "../../lib/db/client";
import { invoke, newUser, sqliteFor, useDatabase } from "../support/handlers";

let db: Db;
let auth: string;
beforeAll(async () => {
  db = await useDatabase(sqliteFor("cron-after"));
  auth = (await newUser(db)).auth;
});
afterAll(async () => {
  await db?.$disconnect();
});

const preview = (after: string, expression = "0 0 29 2 *", timezone = "America/New_York") => {
  const q = new URLSearchParams({ expression, timezone, after, count: "50" });
  return invoke(describeRoute.GET, "GET", `/api/v1/cron/describe?${q}`, { auth });
};

test.each(["0000-01-01T00:00:00Z", "0050-06-01T00:00:00Z", "1000-01-01T00:00:00Z", "1969-12-31T23:59:59Z", "9999-12-31T23:59:59-14:00", "+275760-09-13T00:00:00Z", "99999-01-01T00:00:00Z"])(
  "after=%s is a quick 400 naming after",
  async (after) => {
    const started = performance.now();
    const res = await preview(after);
    expect(performance.now() - started).toBeLessThan(1000);
    expect(res.status).toBe(400);
    expect(res.json.error.code).toBe("validation_error");
    expect(res.json.error.fields).toHaveProperty("after");
    expect(res.json.error.message).toMatch(/^after: /);
  },
);

test("the range's ends are answered: from 1970, and up to the end of 9999 (runs after it are not listed)", async () => {
  const first = await preview("1970-01-01T00:00:00Z", "0 0 * * *", "UTC");
  expect(first.status).toBe(200);
  expect(first.json.nextRuns[0]).toBe("1970-01-02T00:00:00.000Z");
  const last = await preview("9999-12-31T23:59:59Z");
  expect(last.status).toBe(200);
  expect(last.json.nextRuns).toEqual([]);
  const late = await preview("9990-01-01T00:00:00Z");
  expect(late.status).toBe(200);
  expect(late.json.nextRuns).toEqual(["9992-02-29T05:00:00.000Z", "9996-02-29T05:00:00.000Z"]);
  for (const run of late.json.nextRuns) expect(run).toMatch(/^\d{4}-/);
});
