// Malformed input across the schedules API: random bodies, query strings and ids. Every answer
// is a 4xx with the error envelope (never a 500), and nothing a refused request sent is written.
import fc from "fast-check";
import { afterAll, beforeAll, expect, test } from "vitest";
import * as collection from "../../app/api/v1/schedules/route";
import * as item from "../../app/api/v1/schedules/[id]/route";
import * as run from "../../app/api/v1/schedules/[id]/run/route";
import * as scheduleRuns from "../../app/api/v1/schedules/[id]/runs/route";
import * as toggle from "../../app/api/v1/schedules/[id]/toggle/route";
import * as allRuns from "../../app/api/v1/runs/route";
import * as describeRoute from "../../app/api/v1/cron/describe/route";
import * as parseRoute from "../../app/api/v1/cron/parse/route";
import type { Db } from "../../lib/db/client";
import { invoke, newUser, sqliteFor, useDatabase } from "../support/handlers";

let db: Db;
let user: { id: string; auth: string };
let victim: { id: string };
let snapshot: unknown;
let requests = 0;

beforeAll(async () => {
  db = await useDatabase(sqliteFor("fuzz"));
  user = await newUser(db);
  const res = await invoke(collection.POST, "POST", "/api/v1/schedules", { auth: user.auth, body: { name: "victim", cronExpression: "0 0 * * *" } });
  victim = res.json as { id: string };
  snapshot = await state();
});
afterAll(async () => {
  console.log(`fuzz: ${requests} malformed requests, none answered 5xx, nothing written`);
  await db?.$disconnect();
});

const state = async () => ({
  schedules: await db.schedule.findMany({ orderBy: { id: "asc" } }),
  runs: await db.run.count(),
  users: await db.user.count(),
});

function expectRefused(res: { status: number; json: Record<string, unknown> }, context: unknown) {
  requests++;
  expect(res.status, JSON.stringify(context)).toBeGreaterThanOrEqual(400);
  expect(res.status, JSON.stringify(context)).toBeLessThan(500);
  expect(res.json.error, JSON.stringify(context)).toMatchObject({ code: expect.any(String), message: expect.any(String) });
}

const KNOWN = ["name", "description", "cronExpression", "timezone", "entrypoint", "payload", "isEnabled", "overlapPolicy", "misfirePolicy", "timeoutSeconds", "maxRetries", "retryDelaySeconds"];
const junk = fc.oneof(fc.string(), fc.integer(), fc.double(), fc.boolean(), fc.constant(null), fc.array(fc.jsonValue(), { maxLength: 3 }), fc.dictionary(fc.string(), fc.jsonValue(), { maxKeys: 3 }));
const badCron = fc.constantFrom("", "* * * *", "60 * * * *", "0 0 30 2 *", "L * * * *", "*/0 * * * *", "0 0 0 * * *", "@reboot", "\u0000", "' OR 1=1 --", "9-1 * * * *", "x".repeat(200));
/** A body that cannot be valid: a wrong type or value for a known field, or an unknown field. */
const badBody = fc.oneof(
  fc.record({ name: fc.string({ minLength: 1, maxLength: 20 }), cronExpression: badCron }),
  fc.tuple(fc.constantFrom(...KNOWN), junk).map(([k, v]) => ({ name: "fuzzed", cronExpression: "* * * * *", [k]: Array.isArray(v) || (v !== null && typeof v === "object") ? v : { wrapped: v } })),
  fc.tuple(fc.string({ minLength: 1, maxLength: 12 }).filter((k) => !KNOWN.includes(k)), fc.jsonValue()).map(([k, v]) => ({ name: "fuzzed", cronExpression: "* * * * *", [k]: v })),
  fc.oneof(fc.string(), fc.integer(), fc.constant(null), fc.array(fc.jsonValue(), { maxLength: 3 })),
);
const rawBody = fc.oneof(fc.string(), fc.constantFrom("{", "{\"name\":", "[1,2", "\u0000\u0001", "null x", "{\"a\":1}}"));
const badId = fc.oneof(fc.string({ maxLength: 300 }), fc.uuid(), fc.constantFrom("../../etc/passwd", "%00", "' OR '1'='1", "null", "undefined", "0"));
const badQuery = fc.oneof(
  fc.dictionary(fc.constantFrom("limit", "cursor", "enabled", "q", "status", "sort", "page"), fc.string({ maxLength: 30 }), { minKeys: 1, maxKeys: 3 }).filter(
    // keep only queries with something wrong in them (an empty cursor means "first page")
    (q) => !Object.entries(q).every(([k, v]) => (k === "q" && v.length <= 200) || (k === "cursor" && v === "") || (k === "limit" && /^\d+$/.test(v) && +v >= 1 && +v <= 200) || (k === "enabled" && ["true", "false"].includes(v))),
  ),
);

