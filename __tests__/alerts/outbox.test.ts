// The outbox and its senders on both databases (a PostgreSQL database of this file's own), with
// real HTTP receivers: retries and their backoff, Retry-After, giving up, leases left by a sender
// that died, two senders sharing one outbox, missed slots, and the web process's watch over
// the workers.
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, test, vi } from "vitest";
import { createAlertSender, GIVE_UP_AFTER_MS, LEASE_MS } from "../../lib/alerts/dispatch";
import { pruneAlerts } from "../../lib/alerts/history";
import { channelKeyProblem } from "../../lib/alerts/key-check";
import { writeAlert } from "../../lib/alerts/outbox";
import { watchSchedules } from "../../lib/alerts/schedule-watch";
import { createChannel, deleteChannel } from "../../lib/alerts/team-channels";
import { createWorkerWatch } from "../../lib/alerts/worker-watch";
import { createDb, providerOf, type Db } from "../../lib/db/client";
import { migrate } from "../../lib/db/migrate";
import type { DbTarget } from "../../lib/db/target";
import type { Logger } from "../../lib/log";
import { createSchedule } from "../../lib/schedules/schedules";
import { scheduleCreateSchema } from "../../lib/validation/schedules";
import { ownDatabases } from "../support/databases";
import { startReceiver } from "../support/alerts";
import { ownerAccess } from "../support/teams";

vi.hoisted(() => {
  process.env.ALLOW_PRIVATE_NETWORK_TARGETS = "true";
});

const quiet: Logger = { debug() {}, info() {}, warn() {}, error() {} };
const T0 = Date.UTC(2026, 11, 7, 9, 0, 0);

const targets = ownDatabases("alerts-outbox");

