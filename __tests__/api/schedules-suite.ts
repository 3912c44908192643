// The schedules API, handler by handler, on whichever database the calling file sets up.
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import * as collection from "../../app/api/v1/schedules/route";
import * as item from "../../app/api/v1/schedules/[id]/route";
import * as run from "../../app/api/v1/schedules/[id]/run/route";
import * as scheduleRuns from "../../app/api/v1/schedules/[id]/runs/route";
import * as toggle from "../../app/api/v1/schedules/[id]/toggle/route";
import * as allRuns from "../../app/api/v1/runs/route";
import * as describeRoute from "../../app/api/v1/cron/describe/route";
import * as parseRoute from "../../app/api/v1/cron/parse/route";
import * as entrypoints from "../../app/api/v1/entrypoints/route";
import type { Db } from "../../lib/db/client";
import type { DbTarget } from "../../lib/db/target";
import { invoke, newUser, useDatabase } from "../support/handlers";

export function scheduleApiSuite(target: () => DbTarget) {
  let db: Db;
  let alice: { id: string; auth: string };
  let bob: { id: string; auth: string };

  beforeAll(async () => {
    db = await useDatabase(target());
    alice = await newUser(db);
    bob = await newUser(db);
  });
  afterAll(async () => {
    await db?.$disconnect();
  });

  const create = (auth: string, body: unknown) => invoke(collection.POST, "POST", "/api/v1/schedules", { auth, body });
  const get = (auth: string, id: string) => invoke(item.GET, "GET", `/api/v1/schedules/${id}`, { auth, params: { id } });

  describe("create", () => {
    test("with only a name and an expression, the rest defaulted, and a Location header", async () => {
      const res = await create(alice.auth, { name: "nightly backup", cronExpression: "0 0 * * *" });
      expect(res.status).toBe(201);
      expect(res.headers.get("location")).toBe(`/api/v1/schedules/${res.json.id}`);
      expect(res.json).toMatchObject({
        name: "nightly backup",
        description: null,
        cronExpression: "0 0 * * *",
        timezone: "UTC",
        cronHuman: "At 12:00 AM, every day (UTC)",
        entrypoint: "log",
        payload: { message: "nightly backup" },
        isEnabled: true,
        overlapPolicy: "skip",
        misfirePolicy: "run_once",
        timeoutSeconds: 300,
        maxRetries: 0,
        retryDelaySeconds: 30,
        lastRunAt: null,
        lastRunStatus: null,
      });
      // nextRunAt: the next midnight UTC after now
      const next = new Date(res.json.nextRunAt);
      expect(next.getUTCHours()).toBe(0);
      expect(next.getTime()).toBeGreaterThan(Date.now());
      expect(next.getTime()).toBeLessThanOrEqual(Date.now() + 86_400_000);
    });

    test("normalizes the expression and the zone, and computes nextRunAt in the zone", async () => {
      const res = await create(alice.auth, { name: "standup", cronExpression: " 30  9 * * mon-fri ", timezone: "europe/paris" });
      expect(res.status).toBe(201);
      expect(res.json).toMatchObject({ cronExpression: "30 9 * * MON-FRI", timezone: "Europe/Paris" });
      const local = new Intl.DateTimeFormat("en-GB", { timeZone: "Europe/Paris", hour: "2-digit", minute: "2-digit", weekday: "short" }).format(new Date(res.json.nextRunAt));
      expect(local).toMatch(/^(Mon|Tue|Wed|Thu|Fri) 09:30$/);
    });

    test("a disabled schedule has no nextRunAt", async () => {
      const res = await create(alice.auth, { name: "paused one", cronExpression: "@hourly", isEnabled: false });
      expect(res.status).toBe(201);
      expect(res.json.nextRunAt).toBeNull();
    });

    test.each([
      [{ name: "x", cronExpression: "0 0 30 2 *" }, "cronExpression", /never runs: February has no 30th/],
      [{ name: "x", cronExpression: "*/10 * * * * *" }, "cronExpression", /seconds are not supported/],
      [{ name: "x", cronExpression: "61 * * * *" }, "cronExpression", /minute: "61" is out of range/],
      [{ name: "x", cronExpression: 5 }, "cronExpression", /string/],
      [{ name: "x", cronExpression: "* * * * *", timezone: "Mars/Base" }, "timezone", /unknown time zone "Mars\/Base"/],
      [{ cronExpression: "* * * * *" }, "name", /required/],
      [{ name: "", cronExpression: "* * * * *" }, "name", /empty/],
      [{ name: "x".repeat(256), cronExpression: "* * * * *" }, "name", /at most 255/],
      [{ name: "x", description: "d".repeat(2001), cronExpression: "* * * * *" }, "description", /at most 2000/],
      [{ name: "x", cron_expression: "* * * * *" }, "cron_expression", /unknown field/],
      [{ name: "x", cronExpression: "* * * * *", entrypoint: "rocket" }, "entrypoint", /unknown job type "rocket"/],
      [{ name: "x", cronExpression: "* * * * *", entrypoint: "log", payload: { message: "" } }, "payload.message", /.+/],
      [{ name: "x", cronExpression: "* * * * *", payload: { message: "m".repeat(33 * 1024) } }, "payload", /at most 32 KiB/],
      [{ name: "x", cronExpression: "* * * * *", timeoutSeconds: 0 }, "timeoutSeconds", /.+/],
      [{ name: "x", cronExpression: "* * * * *", overlapPolicy: "queue" }, "overlapPolicy", /.+/],
      [{ name: "x", cronExpression: "* * * * *", maxRetries: 1.5 }, "maxRetries", /.+/],
    ])("refuses %j with 400 naming %s", async (body, field, message) => {
      const before = await db.schedule.count({ where: { teamId: alice.id } });
      const res = await create(alice.auth, body);
      expect(res.status).toBe(400);
      expect(res.json.error.code).toBe("validation_error");
      expect(res.json.error.fields[field]).toMatch(message);
      expect(await db.schedule.count({ where: { teamId: alice.id } })).toBe(before);
    });

    test("a duplicate name is a 409 on the name field; another user may use it", async () => {
      await create(alice.auth, { name: "report", cronExpression: "0 8 * * 1" });
      const dup = await create(alice.auth, { name: "report", cronExpression: "0 9 * * 1" });
      expect(dup.status).toBe(409);
      expect(dup.json.error).toMatchObject({ code: "conflict", fields: { name: expect.any(String) } });
      expect((await create(bob.auth, { name: "report", cronExpression: "0 9 * * 1" })).status).toBe(201);
    });

    test("20 parallel creates with one name: exactly one 201, the rest 409", async () => {
      const results = await Promise.all(Array.from({ length: 20 }, () => create(alice.auth, { name: "race", cronExpression: "* * * * *" })));
      const statuses = results.map((r) => r.status).sort();
      expect(statuses.filter((s) => s === 201)).toHaveLength(1);
      expect(statuses.filter((s) => s === 409)).toHaveLength(19);
      expect(await db.schedule.count({ where: { teamId: alice.id, name: "race" } })).toBe(1);
    });

    test("without credentials: 401", async () => {
      const res = await invoke(collection.POST, "POST", "/api/v1/schedules", { body: { name: "x", cronExpression: "* * * * *" } });
      expect(res.status).toBe(401);
    });
  });

  describe("read, list, search, page", () => {
    test("get one; a missing, malformed or foreign id is 404", async () => {
      const { json } = await create(alice.auth, { name: "get me", cronExpression: "0 0 * * *" });
      expect((await get(alice.auth, json.id)).json).toMatchObject({ id: json.id, name: "get me" });
      for (const id of ["00000000-0000-0000-0000-000000000000", "not-a-uuid", "'; DROP TABLE \"Schedule\"; --", "x".repeat(5000)]) {
        expect((await get(alice.auth, id)).status).toBe(404);
      }
      const foreign = await get(bob.auth, json.id);
      expect(foreign.status).toBe(404);
      expect(foreign.json.error.code).toBe("not_found");
    });

    test("lists by name, filters by enabled, searches name and description case-insensitively, and pages", async () => {
      const carol = await newUser(db);
      for (const [name, description, isEnabled] of [
        ["b-sync", "Sync the CRM", true],
        ["a-backup", "Nightly BACKUP of the DB", true],
        ["c-report", null, false],
        ["d-cleanup", "remove old backups", true],
      ] as const) {
        expect((await create(carol.auth, { name, description, cronExpression: "0 1 * * *", isEnabled })).status).toBe(201);
      }
      const list = (query: string) => invoke(collection.GET, "GET", `/api/v1/schedules${query}`, { auth: carol.auth });
      expect((await list("")).json.items.map((s: { name: string }) => s.name)).toEqual(["a-backup", "b-sync", "c-report", "d-cleanup"]);
      expect((await list("?enabled=false")).json.items.map((s: { name: string }) => s.name)).toEqual(["c-report"]);
      expect((await list("?q=backup")).json.items.map((s: { name: string }) => s.name)).toEqual(["a-backup", "d-cleanup"]);
      expect((await list("?q=CRM&enabled=true")).json.items.map((s: { name: string }) => s.name)).toEqual(["b-sync"]);

      const first = await list("?limit=3");
      expect(first.json.items).toHaveLength(3);
      expect(first.json.nextCursor).toEqual(expect.any(String));
      const second = await list(`?limit=3&cursor=${encodeURIComponent(first.json.nextCursor)}`);
      expect(second.json.items.map((s: { name: string }) => s.name)).toEqual(["d-cleanup"]);
      expect(second.json.nextCursor).toBeNull();
      // nobody else's schedules leak into the list
      expect((await list("?limit=200")).json.items).toHaveLength(4);
    });

    test.each([["?limit=0"], ["?limit=201"], ["?limit=abc"], ["?enabled=yes"], ["?cursor=%%%"], ["?cursor=bm9wZQ"], ["?sort=name"], ["?limit=5&limit=6"]])("refuses the query %s with 400", async (query) => {
      const res = await invoke(collection.GET, "GET", `/api/v1/schedules${query}`, { auth: alice.auth });
      expect(res.status).toBe(400);
      expect(res.json.error.code).toBe("validation_error");
    });
  });

  describe("update, toggle, delete", () => {
    test("PATCH changes fields, re-validates, and recomputes nextRunAt", async () => {
      const { json } = await create(alice.auth, { name: "patch me", cronExpression: "0 0 * * *" });
      const res = await invoke(item.PATCH, "PATCH", `/api/v1/schedules/${json.id}`, {
        auth: alice.auth,
        params: { id: json.id },
        body: { cronExpression: "0 12 * * *", timezone: "Asia/Tokyo", description: "lunch", maxRetries: 2 },
      });
      expect(res.status).toBe(200);
      expect(res.json).toMatchObject({ cronExpression: "0 12 * * *", timezone: "Asia/Tokyo", description: "lunch", maxRetries: 2, cronHuman: "At 12:00 PM, every day (Asia/Tokyo)" });
      expect(new Date(res.json.nextRunAt).getUTCHours()).toBe(3); // 12:00 in Tokyo
      const bad = await invoke(item.PATCH, "PATCH", `/api/v1/schedules/${json.id}`, { auth: alice.auth, params: { id: json.id }, body: { cronExpression: "0 0 31 4 *" } });
      expect(bad.status).toBe(400);
      expect(bad.json.error.fields.cronExpression).toMatch(/April has no 31st/);
      expect((await get(alice.auth, json.id)).json.cronExpression).toBe("0 12 * * *"); // unchanged
    });

    test("PATCH to a name already used is 409 and changes nothing", async () => {
      await create(alice.auth, { name: "taken", cronExpression: "0 0 * * *" });
      const { json } = await create(alice.auth, { name: "mine", cronExpression: "0 0 * * *" });
      const res = await invoke(item.PATCH, "PATCH", `/api/v1/schedules/${json.id}`, { auth: alice.auth, params: { id: json.id }, body: { name: "taken" } });
      expect(res.status).toBe(409);
      expect((await get(alice.auth, json.id)).json.name).toBe("mine");
    });

    test("toggle flips, and with a body sets (idempotently); disabled means no nextRunAt", async () => {
      const { json } = await create(alice.auth, { name: "toggle me", cronExpression: "*/5 * * * *" });
      const t = (body?: unknown) => invoke(toggle.PATCH, "PATCH", `/api/v1/schedules/${json.id}/toggle`, { auth: alice.auth, params: { id: json.id }, body });
      const off = await t();
      expect(off.json).toMatchObject({ isEnabled: false, nextRunAt: null });
      expect((await t({ isEnabled: false })).json.isEnabled).toBe(false);
      const on = await t({ isEnabled: true });
      expect(on.json.isEnabled).toBe(true);
      expect(on.json.nextRunAt).not.toBeNull();
      expect((await t({ isEnabled: "yes" })).status).toBe(400);
    });

    test("delete removes the schedule and its runs; a second delete is 404", async () => {
      const { json } = await create(alice.auth, { name: "delete me", cronExpression: "0 0 * * *" });
      await invoke(run.POST, "POST", `/api/v1/schedules/${json.id}/run`, { auth: alice.auth, params: { id: json.id } });
      const del = () => invoke(item.DELETE, "DELETE", `/api/v1/schedules/${json.id}`, { auth: alice.auth, params: { id: json.id } });
      expect((await del()).status).toBe(204);
      expect(await db.run.count({ where: { scheduleId: json.id } })).toBe(0);
      expect((await del()).status).toBe(404);
    });
  });

  describe("runs", () => {
    test("run now queues a manual run (enabled or not) that shows in both run lists, newest first", async () => {
      const { json } = await create(alice.auth, { name: "run me", cronExpression: "0 0 1 1 *", isEnabled: false });
      const first = await invoke(run.POST, "POST", `/api/v1/schedules/${json.id}/run`, { auth: alice.auth, params: { id: json.id } });
      expect(first.status).toBe(202);
      expect(first.json.run).toMatchObject({ scheduleId: json.id, scheduleName: "run me", trigger: "manual", status: "queued", attempt: 1, startedAt: null });
      const second = await invoke(run.POST, "POST", `/api/v1/schedules/${json.id}/run`, { auth: alice.auth, params: { id: json.id } });
      const list = await invoke(scheduleRuns.GET, "GET", `/api/v1/schedules/${json.id}/runs`, { auth: alice.auth, params: { id: json.id } });
      expect(list.json.items.map((r: { id: string }) => r.id)).toEqual([second.json.run.id, first.json.run.id]);
      const across = await invoke(allRuns.GET, "GET", "/api/v1/runs?status=queued&limit=200", { auth: alice.auth });
      expect(across.json.items.map((r: { id: string }) => r.id)).toEqual(expect.arrayContaining([first.json.run.id, second.json.run.id]));
      expect((await get(alice.auth, json.id)).json.lastRunStatus).toBe("queued");
      const paged = await invoke(scheduleRuns.GET, "GET", `/api/v1/schedules/${json.id}/runs?limit=1`, { auth: alice.auth, params: { id: json.id } });
      const next = await invoke(scheduleRuns.GET, "GET", `/api/v1/schedules/${json.id}/runs?limit=1&cursor=${paged.json.nextCursor}`, { auth: alice.auth, params: { id: json.id } });
      expect(next.json.items.map((r: { id: string }) => r.id)).toEqual([first.json.run.id]);
      expect((await invoke(allRuns.GET, "GET", "/api/v1/runs?status=exploded", { auth: alice.auth })).status).toBe(400);
    });
  });

  test("user B can neither read, change, toggle, run, delete nor list the runs of A's schedule", async () => {
    const { json } = await create(alice.auth, { name: "private", cronExpression: "0 0 * * *" });
    const before = await db.schedule.findUniqueOrThrow({ where: { id: json.id } });
    const p = { params: { id: json.id }, auth: bob.auth };
    const attempts = [
      await invoke(item.GET, "GET", `/api/v1/schedules/${json.id}`, p),
      await invoke(item.PATCH, "PATCH", `/api/v1/schedules/${json.id}`, { ...p, body: { name: "pwned" } }),
      await invoke(toggle.PATCH, "PATCH", `/api/v1/schedules/${json.id}/toggle`, p),
      await invoke(run.POST, "POST", `/api/v1/schedules/${json.id}/run`, p),
      await invoke(scheduleRuns.GET, "GET", `/api/v1/schedules/${json.id}/runs`, p),
      await invoke(item.DELETE, "DELETE", `/api/v1/schedules/${json.id}`, p),
    ];
    expect(attempts.map((a) => a.status)).toEqual([404, 404, 404, 404, 404, 404]);
    expect(await db.schedule.findUniqueOrThrow({ where: { id: json.id } })).toEqual(before);
    expect(await db.run.count({ where: { scheduleId: json.id } })).toBe(0);
    const bobsRuns = await invoke(allRuns.GET, "GET", "/api/v1/runs?limit=200", { auth: bob.auth });
    expect(bobsRuns.json.items.every((r: { scheduleId: string }) => r.scheduleId !== json.id)).toBe(true);
  });

  describe("cron preview, plain words, job types", () => {
    test("describe validates and previews the next runs after a given instant", async () => {
      const res = await invoke(describeRoute.GET, "GET", "/api/v1/cron/describe?expression=0%209%20*%20*%201-5&timezone=America/New_York&count=3&after=2026-11-20T00:00:00Z", { auth: alice.auth });
      expect(res.status).toBe(200);
      expect(res.json).toEqual({
        normalized: "0 9 * * 1-5",
        cronHuman: "At 09:00 AM, Monday through Friday (America/New_York)",
        nextRuns: ["2026-11-20T14:00:00.000Z", "2026-11-23T14:00:00.000Z", "2026-11-24T14:00:00.000Z"],
      });
      const bad = await invoke(describeRoute.GET, "GET", "/api/v1/cron/describe?expression=0%200%2030%202%20*", { auth: alice.auth });
      expect(bad.status).toBe(400);
      expect(bad.json.error.fields.expression).toMatch(/February has no 30th/);
      for (const q of ["count=51", "count=0", "after=yesterday", "timezone=Nowhere/Land"]) {
        expect((await invoke(describeRoute.GET, "GET", `/api/v1/cron/describe?expression=*%20*%20*%20*%20*&${q}`, { auth: alice.auth })).status).toBe(400);
      }
    });

    test("parse turns plain words into a draft, and refuses with a reason and a suggestion", async () => {
      const res = await invoke(parseRoute.POST, "POST", "/api/v1/cron/parse", { auth: alice.auth, body: { text: "@cron run nightly backup at midnight" } });
      expect(res.status).toBe(200);
      expect(res.json).toMatchObject({ cronExpression: "0 0 * * *", timezone: "UTC", name: "nightly backup", cronHuman: "At 12:00 AM, every day (UTC)" });
      expect(res.json.nextRuns).toHaveLength(5);
      const refused = await invoke(parseRoute.POST, "POST", "/api/v1/cron/parse", { auth: alice.auth, body: { text: "every 90 minutes" } });
      expect(refused.status).toBe(400);
      expect(refused.json.error.fields.text).toEqual(expect.any(String));
      expect(refused.json.error.suggestion).toEqual(expect.any(String));
    });

    test("lists the job types with their payload schemas", async () => {
      const res = await invoke(entrypoints.GET, "GET", "/api/v1/entrypoints", { auth: alice.auth });
      expect(res.json.items.map((e: { key: string }) => e.key)).toEqual(expect.arrayContaining(["log", "http"]));
      for (const e of res.json.items) expect(e.payloadSchema.type).toBe("object");
    });
  });
}
