// Heartbeat checks beside the engine, on a fake clock and on both databases (each a database of
// its own: a sender on a shared one could take this file's deliveries): the engine never executes
// them, the workers' alert watch records a slot with no ping as one missed run and one
// schedule.missed webhook (verified with an independent Standard Webhooks implementation), a ping
// afterwards is the recovery, and a schedule switched to a heartbeat check and back is dropped and
// taken up again.
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, test, vi } from "vitest";
import { createDb, type Db } from "../../lib/db/client";
import { migrate } from "../../lib/db/migrate";
import type { DbTarget } from "../../lib/db/target";
import type { JsonValue } from "../../lib/entrypoints/types";
import { settleCheck } from "../../lib/heartbeats/settle";
import type { Logger } from "../../lib/log";
import { createFakeClock } from "../../lib/scheduler/clock";
import { createScheduler, type Scheduler } from "../../lib/scheduler/engine";
import { createSchedule, updateSchedule } from "../../lib/schedules/schedules";
import { scheduleCreateSchema } from "../../lib/validation/schedules";
import { startReceiver, verifiedWebhooks, webhookChannel as makeWebhookChannel } from "../support/alerts";
import { ownDatabases } from "../support/databases";
import { waitFor } from "../support/server";
import { ownerAccess } from "../support/teams";

vi.hoisted(() => {
  // The receiver is on loopback, which the network policy refuses unless the operator allows it.
  process.env.ALLOW_PRIVATE_NETWORK_TARGETS = "true";
});

const quiet: Logger = { debug() {}, info() {}, warn() {}, error() {} };
const T0 = Date.UTC(2026, 11, 7, 9, 0, 0);
const at = (hhmmss: string) => new Date(`2026-12-07T${hhmmss}Z`);

const targets = ownDatabases("heartbeats-engine");

