// The workers' look over heartbeat checks (lib/heartbeats/watch.ts), on both databases (each a
// database of its own: the look settles every check it finds): checks waiting within a long grace
// never hide a check past its grace, nor runs within their timeout a run past it, however many.
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { createDb, type Db } from "../../lib/db/client";
import { migrate } from "../../lib/db/migrate";
import type { DbTarget } from "../../lib/db/target";
import { settleCheck } from "../../lib/heartbeats/settle";
import { watchHeartbeats } from "../../lib/heartbeats/watch";
import { createSchedule } from "../../lib/schedules/schedules";
import { scheduleCreateSchema } from "../../lib/validation/schedules";
import { ownDatabases } from "../support/databases";
import { ownerAccess } from "../support/teams";

const at = (hhmmss: string) => new Date(`2026-12-07T${hhmmss}Z`);
const source = { method: "GET", address: null, userAgent: null };

describe.each(ownDatabases("heartbeats-watch"))("on %s", (_name, makeTarget, dropTarget) => {
  let target: DbTarget;
  let db: Db;
  let userId: string;

  beforeAll(async () => {
    target = await makeTarget();
    await migrate(target);
    db = await createDb(target);
    userId = (await db.user.create({ data: { email: `watch-${Math.random().toString(36).slice(2)}@example.com`, passwordHash: "x" } })).id;
  });
  afterAll(async () => {
    await db.user.delete({ where: { id: userId } });
    await db.$disconnect();
    await dropTarget(target);
  });

  async function check(name: string, cronExpression: string, made: Date, payload: Record<string, unknown>, extra: Record<string, unknown> = {}) {
    const s = await createSchedule(db, ownerAccess(userId), scheduleCreateSchema.parse({ name, cronExpression, entrypoint: "heartbeat", payload, ...extra }), made);
    return { id: s.id, key: (await db.schedule.findUniqueOrThrow({ where: { id: s.id } })).pingKey! };
  }

  test("500 checks waiting within a grace of a day do not hide the one past its grace of a minute", async () => {
    // Hourly checks with a day's grace, their 09:00 slot come and unanswered: copies of one, made at once.
    const waiting = await check("waiting-0", "0 * * * *", at("08:30:00"), { graceSeconds: 86_400 });
    const row = await db.schedule.findUniqueOrThrow({ where: { id: waiting.id } });
    const { id: _id, pingKey: _key, name: _name, nameKey: _nameKey, createdAt: _c, updatedAt: _u, ...rest } = row;
    await db.schedule.createMany({
      data: Array.from({ length: 499 }, (_, i) => ({ ...rest, payload: rest.payload as object, alerts: undefined, name: `waiting-${i + 1}`, nameKey: `waiting-${i + 1}`, pingKey: randomBytes(18).toString("base64url") })),
    });
    // The one check past its grace comes after every waiting one, by its cursor, its id and when it was made.
    const made = await check("late", "5 9 * * *", at("08:30:00"), { graceSeconds: 60 });
    const late = await db.schedule.update({ where: { id: made.id }, data: { id: "ffffffff-ffff-4fff-bfff-ffffffffffff" } });
    expect(await watchHeartbeats(db, at("09:06:00"))).toBe(1);
    expect(await db.run.findMany({ where: { scheduleId: late.id }, select: { status: true, scheduledFor: true } })).toEqual([{ status: "missed", scheduledFor: at("09:05:00") }]);
    expect(await db.run.count({ where: { schedule: { name: { startsWith: "waiting-" } } } })).toBe(0);
    await db.schedule.deleteMany({ where: { createdById: userId } });
  });

  test("runs started within their timeout do not hide one past it; pages of any size read everything", async () => {
    const long = await check("long", "0 9 * * *", at("08:30:00"), { graceSeconds: 86_400 }, { timeoutSeconds: 3600 });
    const short = await check("short", "0 9 * * *", at("08:30:00"), { graceSeconds: 86_400 }, { timeoutSeconds: 60 });
    const start = { signal: { kind: "start" as const }, body: "", source };
    // Three open runs within an hour's timeout, started before the one with a minute's.
    for (const t of ["09:00:01", "09:00:02", "09:00:03"]) await settleCheck(db, { pingKey: long.key }, at(t), start);
    await settleCheck(db, { pingKey: short.key }, at("09:00:04"), start);
    expect(await watchHeartbeats(db, at("09:01:03"), 2)).toBe(0);
    expect(await watchHeartbeats(db, at("09:01:04"), 2)).toBe(1);
    expect((await db.run.findMany({ where: { scheduleId: short.id } })).map((r) => r.status)).toEqual(["timed_out"]);
    expect((await db.run.findMany({ where: { scheduleId: long.id } })).map((r) => r.status)).toEqual(["running", "running", "running"]);
    await db.schedule.deleteMany({ where: { createdById: userId } });
  });
});
