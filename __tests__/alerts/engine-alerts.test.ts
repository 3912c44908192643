// Alerts from the engine on a fake clock, on both databases (a PostgreSQL database of its own: a
// sender on a shared one could take this file's deliveries), delivered to a real HTTP receiver
// and verified with an independent Standard Webhooks implementation.
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, test, vi } from "vitest";
import { createDb, type Db } from "../../lib/db/client";
import { migrate } from "../../lib/db/migrate";
import type { DbTarget } from "../../lib/db/target";
import type { JsonValue, RunContext } from "../../lib/entrypoints/types";
import type { Logger } from "../../lib/log";
import { queueManualRun } from "../../lib/runs/runs";
import { createFakeClock } from "../../lib/scheduler/clock";
import { createScheduler, type Scheduler } from "../../lib/scheduler/engine";
import { createSchedule, updateSchedule } from "../../lib/schedules/schedules";
import { scheduleCreateSchema } from "../../lib/validation/schedules";
import { ownDatabases } from "../support/databases";
import { startReceiver, verifiedWebhooks, webhookChannel as makeWebhookChannel } from "../support/alerts";
import { ownerAccess } from "../support/teams";
import { waitFor } from "../support/server";

vi.hoisted(() => {
  // The receiver is on loopback, which the network policy refuses unless the operator allows it.
  process.env.ALLOW_PRIVATE_NETWORK_TARGETS = "true";
});

const quiet: Logger = { debug() {}, info() {}, warn() {}, error() {} };
const T0 = Date.UTC(2026, 11, 7, 9, 0, 0);

const targets = ownDatabases("alerts-engine");

