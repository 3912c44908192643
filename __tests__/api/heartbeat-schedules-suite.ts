// Heartbeat checks through the schedules API, on whichever database the calling file sets up: the
// ping URL each answer carries (set exactly while the job type is heartbeat), its rotation
// (POST /api/v1/schedules/{id}/ping-key) and Run now refused. The ping routes have their own tests.
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import * as collection from "../../app/api/v1/schedules/route";
import * as item from "../../app/api/v1/schedules/[id]/route";
import * as pingKey from "../../app/api/v1/schedules/[id]/ping-key/route";
import * as run from "../../app/api/v1/schedules/[id]/run/route";
import type { Db } from "../../lib/db/client";
import type { DbTarget } from "../../lib/db/target";
import { unique } from "../support/databases";
import { BASE, invoke, newUser, useDatabase } from "../support/handlers";

/** A ping URL as the API hands it out: this request's origin, /ping/, a key of 22+ URL-safe characters. */
const PING_URL = new RegExp(`^${BASE}/ping/[A-Za-z0-9_-]{22,}$`);
const keyOf = (url: string) => url.slice(url.lastIndexOf("/") + 1);

export function heartbeatScheduleSuite(target: () => DbTarget) {
  let db: Db;
  let editor: { id: string; auth: string };
  let viewer: { id: string; auth: string };
  let outsider: { id: string; auth: string };
  let teamId: string;

  beforeAll(async () => {
    db = await useDatabase(target());
    [editor, viewer, outsider] = [await newUser(db), await newUser(db), await newUser(db)];
    teamId = (await db.team.create({ data: { name: unique("Ops") } })).id;
    await db.membership.createMany({ data: [{ teamId, userId: editor.id, role: "editor" }, { teamId, userId: viewer.id, role: "viewer" }] });
  });
  afterAll(async () => {
    await db?.team.deleteMany({ where: { id: teamId } });
    await db?.$disconnect();
  });

  const create = (body: Record<string, unknown>) => invoke(collection.POST, "POST", "/api/v1/schedules", { auth: editor.auth, body: { teamId, cronExpression: "*/5 * * * *", ...body } });
  const heartbeat = async () => {
    const res = await create({ name: unique("check"), entrypoint: "heartbeat" });
    expect(res.status).toBe(201);
    return res.json;
  };
  const rotate = (auth: string, id: string) => invoke(pingKey.POST, "POST", `/api/v1/schedules/${id}/ping-key`, { auth, params: { id } });
  const patch = (id: string, body: unknown) => invoke(item.PATCH, "PATCH", `/api/v1/schedules/${id}`, { auth: editor.auth, params: { id }, body });

  describe("pingUrl", () => {
    test("a heartbeat check is created with one, the default grace, and other job types with none", async () => {
      const check = await heartbeat();
      expect(check.pingUrl).toMatch(PING_URL);
      expect(check.payload).toEqual({ graceSeconds: 300 });
      expect((await create({ name: unique("log") })).json.pingUrl).toBeNull();
    });

    test("switching to another job type clears it; switching back gives a new one", async () => {
      const check = await heartbeat();
      const toLog = await patch(check.id, { entrypoint: "log", payload: { message: "hi" } });
      expect(toLog.status).toBe(200);
      expect(toLog.json.pingUrl).toBeNull();
      expect((await db.schedule.findUniqueOrThrow({ where: { id: check.id } })).pingKey).toBeNull();
      const back = await patch(check.id, { entrypoint: "heartbeat", payload: { graceSeconds: 60 } });
      expect(back.status).toBe(200);
      expect(back.json.pingUrl).toMatch(PING_URL);
      expect(back.json.pingUrl).not.toBe(check.pingUrl);
      expect(back.json.payload).toEqual({ graceSeconds: 60 });
    });

    test("a grace that is not a whole number of seconds from 1 to 604800, or an unknown field, is a 400 naming it, and nothing is written", async () => {
      const before = await db.schedule.count({ where: { teamId } });
      for (const [payload, message] of [
        [{ graceSeconds: 0 }, /payload.graceSeconds: .*at least 1 second/],
        [{ graceSeconds: 604_801 }, /at most 604800/],
        [{ graceSeconds: 1.5 }, /whole number of seconds/],
        [{ graceSeconds: "60" }, /whole number of seconds/],
        [{ grace: 60 }, /payload.grace: unknown field "grace"/],
      ] as const) {
        const res = await create({ name: unique("bad-check"), entrypoint: "heartbeat", payload });
        expect(res.status).toBe(400);
        expect(res.json.error.code).toBe("validation_error");
        expect(Object.entries(res.json.error.fields).map(([field, why]) => `${field}: ${why}`).join("; ")).toMatch(message);
      }
      expect(await db.schedule.count({ where: { teamId } })).toBe(before);
    });

    test("Run now on a heartbeat check is a 409 that says where its runs come from, and queues nothing", async () => {
      const check = await heartbeat();
      const res = await invoke(run.POST, "POST", `/api/v1/schedules/${check.id}/run`, { auth: editor.auth, params: { id: check.id } });
      expect(res.status).toBe(409);
      expect(res.json.error).toMatchObject({ code: "conflict", message: expect.stringMatching(/ping/) });
      expect(await db.run.count({ where: { scheduleId: check.id } })).toBe(0);
    });
  });

  describe("POST /api/v1/schedules/{id}/ping-key", () => {
    test("gives a new 24-character key; the old key is gone; the audit log names the schedule, not the key", async () => {
      const check = await heartbeat();
      const res = await rotate(editor.auth, check.id);
      expect(res.status).toBe(200);
      expect(res.json).toMatchObject({ id: check.id, name: check.name, entrypoint: "heartbeat", pingUrl: PING_URL });
      const key = keyOf(res.json.pingUrl);
      expect(key).toHaveLength(24);
      expect(key).not.toBe(keyOf(check.pingUrl));
      expect((await db.schedule.findUniqueOrThrow({ where: { id: check.id } })).pingKey).toBe(key);
      expect(await db.schedule.count({ where: { pingKey: keyOf(check.pingUrl) } })).toBe(0);
      // Read back the same way afterwards.
      expect((await invoke(item.GET, "GET", `/api/v1/schedules/${check.id}`, { auth: viewer.auth, params: { id: check.id } })).json.pingUrl).toBe(res.json.pingUrl);

      const audit = await db.auditEvent.findMany({ where: { teamId, action: "schedule.ping_key_rotated", targetId: check.id } });
      expect(audit).toHaveLength(1);
      const [row] = audit;
      expect(row).toMatchObject({ targetType: "schedule", targetName: check.name });
      expect(JSON.stringify(row)).not.toContain(key);
      expect(JSON.stringify(row)).not.toContain(keyOf(check.pingUrl));
    });

    test("a viewer gets 403 naming the role needed, and the key stays", async () => {
      const check = await heartbeat();
      const res = await rotate(viewer.auth, check.id);
      expect(res.status).toBe(403);
      expect(res.json.error.message).toMatch(/needs the editor role in this team.*you are a viewer/);
      expect((await db.schedule.findUniqueOrThrow({ where: { id: check.id } })).pingKey).toBe(keyOf(check.pingUrl));
    });

    test("another team's schedule, or none, is a 404", async () => {
      const check = await heartbeat();
      const res = await rotate(outsider.auth, check.id);
      expect(res.status).toBe(404);
      expect(res.json.error.code).toBe("not_found");
      expect((await rotate(editor.auth, "00000000-0000-0000-0000-000000000000")).status).toBe(404);
      expect((await db.schedule.findUniqueOrThrow({ where: { id: check.id } })).pingKey).toBe(keyOf(check.pingUrl));
    });

    test("a schedule of another job type is a 409 naming its type, and gets no key", async () => {
      const { json } = await create({ name: unique("log") });
      const res = await rotate(editor.auth, json.id);
      expect(res.status).toBe(409);
      expect(res.json.error).toMatchObject({ code: "conflict", message: expect.stringMatching(/heartbeat.*log/) });
      expect((await db.schedule.findUniqueOrThrow({ where: { id: json.id } })).pingKey).toBeNull();
    });

    test("without credentials: 401", async () => {
      const check = await heartbeat();
      expect((await invoke(pingKey.POST, "POST", `/api/v1/schedules/${check.id}/ping-key`, { params: { id: check.id } })).status).toBe(401);
    });
  });
}
