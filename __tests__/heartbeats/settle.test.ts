// Heartbeat checks settled on both databases, at chosen instants: which slot a ping answers,
// missed slots and their alerts (once, however many settle at once), start/finish pairs and their
// duration, timeouts, extra pings, and a long silence.
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { createDb, type Db } from "../../lib/db/client";
import { settleCheck, type Ping, type PingSignal } from "../../lib/heartbeats/settle";
import { createSchedule, toggleSchedule } from "../../lib/schedules/schedules";
import { scheduleCreateSchema } from "../../lib/validation/schedules";
import { eachDatabase, unique } from "../support/databases";
import { ownerAccess } from "../support/teams";

const at = (hhmmss: string) => new Date(`2026-12-07T${hhmmss}Z`);
const source = { method: "GET", address: "203.0.113.9", userAgent: "curl/8.5.0" };
const ping = (signal: PingSignal = { kind: "success" }, body = ""): Ping => ({ signal, body, source });

eachDatabase((target) => {
  let db: Db;
  let userId: string;

  beforeAll(async () => {
    db = await createDb(target());
    userId = (await db.user.create({ data: { email: `${unique("hb")}@example.com`, passwordHash: "x" } })).id;
  });
  afterAll(async () => {
    await db.user.delete({ where: { id: userId } });
    await db.$disconnect();
  });

  /** A heartbeat check made at `now`; alerts on (no channels: events are still written). */
  async function check(cronExpression: string, now: Date, extra: Record<string, unknown> = {}) {
    const input = scheduleCreateSchema.parse({ name: unique("check"), cronExpression, entrypoint: "heartbeat", payload: { graceSeconds: 60 }, alerts: {}, ...extra });
    const s = await createSchedule(db, ownerAccess(userId), input, now);
    const row = await db.schedule.findUniqueOrThrow({ where: { id: s.id } });
    return { id: s.id, key: row.pingKey!, pingUrl: s.pingUrl! };
  }
  const runs = (scheduleId: string) => db.run.findMany({ where: { scheduleId }, orderBy: [{ scheduledFor: "asc" }, { attempt: "asc" }] });
  const alerts = (scheduleId: string) => db.alertEvent.findMany({ where: { scheduleId }, orderBy: { createdAt: "asc" } });
  const cursor = async (id: string) => (await db.schedule.findUniqueOrThrow({ where: { id } })).nextRunAt?.toISOString();

  test("a check gets a ping URL with a long random key; it waits for its first slot", async () => {
    const c = await check("*/5 * * * *", at("09:00:30"));
    expect(c.key).toMatch(/^[A-Za-z0-9_-]{24}$/);
    expect(c.pingUrl).toMatch(new RegExp(`/ping/${c.key}$`));
    expect(await cursor(c.id)).toBe("2026-12-07T09:05:00.000Z");
  });

  test("a ping after the slot answers it: a succeeded run at the slot, and the check waits for the next", async () => {
    const c = await check("*/5 * * * *", at("09:00:30"));
    const settled = await settleCheck(db, { pingKey: c.key }, at("09:05:07"), ping());
    expect(settled).toMatchObject({ missed: 0, timedOut: 0 });
    const [run] = await runs(c.id);
    expect(run).toMatchObject({ id: settled!.runId, trigger: "ping", status: "succeeded", attempt: 1, scheduledFor: at("09:05:00"), finishedAt: at("09:05:07"), durationMs: null });
    expect(run.result).toEqual({ signal: "success", ...source });
    expect(await cursor(c.id)).toBe("2026-12-07T09:10:00.000Z");
    expect(await db.schedule.findUniqueOrThrow({ where: { id: c.id } })).toMatchObject({ lastRunStatus: "succeeded", lastRunAt: at("09:05:07") });
  });

  test("a ping a few seconds early (the other machine's clock runs ahead) answers the coming slot", async () => {
    const c = await check("0 * * * *", at("09:00:30"));
    await settleCheck(db, { pingKey: c.key }, at("09:59:40"), ping());
    expect((await runs(c.id)).map((r) => r.scheduledFor)).toEqual([at("10:00:00")]);
  });

  test("a slot past its grace with no ping becomes one missed run and one schedule.missed alert; the next ping is the recovery", async () => {
    const c = await check("*/5 * * * *", at("09:00:30"));
    expect(await settleCheck(db, { id: c.id }, at("09:05:59"))).toMatchObject({ missed: 0 }); // still within 60 s
    // Several processes settle at once: one records the slot.
    const settled = await Promise.all([1, 2, 3].map(() => settleCheck(db, { id: c.id }, at("09:06:00"))));
    expect(settled.reduce((n, s) => n + s!.missed, 0)).toBe(1);
    const [missed] = await runs(c.id);
    expect(missed).toMatchObject({ status: "missed", trigger: "schedule", scheduledFor: at("09:05:00"), startedAt: null, finishedAt: at("09:06:00") });
    expect(missed.error).toEqual({ name: "Missed", message: "no ping within 60 s of this slot" });
    expect(await cursor(c.id)).toBe("2026-12-07T09:10:00.000Z");
    const [alert] = await alerts(c.id);
    expect(alert.type).toBe("schedule.missed");
    expect(alert.payload).toMatchObject({ run: { id: missed.id, status: "missed" }, missed: { scheduledFor: "2026-12-07T09:05:00.000Z", graceSeconds: 60 }, consecutiveFailures: 1 });

    await settleCheck(db, { pingKey: c.key }, at("09:10:03"), ping());
    expect((await alerts(c.id)).map((a) => a.type)).toEqual(["schedule.missed", "schedule.recovered"]);
    expect(await db.schedule.findUniqueOrThrow({ where: { id: c.id } })).toMatchObject({ failureStreak: 0, failureAlertedAt: null, lastRunStatus: "succeeded" });
  });

  test("a late ping after its slot was recorded missed is a run of its own, and marks the recovery", async () => {
    const c = await check("*/5 * * * *", at("09:00:30"));
    await settleCheck(db, { id: c.id }, at("09:06:30"));
    await settleCheck(db, { pingKey: c.key }, at("09:07:00"), ping());
    const list = await runs(c.id);
    expect(list.map((r) => [r.status, r.scheduledFor.toISOString()])).toEqual([
      ["missed", "2026-12-07T09:05:00.000Z"],
      ["succeeded", "2026-12-07T09:07:00.000Z"],
    ]);
    expect((await alerts(c.id)).map((a) => a.type)).toEqual(["schedule.missed", "schedule.recovered"]);
    expect(await cursor(c.id)).toBe("2026-12-07T09:10:00.000Z"); // the 09:10 slot still waits for its own ping
  });

  test("start, then success: one run, its duration from the start, both bodies as output", async () => {
    const c = await check("*/5 * * * *", at("09:00:30"));
    await settleCheck(db, { pingKey: c.key }, at("09:05:01"), ping({ kind: "start" }, "backup starting\n"));
    let [run] = await runs(c.id);
    expect(run).toMatchObject({ status: "running", scheduledFor: at("09:05:00"), startedAt: at("09:05:01"), finishedAt: null });
    expect(await db.schedule.findUniqueOrThrow({ where: { id: c.id } })).toMatchObject({ lastRunStatus: "running" });
    await settleCheck(db, { pingKey: c.key }, at("09:05:43"), ping({ kind: "success" }, "42 files copied\n"));
    const all = await runs(c.id);
    expect(all).toHaveLength(1);
    [run] = all;
    expect(run).toMatchObject({ status: "succeeded", startedAt: at("09:05:01"), finishedAt: at("09:05:43"), durationMs: 42_000 });
    const output = await db.runOutput.findMany({ where: { runId: run.id }, orderBy: { seq: "asc" } });
    expect(output.map((o) => [o.seq, o.stream, o.text])).toEqual([
      [1, "stdout", "backup starting\n"],
      [2, "stdout", "42 files copied\n"],
    ]);
    expect(await cursor(c.id)).toBe("2026-12-07T09:10:00.000Z");
  });

  test("a failing exit status fails the run with the status and the last line sent, and alerts run.failed", async () => {
    const c = await check("*/5 * * * *", at("09:00:30"));
    await settleCheck(db, { pingKey: c.key }, at("09:05:09"), ping({ kind: "fail", exitStatus: 3 }, "copying...\ndisk full\n"));
    const [run] = await runs(c.id);
    expect(run).toMatchObject({ status: "failed", scheduledFor: at("09:05:00") });
    expect(run.error).toEqual({ name: "PingFail", message: "the job exited with status 3: disk full" });
    expect(run.result).toMatchObject({ signal: "fail", exitStatus: 3 });
    expect((await alerts(c.id)).map((a) => a.type)).toEqual(["run.failed"]);
  });

  test("a start with no success or fail within timeoutSeconds times out", async () => {
    const c = await check("*/5 * * * *", at("09:00:30"), { timeoutSeconds: 120 });
    await settleCheck(db, { pingKey: c.key }, at("09:05:00"), ping({ kind: "start" }));
    expect(await settleCheck(db, { id: c.id }, at("09:06:59"))).toMatchObject({ timedOut: 0 });
    expect(await settleCheck(db, { id: c.id }, at("09:07:00"))).toMatchObject({ timedOut: 1 });
    const [run] = await runs(c.id);
    expect(run).toMatchObject({ status: "timed_out", finishedAt: at("09:07:00"), durationMs: 120_000 });
    expect(run.error).toEqual({ name: "Timeout", message: "no success or fail ping within 120 s of the start ping" });
    // A success ping after that is a run of its own (the 09:05 slot was answered by the start).
    await settleCheck(db, { pingKey: c.key }, at("09:07:30"), ping());
    expect((await runs(c.id)).map((r) => r.status)).toEqual(["timed_out", "succeeded"]);
  });

  test("a second ping for the same slot is a run of its own at its own time", async () => {
    const c = await check("0 * * * *", at("09:00:30"));
    await settleCheck(db, { pingKey: c.key }, at("10:00:05"), ping());
    await settleCheck(db, { pingKey: c.key }, at("10:00:06"), ping());
    expect((await runs(c.id)).map((r) => r.scheduledFor)).toEqual([at("10:00:00"), at("10:00:06")]);
    expect(await cursor(c.id)).toBe("2026-12-07T11:00:00.000Z");
  });

  test("a job slower than its interval answers each slot in turn", async () => {
    const c = await check("* * * * *", at("09:00:30"), { payload: { graceSeconds: 300 } });
    for (const t of ["09:02:30", "09:03:30", "09:04:30"]) await settleCheck(db, { pingKey: c.key }, at(t), ping());
    expect((await runs(c.id)).map((r) => r.scheduledFor)).toEqual([at("09:01:00"), at("09:02:00"), at("09:03:00")]);
    expect(await cursor(c.id)).toBe("2026-12-07T09:04:00.000Z");
  });

  test("after a long silence: the newest 20 slots are missed runs, the oldest of them says more came before; one alert", async () => {
    const c = await check("* * * * *", at("09:00:30"));
    const settled = await settleCheck(db, { id: c.id }, at("11:00:30"));
    expect(settled!.missed).toBe(20);
    const list = await runs(c.id);
    expect(list[0].scheduledFor).toEqual(at("10:40:00"));
    expect(list.at(-1)!.scheduledFor).toEqual(at("10:59:00"));
    expect((list[0].error as { message: string }).message).toBe("no ping within 60 s of this slot; earlier slots since 2026-12-07T09:01:00.000Z had none either");
    expect((await alerts(c.id)).map((a) => a.type)).toEqual(["schedule.missed"]);
    expect(await cursor(c.id)).toBe("2026-12-07T11:00:00.000Z");
  });

  test("a disabled check keeps no slots; its pings are still recorded", async () => {
    const c = await check("*/5 * * * *", at("09:00:30"));
    await toggleSchedule(db, ownerAccess(userId), c.id, false, at("09:01:00"));
    expect(await settleCheck(db, { id: c.id }, at("10:00:00"))).toMatchObject({ missed: 0 });
    await settleCheck(db, { pingKey: c.key }, at("10:00:10"), ping());
    expect((await runs(c.id)).map((r) => [r.status, r.scheduledFor])).toEqual([["succeeded", at("10:00:10")]]);
  });

  test("an unknown key settles nothing", async () => {
    expect(await settleCheck(db, { pingKey: "x".repeat(24) }, at("09:00:00"), ping())).toBeNull();
  });
});