describe.each(targets)("on %s", (_name, makeTarget, dropTarget) => {
  let target: DbTarget;
  let db: Db;
  let userId: string;
  let clock: ReturnType<typeof createFakeClock>;
  let engine: Scheduler;
  let fail = true;
  let receiver: Awaited<ReturnType<typeof startReceiver>>;

  const settle = () => Promise.race([engine.idle(), new Promise<void>((r) => setTimeout(r, 60))]);
  const advance = (ms: number) => clock.advance(ms, settle);
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
    userId = (await db.user.create({ data: { email: `alerts-${Math.random().toString(36).slice(2)}@example.com`, passwordHash: "x" } })).id;
    receiver = await startReceiver();
    fail = true;
    clock = createFakeClock(T0);
    engine = createScheduler({
      db,
      workerId: `worker-${Math.random().toString(36).slice(2, 8)}`,
      log: quiet,
      clock,
      concurrency: 4,
      alertWatchIntervalMs: 1000,
      run: async (_key, _payload, _ctx: RunContext): Promise<JsonValue> => {
        if (fail) throw new Error("the backup target refused the connection");
        return { ok: true };
      },
    });
    await engine.start();
  });
  afterEach(async () => {
    await engine.stop();
    // The next test's engine loads every schedule in the database: this test's go with their user.
    await db.user.delete({ where: { id: userId } });
    await db.$disconnect();
    await receiver.close();
  });

  const webhookChannel = () => makeWebhookChannel(db, access(), userId, `${receiver.url}/hook`);

  /** The webhooks received so far, each verified with the channel's secret. */
  const delivered = (secret: string) => verifiedWebhooks(receiver.received, secret);

  test("after 3 failures in a row: exactly one run.failed; at the first success: one schedule.recovered", async () => {
    const hook = await webhookChannel();
    const s = await createSchedule(db, access(), scheduleCreateSchema.parse({ name: "nightly backup", cronExpression: "* * * * *", alerts: { channelIds: [hook.id], afterConsecutiveFailures: 3 } }), new Date(T0));
    await advance(2_000); // the engine picks the new schedule up
    for (let i = 0; i < 2; i++) await advance(60_000);
    await new Promise((r) => setTimeout(r, 300));
    expect(receiver.received).toHaveLength(0); // two failures: below the threshold
    await advance(60_000);
    await waitFor(async () => receiver.received.length >= 1, 10_000, "the run.failed webhook");
    for (let i = 0; i < 2; i++) await advance(60_000); // the streak goes on: no second alert
    fail = false;
    await advance(60_000);
    await waitFor(async () => receiver.received.length >= 2, 10_000, "the schedule.recovered webhook");
    await advance(60_000); // successes after the recovery: nothing more
    await new Promise((r) => setTimeout(r, 300));

    const events = delivered(hook.secret);
    expect(events.map((e) => [e.type, e.consecutiveFailures])).toEqual([
      ["run.failed", 3],
      ["schedule.recovered", 5],
    ]);
    expect(events[0]).toMatchObject({ team: { id: userId }, schedule: { id: s.id, name: "nightly backup", cronExpression: "* * * * *", timezone: "UTC" }, run: { status: "failed", attempt: 1, error: { message: "the backup target refused the connection" } } });
    expect(events[0].schedule!.url).toMatch(new RegExp(`/schedules/${s.id}$`));
    expect(events[1].run).toMatchObject({ status: "succeeded" });
    // the webhook-id is the event's id, kept in the history with the delivery
    expect(receiver.received[0].headers["webhook-id"]).toBe(events[0].id);
    const history = await db.alertEvent.findMany({ where: { scheduleId: s.id }, include: { deliveries: true }, orderBy: { createdAt: "asc" } });
    expect(history.map((e) => [e.type, e.deliveries.map((d) => [d.status, d.attempts])])).toEqual([
      ["run.failed", [["delivered", 1]]],
      ["schedule.recovered", [["delivered", 1]]],
    ]);
    const row = await db.schedule.findUniqueOrThrow({ where: { id: s.id } });
    expect(row).toMatchObject({ failureStreak: 0, failureAlertedAt: null });
  });

  test("a slot with retries left is not a failure yet; retries exhausted count once", async () => {
    const hook = await webhookChannel();
    await createSchedule(db, access(), scheduleCreateSchema.parse({ name: "flaky", cronExpression: "* * * * *", maxRetries: 2, retryDelaySeconds: 1, alerts: { channelIds: [hook.id], afterConsecutiveFailures: 2 } }), new Date(T0));
    await advance(2_000);
    await advance(60_000);
    for (let i = 0; i < 8; i++) await advance(1_000); // attempts 2 and 3 of the first slot
    await new Promise((r) => setTimeout(r, 300));
    expect(receiver.received).toHaveLength(0); // one slot failed, three attempts: a streak of 1
    await advance(60_000);
    for (let i = 0; i < 8; i++) await advance(1_000);
    await waitFor(async () => receiver.received.length >= 1, 10_000, "the run.failed webhook");
    expect(delivered(hook.secret).map((e) => [e.type, e.consecutiveFailures, e.run?.attempt])).toEqual([["run.failed", 2, 3]]);
  });

  test("a manual run counts as its own outcome, and reminders repeat while the streak lasts", async () => {
    const hook = await webhookChannel();
    const s = await createSchedule(db, access(), scheduleCreateSchema.parse({ name: "by hand", cronExpression: "0 0 1 1 *", alerts: { channelIds: [hook.id], remindEveryMinutes: 10 } }), new Date(T0));
    await queueManualRun(db, access(), s.id, new Date(clock.now()));
    await advance(2_000);
    await waitFor(async () => receiver.received.length >= 1, 10_000, "the run.failed webhook");
    await advance(5 * 60_000);
    await new Promise((r) => setTimeout(r, 300));
    expect(receiver.received).toHaveLength(1);
    await advance(6 * 60_000);
    await waitFor(async () => receiver.received.length >= 2, 10_000, "the first reminder");
    await advance(10 * 60_000);
    await waitFor(async () => receiver.received.length >= 3, 10_000, "the second reminder");
    const events = delivered(hook.secret);
    expect(events.map((e) => [e.type, e.consecutiveFailures, e.reminder ?? 0])).toEqual([
      ["run.failed", 1, 0],
      ["run.failed", 1, 1],
      ["run.failed", 1, 2],
    ]);
    expect(new Set(events.map((e) => e.id)).size).toBe(3);
  });

  test("run.slow once per run past runLongerThanSeconds", async () => {
    const hook = await webhookChannel();
    let release = () => {};
    await engine.stop();
    engine = createScheduler({
      db,
      workerId: "slow-worker",
      log: quiet,
      clock,
      alertWatchIntervalMs: 1000,
      run: () => new Promise((resolve) => (release = () => resolve({ ok: true }))),
    });
    await engine.start();
    const s = await createSchedule(db, access(), scheduleCreateSchema.parse({ name: "slow", cronExpression: "0 0 1 1 *", timeoutSeconds: 3600, alerts: { channelIds: [hook.id], runLongerThanSeconds: 30 } }), new Date(clock.now()));
    await queueManualRun(db, access(), s.id, new Date(clock.now()));
    await advance(2_000);
    await advance(20_000);
    await new Promise((r) => setTimeout(r, 300));
    expect(receiver.received).toHaveLength(0);
    await advance(15_000);
    await waitFor(async () => receiver.received.length >= 1, 10_000, "the run.slow webhook");
    await advance(30_000);
    await new Promise((r) => setTimeout(r, 300));
    release();
    await advance(1_000);
    const events = delivered(hook.secret);
    expect(events.map((e) => [e.type, e.slow?.runLongerThanSeconds, e.run?.status])).toEqual([["run.slow", 30, "running"]]);
  });

  test("turning alerts off and on again starts the count over", async () => {
    const hook = await webhookChannel();
    const s = await createSchedule(db, access(), scheduleCreateSchema.parse({ name: "toggled", cronExpression: "* * * * *", alerts: { channelIds: [hook.id], afterConsecutiveFailures: 2 } }), new Date(T0));
    await advance(2_000);
    await advance(60_000);
    expect((await db.schedule.findUniqueOrThrow({ where: { id: s.id } })).failureStreak).toBe(1);
    await updateSchedule(db, access(), s.id, { alerts: null }, new Date(clock.now()));
    await advance(2_000);
    await advance(60_000);
    await updateSchedule(db, access(), s.id, { alerts: { channelIds: [hook.id], afterConsecutiveFailures: 2, onRecovery: true, onMissed: true } }, new Date(clock.now()));
    await advance(2_000);
    await advance(60_000);
    await new Promise((r) => setTimeout(r, 300));
    expect(receiver.received).toHaveLength(0);
    expect((await db.schedule.findUniqueOrThrow({ where: { id: s.id } })).failureStreak).toBe(1);
  });
});