describe.each(targets)("on %s", (_name, makeTarget, dropTarget) => {
  let target: DbTarget;
  let db: Db;
  let userId: string;
  let now = T0;
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  let answer: (n: number) => { status: number; headers?: Record<string, string> } = () => ({ status: 200 });

  beforeAll(async () => {
    target = await makeTarget();
    await migrate(target);
    db = await createDb(target);
  });
  afterAll(async () => {
    await db.$disconnect();
    await dropTarget(target);
  });
  beforeEach(async () => {
    now = T0;
    answer = () => ({ status: 200 });
    receiver = await startReceiver((_req, res) => {
      const a = answer(receiver.received.length - 1); // this request is received already
      res.writeHead(a.status, a.headers).end(a.status >= 400 ? `status ${a.status} from the receiver` : "ok");
    });
    // Each test starts from an empty outbox and no workers.
    await db.alertEvent.deleteMany();
    await db.workerHeartbeat.deleteMany();
    await db.workerWatch.deleteMany();
    userId = (await db.user.create({ data: { email: `outbox-${Math.random().toString(36).slice(2)}@example.com`, passwordHash: "x" } })).id;
  });
  afterEach(async () => {
    await db.user.delete({ where: { id: userId } });
    await receiver.close();
  });

  const sender = (senderId = "sender-a") => createAlertSender({ db, senderId, log: quiet, now: () => now });
  const channel = async () => (await createChannel(db, ownerAccess(userId), userId, { name: `hook-${Math.random().toString(36).slice(2, 7)}`, type: "webhook", config: { url: `${receiver.url}/hook` } })).id;
  async function alert(channels: string[], payloadExtra: Record<string, unknown> = {}) {
    return db.$transaction((tx) =>
      writeAlert(tx as unknown as Db, providerOf(db), { teamId: userId, type: "channel.test", payload: { type: "channel.test", at: new Date(now).toISOString(), team: { id: userId, name: "t" }, ...payloadExtra }, channels }, new Date(now)),
    );
  }
  const deliveries = () => db.alertDelivery.findMany({ include: { attemptLog: { orderBy: { at: "asc" } } }, orderBy: { createdAt: "asc" } });

  test("a 500 is tried again after 10 s with the same webhook-id; each attempt is recorded", async () => {
    answer = (n) => ({ status: n === 0 ? 500 : 200 });
    const eventId = await alert([await channel()]);
    await sender().drain();
    let [d] = await deliveries();
    expect(d).toMatchObject({ status: "pending", attempts: 1, lastStatus: 500, lastError: expect.stringContaining("500") });
    expect(d.nextAttemptAt.getTime()).toBe(T0 + 10_000);
    now = T0 + 9_000;
    await sender().drain();
    expect(receiver.received).toHaveLength(1); // not due yet
    now = T0 + 10_000;
    await sender().drain();
    [d] = await deliveries();
    expect(d).toMatchObject({ status: "delivered", attempts: 2, lastStatus: 200, lastError: null });
    expect(d.attemptLog.map((a) => [a.ok, a.status])).toEqual([
      [false, 500],
      [true, 200],
    ]);
    expect(receiver.received.map((r) => r.headers["webhook-id"])).toEqual([eventId, eventId]);
  });

  test("a 429's Retry-After decides when it is tried again; a 404 is not tried again", async () => {
    answer = () => ({ status: 429, headers: { "Retry-After": "120" } });
    await alert([await channel()]);
    await sender().drain();
    const [limited] = await deliveries();
    expect(limited).toMatchObject({ status: "pending", lastStatus: 429 });
    expect(limited.nextAttemptAt.getTime()).toBe(T0 + 120_000);
    await db.alertEvent.deleteMany();
    answer = () => ({ status: 404 });
    await alert([await channel()]);
    await sender().drain();
    const [missing] = await deliveries();
    expect(missing).toMatchObject({ status: "failed", attempts: 1, lastStatus: 404 });
  });

  test("retries stop 24 h after the event, with a message that says so", async () => {
    answer = () => ({ status: 503 });
    await alert([await channel()]);
    now = T0 + GIVE_UP_AFTER_MS - 5_000;
    await db.alertDelivery.updateMany({ data: { nextAttemptAt: new Date(now) } });
    await sender().drain();
    const [d] = await deliveries();
    expect(d).toMatchObject({ status: "failed", lastStatus: 503 });
    expect(d.lastError).toMatch(/^gave up after 24 h of retries: /);
  });

  test("a delivery claimed by a sender that died is sent by another after the lease, once", async () => {
    await alert([await channel()]);
    await db.alertDelivery.updateMany({ data: { claimedBy: "dead-worker", claimedUntil: new Date(T0 + LEASE_MS) } });
    await sender("sender-b").drain();
    expect(receiver.received).toHaveLength(0);
    now = T0 + LEASE_MS;
    await sender("sender-b").drain();
    await sender("sender-c").drain();
    expect(receiver.received).toHaveLength(1);
    expect(await deliveries()).toMatchObject([{ status: "delivered", attempts: 1, claimedBy: null }]);
  });

  test("two senders draining one outbox send each delivery once", async () => {
    const ids = [await channel(), await channel()];
    for (let i = 0; i < 60; i++) await alert(ids);
    await Promise.all([sender("sender-a").drain(), sender("sender-b").drain()]);
    expect(receiver.received).toHaveLength(120);
    expect(new Set(receiver.received.map((r) => `${r.headers["webhook-id"]}|${r.headers["webhook-signature"]}`)).size).toBe(120);
    const all = await deliveries();
    expect(all.every((d) => d.status === "delivered" && d.attempts === 1)).toBe(true);
  });

  test("a delivery whose channel was deleted fails and says why; the history keeps its name", async () => {
    const id = await channel();
    await alert([id]);
    await deleteChannel(db, ownerAccess(userId), userId, id);
    await sender().drain();
    const [d] = await deliveries();
    expect(d).toMatchObject({ status: "failed", channelId: null, lastError: "the channel was deleted" });
    expect(d.channelName).toMatch(/^hook-/);
  });

  test("schedule.missed: a slot that came while the worker was up and passed 30 s with no run, once", async () => {
    const id = await channel();
    const s = await createSchedule(db, ownerAccess(userId), scheduleCreateSchema.parse({ name: "missed", cronExpression: "* * * * *", alerts: { channelIds: [id] } }), new Date(T0));
    const slot = new Date(Date.parse(s.nextRunAt!));
    const upSince = new Date(T0);
    expect(await watchSchedules(db, new Date(slot.getTime() + 29_000), upSince)).toBe(0); // within its grace
    expect(await watchSchedules(db, new Date(slot.getTime() + 31_000), upSince)).toBe(1);
    expect(await watchSchedules(db, new Date(slot.getTime() + 40_000), upSince)).toBe(0); // once
    const [event] = await db.alertEvent.findMany({ where: { scheduleId: s.id } });
    expect(event.payload).toMatchObject({ type: "schedule.missed", missed: { scheduledFor: slot.toISOString(), graceSeconds: 30 } });
    // a slot from before the worker started is the worker's absence, not a miss
    expect(await watchSchedules(db, new Date(slot.getTime() + 31_000), new Date(slot.getTime() + 1))).toBe(0);
  });

  test("a slot with a run is not missed, and onMissed: false is never told", async () => {
    const id = await channel();
    const ran = await createSchedule(db, ownerAccess(userId), scheduleCreateSchema.parse({ name: "ran", cronExpression: "* * * * *", alerts: { channelIds: [id] } }), new Date(T0));
    await createSchedule(db, ownerAccess(userId), scheduleCreateSchema.parse({ name: "quiet", cronExpression: "* * * * *", alerts: { channelIds: [id], onMissed: false } }), new Date(T0));
    const slot = new Date(Date.parse(ran.nextRunAt!));
    await db.run.create({ data: { scheduleId: ran.id, scheduledFor: slot, status: "skipped", trigger: "schedule" } });
    expect(await watchSchedules(db, new Date(slot.getTime() + 31_000), new Date(T0))).toBe(0);
  });

  test("worker.down after the silence, sent once whatever the number of web processes; worker.up at the next beat", async () => {
    const id = await channel();
    await createSchedule(db, ownerAccess(userId), scheduleCreateSchema.parse({ name: "enabled", cronExpression: "0 * * * *" }), new Date(T0));
    const watches = [createWorkerWatch({ db, downAfterMs: 60_000, now: () => now }), createWorkerWatch({ db, downAfterMs: 60_000, now: () => now })];
    await db.workerHeartbeat.create({ data: { id: "w1", hostname: "h", pid: 1, startedAt: new Date(T0), lastSeenAt: new Date(T0) } });
    now = T0 + 59_000;
    expect(await Promise.all(watches.map((w) => w.check()))).toEqual([null, null]);
    now = T0 + 60_000;
    expect((await Promise.all(watches.map((w) => w.check()))).filter((r) => r !== null)).toEqual(["down"]);
    expect(await Promise.all(watches.map((w) => w.check()))).toEqual([null, null]);
    now = T0 + 65_000;
    await db.workerHeartbeat.update({ where: { id: "w1" }, data: { lastSeenAt: new Date(now) } });
    expect((await Promise.all(watches.map((w) => w.check()))).filter((r) => r !== null)).toEqual(["up"]);
    const events = await db.alertEvent.findMany({ where: { teamId: userId }, include: { deliveries: true }, orderBy: { createdAt: "asc" } });
    expect(events.map((e) => [e.type, e.deliveries.map((d) => d.channelId)])).toEqual([
      ["worker.down", [id]],
      ["worker.up", [id]],
    ]);
    expect(events[0].payload).toMatchObject({ type: "worker.down", team: { id: userId }, worker: { downSince: new Date(T0).toISOString(), lastSeenAt: new Date(T0).toISOString() } });
  });

  test("history older than the retention goes, unless a delivery of it is still pending", async () => {
    const id = await channel();
    const old = await alert([id]);
    const pending = await alert([id]);
    now = T0 + 100 * 86_400_000;
    const recent = await alert([id]);
    await db.alertDelivery.updateMany({ where: { eventId: { in: [old!, recent!] } }, data: { status: "delivered" } });
    expect(await pruneAlerts(db, new Date(T0 + 90 * 86_400_000))).toEqual({ deleted: 1 });
    expect((await db.alertEvent.findMany({ select: { id: true } })).map((e) => e.id).sort()).toEqual([pending, recent].sort());
    expect(await db.alertDelivery.count({ where: { eventId: old! } })).toBe(0);
  });

  test("a process with another AUTH_SECRET is told, once, that it cannot read the channels' secrets", async () => {
    expect(await channelKeyProblem(db)).toBeNull(); // no channel yet
    await channel();
    expect(await channelKeyProblem(db)).toBeNull();
    expect(await channelKeyProblem(db, "another-secret-of-at-least-32-characters")).toMatch(/cannot be read .*AUTH_SECRET/);
  });

  test("worker alerts go only to teams with enabled schedules that did not turn them off", async () => {
    const id = await channel();
    const watch = createWorkerWatch({ db, downAfterMs: 1_000, now: () => now });
    now = T0 + 5_000;
    expect(await watch.check()).toBe(null); // no enabled schedule anywhere: nothing can be missed
    await createSchedule(db, ownerAccess(userId), scheduleCreateSchema.parse({ name: "enabled", cronExpression: "0 * * * *" }), new Date(T0));
    await db.team.update({ where: { id: userId }, data: { workerAlerts: false } });
    expect(await watch.check()).toBe("down");
    expect(await db.alertEvent.count({ where: { teamId: userId } })).toBe(0);
    expect(id).toBeTruthy();
  });
});