test("malformed create bodies: 400, nothing written", async () => {
  await fc.assert(
    fc.asyncProperty(badBody, async (body) => {
      expectRefused(await invoke(collection.POST, "POST", "/api/v1/schedules", { auth: user.auth, body }), body);
    }),
    { numRuns: 400 },
  );
  await fc.assert(
    fc.asyncProperty(rawBody, async (raw) => {
      expectRefused(await invoke(collection.POST, "POST", "/api/v1/schedules", { auth: user.auth, raw, headers: { "content-type": "application/json" } }), raw);
    }),
    { numRuns: 150 },
  );
  expect(await state()).toEqual(snapshot);
});

test("malformed updates and toggles of a real schedule: 400, the schedule unchanged", async () => {
  await fc.assert(
    fc.asyncProperty(badBody, async (body) => {
      const patch = typeof body === "object" && body !== null && !Array.isArray(body) ? { ...body, name: 42 } : body;
      expectRefused(await invoke(item.PATCH, "PATCH", `/api/v1/schedules/${victim.id}`, { auth: user.auth, params: { id: victim.id }, body: patch }), patch);
      expectRefused(await invoke(toggle.PATCH, "PATCH", `/api/v1/schedules/${victim.id}/toggle`, { auth: user.auth, params: { id: victim.id }, body: { isEnabled: "sometimes", extra: body } }), body);
    }),
    { numRuns: 150 },
  );
  expect(await state()).toEqual(snapshot);
});

test("random ids on every per-schedule endpoint: 404, nothing written", async () => {
  await fc.assert(
    fc.asyncProperty(badId, async (id) => {
      const p = { auth: user.auth, params: { id } };
      const path = `/api/v1/schedules/${encodeURIComponent(id)}`;
      for (const res of [
        await invoke(item.GET, "GET", path, p),
        await invoke(item.PATCH, "PATCH", path, { ...p, body: { description: "x" } }),
        await invoke(item.DELETE, "DELETE", path, p),
        await invoke(toggle.PATCH, "PATCH", `${path}/toggle`, p),
        await invoke(run.POST, "POST", `${path}/run`, p),
        await invoke(scheduleRuns.GET, "GET", `${path}/runs`, p),
      ]) {
        expectRefused(res, id);
        expect(res.status).toBe(404);
      }
    }),
    { numRuns: 100 },
  );
  expect(await state()).toEqual(snapshot);
});

test("malformed query strings on the list endpoints, and bad previews: 400", async () => {
  await fc.assert(
    fc.asyncProperty(badQuery, async (query) => {
      const qs = "?" + new URLSearchParams(query).toString();
      expectRefused(await invoke(collection.GET, "GET", `/api/v1/schedules${qs}`, { auth: user.auth }), query);
      expectRefused(await invoke(allRuns.GET, "GET", `/api/v1/runs${qs}&status=nope`, { auth: user.auth }), query);
    }),
    { numRuns: 100 },
  );
  await fc.assert(
    fc.asyncProperty(badCron, fc.string({ maxLength: 20 }), async (expression, text) => {
      const qs = new URLSearchParams({ expression, count: "5" }).toString();
      expectRefused(await invoke(describeRoute.GET, "GET", `/api/v1/cron/describe?${qs}`, { auth: user.auth }), expression);
      const parsed = await invoke(parseRoute.POST, "POST", "/api/v1/cron/parse", { auth: user.auth, body: { text: `${text} xyzzy every 90 minutes`, extra: 1 } });
      expectRefused(parsed, text);
    }),
    { numRuns: 100 },
  );
  expect(await state()).toEqual(snapshot);
});