describe.each(targets)("on %s", (_name, makeTarget, dropTarget) => {
  let target: DbTarget;
  let db: Db;
  let userId: string;
  let clock: ReturnType<typeof createFakeClock>;
  let engine: Scheduler;
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  /** What the engine executed: job type and payload, in order. */
  let executed: { entrypoint: string; payload: unknown }[];

  const settle = () => Promise.race([engine.idle(), new Promise<void>((r) => setTimeout(r, 60))]);
  const advance = (ms: number) => clock.advance(ms, settle);
  /** Moves the fake clock to `hhmmss` (UTC on T0's day), firing every timer on the way. */
  const advanceTo = (hhmmss: string) => advance(at(hhmmss).getTime() - clock.now());
  const access = () => ownerAccess(userId);

  beforeAll(async () => {
    target = await makeTarget();
    await migrate(target);
  });
  afterAll(async () => {
    await dropTarget(target);
  });
  beforeEach(async () => {
    db = await createDb(target);
    userId = (await db.user.create({ data: { email: `hb-${Math.random().toString(36).slice(2)}@example.com`, passwordHash: "x" } })).id;
    receiver = await startReceiver();
    executed = [];
    clock = createFakeClock(T0);
    engine = createScheduler({
      db,
      workerId: `worker-${Math.random().toString(36).slice(2, 8)}`,
      log: quiet,
      clock,
      concurrency: 4,
      alertWatchIntervalMs: 1000,
      run: async (entrypoint, payload): Promise<JsonValue> => {
        executed.push({ entrypoint, payload });
        return { ok: true };
      },
    });
    await engine.start();
  });
  afterEach(async () => {
    await engine.stop();
    await db.user.delete({ where: { id: userId } });
    await db.$disconnect();
    await receiver.close();
  });

  const webhookChannel = () => makeWebhookChannel(db, access(), userId, `${receiver.url}/hook`);
  /** The webhooks received so far, each verified with the channel's secret. */
  const delivered = (secret: string) => verifiedWebhooks(receiver.received, secret);
  const runsOf = (scheduleId: string) => db.run.findMany({ where: { scheduleId }, orderBy: [{ scheduledFor: "asc" }] });
  const executedWith = (message: string) => executed.filter((e) => (e.payload as { message?: string } | null)?.message === message).length;

  test("a check is never executed; a silent slot is one missed run and one schedule.missed webhook; a ping then is schedule.recovered; a log schedule beside it runs", async () => {
    const hook = await webhookChannel();
    const check = await createSchedule(
      db,
      access(),
      scheduleCreateSchema.parse({ name: "nightly backup check", cronExpression: "*/5 * * * *", entrypoint: "heartbeat", payload: { graceSeconds: 60 }, alerts: { channelIds: [hook.id] } }),
      new Date(T0),
    );
    const key = (await db.schedule.findUniqueOrThrow({ where: { id: check.id } })).pingKey!;
    await createSchedule(db, access(), scheduleCreateSchema.parse({ name: "beside", cronExpression: "* * * * *", entrypoint: "log", payload: { message: "beside" } }), new Date(T0));

    await advanceTo("09:05:59"); // the 09:05 slot is still within its grace
    expect(await runsOf(check.id)).toEqual([]);
    await advanceTo("09:06:01");
    const [missed, ...more] = await runsOf(check.id);
    expect(more).toEqual([]);
    expect(missed).toMatchObject({ status: "missed", trigger: "schedule", scheduledFor: at("09:05:00") });
    await waitFor(async () => receiver.received.length >= 1, 10_000, "the schedule.missed webhook");

    await advanceTo("09:09:30"); // looks go on: the slot is not recorded or alerted again
    await new Promise((r) => setTimeout(r, 300));
    expect(await runsOf(check.id)).toHaveLength(1);
    expect(receiver.received).toHaveLength(1);

    // The job pings for its 09:10 slot (as the ping endpoint does, at the engine's time).
    await advanceTo("09:10:04");
    const settled = await settleCheck(db, { pingKey: key }, new Date(clock.now()), { signal: { kind: "success" }, body: "", source: { method: "GET", address: null, userAgent: "curl/8.5.0" } });
    expect(settled).toMatchObject({ missed: 0 });
    await waitFor(async () => receiver.received.length >= 2, 10_000, "the schedule.recovered webhook");
    await advanceTo("09:11:30"); // the answered slot is not missed
    await new Promise((r) => setTimeout(r, 300));

    const events = delivered(hook.secret);
    expect(events.map((e) => e.type)).toEqual(["schedule.missed", "schedule.recovered"]);
    expect(events[0]).toMatchObject({
      schedule: { id: check.id, name: "nightly backup check", cronExpression: "*/5 * * * *" },
      run: { id: missed.id, status: "missed" },
      missed: { scheduledFor: "2026-12-07T09:05:00.000Z", graceSeconds: 60 },
    });
    expect(events[1].run).toMatchObject({ id: settled!.runId, status: "succeeded" });
    expect((await runsOf(check.id)).map((r) => [r.trigger, r.status, r.scheduledFor.toISOString()])).toEqual([
      ["schedule", "missed", "2026-12-07T09:05:00.000Z"],
      ["ping", "succeeded", "2026-12-07T09:10:00.000Z"],
    ]);

    // The engine executed the log schedule every minute, and nothing of the check.
    expect(executed.some((e) => e.entrypoint === "heartbeat")).toBe(false);
    expect(executedWith("beside")).toBeGreaterThanOrEqual(10);
  });

  test("a schedule switched from log to a heartbeat check is dropped by the engine, and switched back runs again", async () => {
    const s = await createSchedule(db, access(), scheduleCreateSchema.parse({ name: "switched", cronExpression: "* * * * *", entrypoint: "log", payload: { message: "switched" } }), new Date(T0));
    await advanceTo("09:02:30");
    expect(executedWith("switched")).toBe(2); // 09:01, 09:02

    // A grace of an hour: no missed run gets in the way.
    await updateSchedule(db, access(), s.id, { entrypoint: "heartbeat", payload: { graceSeconds: 3600 } }, new Date(clock.now()));
    await advanceTo("09:06:30");
    expect(executedWith("switched")).toBe(2);
    expect(executed.some((e) => e.entrypoint === "heartbeat")).toBe(false);
    const whileCheck = await db.run.findMany({ where: { scheduleId: s.id, scheduledFor: { gt: at("09:02:30") } } });
    expect(whileCheck).toEqual([]);

    await updateSchedule(db, access(), s.id, { entrypoint: "log", payload: { message: "switched" } }, new Date(clock.now()));
    await advanceTo("09:09:30");
    expect(executedWith("switched")).toBeGreaterThanOrEqual(2 + 2); // 09:07, 09:08, 09:09 (the first maybe after the sync)
    const after = await db.run.findMany({ where: { scheduleId: s.id, scheduledFor: { gt: at("09:06:30") } } });
    expect(after.every((r) => r.trigger === "schedule" && r.status === "succeeded")).toBe(true);
    expect(await db.schedule.findUniqueOrThrow({ where: { id: s.id } })).toMatchObject({ pingKey: null });
  });

  test("a check switched to a log job while a /start ping's run is open: that run ends lost and the log job's slots run (not skipped as overlapping)", async () => {
    const s = await createSchedule(
      db,
      access(),
      scheduleCreateSchema.parse({ name: "started", cronExpression: "* * * * *", entrypoint: "heartbeat", payload: { graceSeconds: 3600 }, timeoutSeconds: 3600 }),
      new Date(T0),
    );
    const key = (await db.schedule.findUniqueOrThrow({ where: { id: s.id } })).pingKey!;
    await advanceTo("09:01:02");
    await settleCheck(db, { pingKey: key }, new Date(clock.now()), { signal: { kind: "start" }, body: "", source: { method: "GET", address: null, userAgent: null } });
    const [started] = await runsOf(s.id);
    expect(started).toMatchObject({ trigger: "ping", status: "running" });

    await updateSchedule(db, access(), s.id, { entrypoint: "log", payload: { message: "started" } }, new Date(clock.now()));
    const ended = await db.run.findUniqueOrThrow({ where: { id: started.id } });
    expect(ended).toMatchObject({ status: "lost", finishedAt: new Date(clock.now()) });
    expect(ended.error).toMatchObject({ message: expect.stringMatching(/stopped being a heartbeat check/) });
    await advanceTo("09:04:30");
    const later = await db.run.findMany({ where: { scheduleId: s.id, trigger: "schedule" } });
    expect(later.map((r) => r.status)).toEqual(expect.arrayContaining(["succeeded"]));
    expect(later.some((r) => r.status === "skipped")).toBe(false);
    expect(executedWith("started")).toBeGreaterThanOrEqual(2);
  });
});
