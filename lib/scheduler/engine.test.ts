// The engine on a fake clock (no real waiting) against a real SQLite database.
import path from "node:path";
import { mkdtempSync } from "node:fs";
import os from "node:os";
import { afterEach, beforeEach, describe, expect, test } from "vitest";
import { createDb, type Db } from "../db/client";
import { migrate } from "../db/migrate";
import { sqliteTarget } from "../db/target";
import type { JsonValue, RunContext } from "../entrypoints/types";
import type { Logger } from "../log";
import { listRuns, queueManualRun } from "../runs/runs";
import { createSchedule, deleteSchedule, toggleSchedule, updateSchedule } from "../schedules/schedules";
import { scheduleCreateSchema } from "../validation/schedules";
import { createFakeClock } from "./clock";
import { createScheduler, type Scheduler } from "./engine";
import { createStore } from "./store";
import { ownerAccess } from "../../__tests__/support/teams";

const quiet: Logger = { debug() {}, info() {}, warn() {}, error() {} };
const T0 = Date.UTC(2026, 10, 21, 12, 0, 0); // Saturday 2026-11-21 12:00:00 UTC

let db: Db;
let userId: string;
let clock: ReturnType<typeof createFakeClock>;
let engine: Scheduler;
let behaviour: (name: string, ctx: RunContext) => Promise<JsonValue>;
const executed: { name: string; attempt: number; trigger: string; at: number }[] = [];

const settle = () => Promise.race([engine.idle(), new Promise<void>((r) => setTimeout(r, 60))]);
const advance = (ms: number) => clock.advance(ms, settle);

async function startEngine(at = T0, opts: Partial<Parameters<typeof createScheduler>[0]> = {}) {
  clock = createFakeClock(at);
  engine = createScheduler({
    db,
    workerId: "worker-a",
    log: quiet,
    clock,
    concurrency: 4,
    // Alerts and heartbeat checks are tested elsewhere (__tests__/alerts, __tests__/heartbeats):
    // here their watch looks once a minute, so tests that pass hours of fake time stay quick.
    alertWatchIntervalMs: 60_000,
    run: async (_key, _payload, ctx) => {
      executed.push({ name: ctx.schedule.name, attempt: ctx.run.attempt, trigger: ctx.run.trigger, at: clock.now() });
      return behaviour(ctx.schedule.name, ctx);
    },
    ...opts,
  });
  await engine.start();
  await settle();
}

const create = (input: Record<string, unknown>, now = clock?.now() ?? T0) => createSchedule(db, ownerAccess(userId), scheduleCreateSchema.parse(input), new Date(now));
const runsOf = (scheduleId: string) => db.run.findMany({ where: { scheduleId }, orderBy: [{ scheduledFor: "asc" }, { attempt: "asc" }] });

beforeEach(async () => {
  const target = sqliteTarget(path.join(mkdtempSync(path.join(os.tmpdir(), "engine-")), "almanac.db"));
  await migrate(target);
  db = await createDb(target);
  userId = (await db.user.create({ data: { email: "engine@example.com", passwordHash: "x" } })).id;
  behaviour = async (name) => ({ ok: name });
  executed.length = 0;
});
afterEach(async () => {
  await engine?.stop().catch(() => undefined);
  await db.$disconnect();
});

test("a schedule fires at its slot, once, and nextRunAt follows", async () => {
  const s = await create({ name: "every minute", cronExpression: "* * * * *" }, T0);
  await startEngine();
  await advance(60_000);
  await advance(60_000);
  const runs = await runsOf(s.id);
  expect(runs.map((r) => [r.scheduledFor.toISOString(), r.status, r.attempt, r.trigger])).toEqual([
    ["2026-11-21T12:01:00.000Z", "succeeded", 1, "schedule"],
    ["2026-11-21T12:02:00.000Z", "succeeded", 1, "schedule"],
  ]);
  expect(runs[0]).toMatchObject({ workerId: "worker-a", result: { ok: "every minute" } });
  expect(runs[0].startedAt!.getTime()).toBe(Date.UTC(2026, 10, 21, 12, 1));
  const row = await db.schedule.findUniqueOrThrow({ where: { id: s.id } });
  expect(row.nextRunAt?.toISOString()).toBe("2026-11-21T12:03:00.000Z");
  expect(row).toMatchObject({ lastRunStatus: "succeeded" });
  // bookkeeping is not an edit: other workers' incremental sync does not see it as a change
  expect(row.updatedAt.getTime()).toBe(s.updatedAt ? Date.parse(s.updatedAt) : NaN);
});

test("create, edit, disable, enable and delete are picked up within 2 s", async () => {
  await startEngine(T0 + 5_000);
  const s = await create({ name: "synced", cronExpression: "0 13 * * *" });
  await advance(2_000);
  expect(engine.stats()).toMatchObject({ schedules: 1, nextFireAt: Date.UTC(2026, 10, 21, 13) });

  await updateSchedule(db, ownerAccess(userId), s.id, { cronExpression: "30 12 * * *" }, new Date(clock.now()));
  await advance(2_000);
  expect(engine.stats().nextFireAt).toBe(Date.UTC(2026, 10, 21, 12, 30));

  await toggleSchedule(db, ownerAccess(userId), s.id, false, new Date(clock.now()));
  await advance(2_000);
  expect(engine.stats().schedules).toBe(0);

  await toggleSchedule(db, ownerAccess(userId), s.id, true, new Date(clock.now()));
  await advance(2_000);
  expect(engine.stats().schedules).toBe(1);

  await deleteSchedule(db, ownerAccess(userId), s.id);
  await advance(2_000);
  expect(engine.stats()).toMatchObject({ schedules: 0, nextFireAt: null });
});

test("a manual run of a disabled schedule starts within 2 s", async () => {
  const s = await create({ name: "by hand", cronExpression: "0 0 1 1 *", isEnabled: false });
  await startEngine();
  const queued = await queueManualRun(db, ownerAccess(userId), s.id, new Date(clock.now()));
  await advance(2_000);
  const run = await db.run.findUniqueOrThrow({ where: { id: queued.id } });
  expect(run).toMatchObject({ status: "succeeded", trigger: "manual", workerId: "worker-a" });
  expect(run.startedAt!.getTime() - run.scheduledFor.getTime()).toBeLessThanOrEqual(2_000);
});

test("a run over its timeout is recorded timed_out and its work aborted", async () => {
  let aborted = false;
  behaviour = (_n, ctx) =>
    new Promise((_, reject) =>
      ctx.signal.addEventListener("abort", () => {
        aborted = true;
        reject(new Error("aborted"));
      }),
    );
  const s = await create({ name: "slow", cronExpression: "* * * * *", timeoutSeconds: 5 });
  await startEngine();
  await advance(60_000 + 6_000);
  const [run] = await runsOf(s.id);
  expect(aborted).toBe(true);
  expect(run).toMatchObject({ status: "timed_out", durationMs: 5_000, error: { name: "Timeout", message: "timed out after 5 s" } });
});

test("a timeout stored above the worker's MAX_TIMEOUT_SECONDS stops the run at that limit", async () => {
  behaviour = (_n, ctx) => new Promise((_, reject) => ctx.signal.addEventListener("abort", () => reject(new Error("aborted"))));
  const s = await create({ name: "saved long ago", cronExpression: "* * * * *" });
  // Saved with a day's timeout before the operator lowered the limit.
  await db.schedule.update({ where: { id: s.id }, data: { timeoutSeconds: 86_400 } });
  await startEngine(T0, { maxTimeoutSeconds: 5 });
  await advance(60_000 + 6_000);
  const [run] = await runsOf(s.id);
  expect(run).toMatchObject({ status: "timed_out", durationMs: 5_000, error: { name: "Timeout", message: "timed out after 5 s" } });
});

test("failures are retried with exponential backoff, each attempt in the history", async () => {
  behaviour = async () => {
    throw new Error("boom");
  };
  const s = await create({ name: "flaky", cronExpression: "0 * * * *", maxRetries: 2, retryDelaySeconds: 10 });
  await startEngine(Date.UTC(2026, 10, 21, 12, 59, 59));
  await advance(1_000 + 45_000);
  const runs = await runsOf(s.id);
  expect(runs.map((r) => [r.attempt, r.trigger, r.status])).toEqual([
    [1, "schedule", "failed"],
    [2, "retry", "failed"],
    [3, "retry", "failed"],
  ]);
  expect(runs[0].error).toEqual({ name: "Error", message: "boom" });
  const starts = runs.map((r) => r.startedAt!.getTime() - Date.UTC(2026, 10, 21, 13));
  expect(starts[0]).toBe(0);
  expect(starts[1]).toBeGreaterThanOrEqual(10_000); // 10 s after the first failure
  expect(starts[1]).toBeLessThanOrEqual(11_000);
  expect(starts[2] - starts[1]).toBeGreaterThanOrEqual(20_000); // then 20 s
  expect(starts[2] - starts[1]).toBeLessThanOrEqual(21_000);
});

describe("overlap", () => {
  let release: () => void = () => undefined;
  beforeEach(() => {
    const gate = new Promise<void>((r) => (release = r));
    behaviour = async () => {
      await gate;
      return null;
    };
  });

  test('"skip" records a slot due while the previous run still runs as skipped, with the reason', async () => {
    const s = await create({ name: "long job", cronExpression: "* * * * *", timeoutSeconds: 3600 });
    await startEngine();
    await advance(120_000);
    release();
    await advance(1_000);
    const runs = await runsOf(s.id);
    expect(runs.map((r) => r.status)).toEqual(["succeeded", "skipped"]);
    expect(runs[1].error).toMatchObject({ name: "Overlap" });
  });

  test('"allow" runs them side by side', async () => {
    const s = await create({ name: "parallel job", cronExpression: "* * * * *", timeoutSeconds: 3600, overlapPolicy: "allow" });
    await startEngine();
    await advance(120_000);
    expect(engine.stats().running).toBe(2);
    release();
    await advance(1_000);
    expect((await runsOf(s.id)).map((r) => r.status)).toEqual(["succeeded", "succeeded"]);
  });
});

describe("misfires after downtime", () => {
  async function downFor10Minutes(policy: "run_once" | "skip") {
    // Created at 11:50 with nextRunAt 11:50; no worker until 12:00:45.
    const s = await create({ name: `missed ${policy}`, cronExpression: "* * * * *", misfirePolicy: policy }, Date.UTC(2026, 10, 21, 11, 49, 30));
    await startEngine(Date.UTC(2026, 10, 21, 12, 0, 45));
    await advance(1_000);
    return runsOf(s.id);
  }

  test('"run_once" runs only the latest missed slot, once, and records how many were missed', async () => {
    const runs = await downFor10Minutes("run_once");
    expect(runs.map((r) => [r.scheduledFor.toISOString().slice(11, 16), r.status])).toEqual([
      ["11:59", "skipped"],
      ["12:00", "succeeded"],
    ]);
    expect(runs[0].error).toMatchObject({ name: "Misfire", message: expect.stringMatching(/^11 slot\(s\) missed.*run_once/) });
  });

  test('"skip" runs none and records how many were missed', async () => {
    const runs = await downFor10Minutes("skip");
    expect(runs.map((r) => [r.scheduledFor.toISOString().slice(11, 16), r.status])).toEqual([["12:00", "skipped"]]);
    expect(runs[0].error).toMatchObject({ name: "Misfire", message: expect.stringMatching(/^11 slot\(s\) missed.*"skip"/) });
  });
});

test("shutdown waits for a run that finishes within the grace period", async () => {
  let finish: () => void = () => undefined;
  behaviour = () => new Promise((resolve) => (finish = () => resolve("done")));
  const s = await create({ name: "finishing", cronExpression: "* * * * *" });
  await startEngine();
  await advance(60_000);
  const stopping = engine.stop();
  await advance(5_000);
  finish();
  await advance(1_000);
  await stopping;
  expect((await runsOf(s.id)).map((r) => r.status)).toEqual(["succeeded"]);
});

test("a run left running by a worker that stopped heartbeating is marked lost and retried", async () => {
  const s = await create({ name: "orphan", cronExpression: "0 0 1 1 *", maxRetries: 1, retryDelaySeconds: 1 });
  await db.workerHeartbeat.create({ data: { id: "dead-worker", hostname: "h", pid: 1, lastSeenAt: new Date(T0 - 60_000) } });
  const orphan = await db.run.create({ data: { scheduleId: s.id, trigger: "schedule", scheduledFor: new Date(T0 - 120_000), status: "running", workerId: "dead-worker", startedAt: new Date(T0 - 120_000) } });
  await startEngine();
  await advance(8_000);
  const runs = await runsOf(s.id);
  expect(runs.find((r) => r.id === orphan.id)).toMatchObject({ status: "lost", error: { name: "Lost", message: expect.stringContaining("dead-worker") } });
  expect(runs.find((r) => r.attempt === 2)).toMatchObject({ trigger: "retry", status: "succeeded" });
});

test("a run claimed but never started by a silent worker is handed to another and runs", async () => {
  const s = await create({ name: "handed over", cronExpression: "0 0 1 1 *" });
  await db.workerHeartbeat.create({ data: { id: "gone-worker", hostname: "h", pid: 1, lastSeenAt: new Date(T0 - 60_000) } });
  const claimed = await db.run.create({ data: { scheduleId: s.id, trigger: "schedule", scheduledFor: new Date(T0 - 90_000), status: "queued", workerId: "gone-worker" } });
  await startEngine();
  await advance(8_000);
  expect(await db.run.findUniqueOrThrow({ where: { id: claimed.id } })).toMatchObject({ status: "succeeded", workerId: "worker-a", attempt: 1 });
});

test("shutdown lets running work finish within the grace period, then marks the rest lost", async () => {
  behaviour = () => new Promise(() => undefined); // never finishes, and ignores its abort signal
  const s = await create({ name: "stuck", cronExpression: "* * * * *", timeoutSeconds: 3600 });
  await startEngine();
  await advance(60_000);
  const stopping = engine.stop();
  await advance(25_000 + 2_000);
  await stopping;
  const [run] = await runsOf(s.id);
  expect(run).toMatchObject({ status: "lost", error: { name: "Lost", message: "worker shutdown" } });
  expect(await db.workerHeartbeat.count({ where: { id: "worker-a" } })).toBe(0);
});

test("a job that ignores its abort signal is abandoned at the timeout, freeing its slot", async () => {
  behaviour = () => new Promise(() => undefined);
  const s = await create({ name: "deaf", cronExpression: "* * * * *", timeoutSeconds: 5 });
  await startEngine();
  await advance(60_000 + 6_000);
  expect((await runsOf(s.id))[0]).toMatchObject({ status: "timed_out" });
  expect(engine.stats().running).toBe(0);
});

test("deleting a schedule while its run executes does not break the worker", async () => {
  let finish: () => void = () => undefined;
  const gate = new Promise<void>((resolve) => (finish = resolve));
  behaviour = async () => {
    await gate;
    return "late result";
  };
  const s = await create({ name: "deleted mid-run", cronExpression: "* * * * *" });
  const other = await create({ name: "still here", cronExpression: "* * * * *", overlapPolicy: "allow" });
  await startEngine();
  await advance(60_000);
  await deleteSchedule(db, ownerAccess(userId), s.id);
  finish();
  await advance(2_000);
  expect(engine.stats().schedules).toBe(1);
  expect(await db.run.count({ where: { scheduleId: s.id } })).toBe(0);
  behaviour = async () => "ok";
  await advance(60_000);
  expect((await runsOf(other.id)).map((r) => r.status)).toContain("succeeded");
});

test("a timer that fires far too late applies the misfire policy instead of running every slot", async () => {
  const s = await create({ name: "sleeper", cronExpression: "* * * * *", misfirePolicy: "run_once" });
  await startEngine();
  clock.jump(60 * 60_000); // the process stalls for an hour
  await advance(1_000);
  // 12:01-12:59 slept through: the latest of them runs once (12:58 records the count), and
  // 13:00, due as the timer finally fires, runs as usual.
  const runs = await runsOf(s.id);
  expect(runs.map((r) => [r.scheduledFor.toISOString().slice(11, 16), r.status])).toEqual([
    ["12:58", "skipped"],
    ["12:59", "succeeded"],
    ["13:00", "succeeded"],
  ]);
  expect(runs[0].error).toMatchObject({ name: "Misfire", message: expect.stringMatching(/^59 slot\(s\) missed/) });
});

test("runs left by an earlier process with the same worker id are recovered at start", async () => {
  const s = await create({ name: "restarted", cronExpression: "0 0 1 1 *" });
  const running = await db.run.create({ data: { scheduleId: s.id, trigger: "schedule", scheduledFor: new Date(T0 - 60_000), status: "running", workerId: "worker-a", startedAt: new Date(T0 - 60_000) } });
  const queued = await db.run.create({ data: { scheduleId: s.id, trigger: "schedule", scheduledFor: new Date(T0 - 120_000), status: "queued", workerId: "worker-a" } });
  await startEngine();
  await advance(2_000);
  expect(await db.run.findUniqueOrThrow({ where: { id: running.id } })).toMatchObject({ status: "lost", error: { name: "Lost" } });
  expect(await db.run.findUniqueOrThrow({ where: { id: queued.id } })).toMatchObject({ status: "succeeded" });
});

test("DST: 02:30 America/New_York on spring-forward day fires at 03:00 EDT", async () => {
  const s = await create({ name: "dst", cronExpression: "30 2 * * *", timezone: "America/New_York" }, Date.UTC(2026, 2, 8, 5));
  await startEngine(Date.UTC(2026, 2, 8, 5, 0, 1));
  await advance(2.5 * 3_600_000);
  const runs = await runsOf(s.id);
  expect(runs.map((r) => r.scheduledFor.toISOString())).toEqual(["2026-03-08T07:00:00.000Z"]);
});

test("an outcome whose write failed is recorded later, though no other run comes along", async () => {
  const s = await create({ name: "yearly", cronExpression: "0 0 1 1 *" }, T0);
  // The engine's client fails its next three batch transactions, as when the database is away.
  let failures = 3;
  const flaky = new Proxy(db, {
    get(target, prop, receiver) {
      if (prop === "$transaction")
        return (...args: Parameters<Db["$transaction"]>) => (failures-- > 0 ? Promise.reject(new Error("connection lost")) : target.$transaction(...args));
      return Reflect.get(target, prop, receiver);
    },
  });
  await startEngine(T0, { db: flaky });
  const queued = await queueManualRun(db, ownerAccess(userId), s.id, new Date(T0));
  await advance(1_000);
  expect(executed).toHaveLength(1);
  expect(failures).toBeLessThan(3); // the first attempt to record it failed
  await advance(10_000);
  expect(failures).toBeLessThan(0);
  expect(await db.run.findUniqueOrThrow({ where: { id: queued.id } })).toMatchObject({ status: "succeeded", result: { ok: "yearly" } });
  expect((await db.schedule.findUniqueOrThrow({ where: { id: s.id } })).lastRunStatus).toBe("succeeded");
});

test("the load and the reconcile read schedules a page at a time, and miss none", async () => {
  const made = [];
  for (let i = 0; i < 7; i++) made.push(await create({ name: `paged ${i}`, cronExpression: `${i} 13 * * *` }, T0));
  await startEngine(T0 + 5_000, { loadPageSize: 3, reconcileIntervalMs: 60_000 });
  expect(engine.stats().schedules).toBe(7);
  // Changes the incremental sync cannot see: an edit stamped in the past, and a delete whose
  // tombstone is gone (as retention prunes old ones). The reconcile, paging through everything,
  // finds both.
  await db.schedule.update({ where: { id: made[2].id }, data: { cronExpression: "30 12 * * *", updatedAt: new Date(T0 - 3_600_000) } });
  await db.schedule.delete({ where: { id: made[5].id } });
  await db.scheduleTombstone.delete({ where: { scheduleId: made[5].id } });
  await advance(2_000);
  expect(engine.stats().schedules).toBe(7);
  await advance(60_000);
  expect(engine.stats().schedules).toBe(6);
  expect(engine.isArmed(made[5].id)).toBe(false);
  await advance(Date.UTC(2026, 10, 21, 13, 7) - clock.now());
  expect(executed.map((e) => e.name).sort()).toEqual(["paged 0", "paged 1", "paged 2", "paged 3", "paged 4", "paged 6"]);
  expect((await runsOf(made[2].id)).map((r) => r.scheduledFor.toISOString())).toEqual(["2026-11-21T12:30:00.000Z"]);
});

/** Whether a read is the engine's read of whole schedules for runs (not the heartbeat watch's, which reads payloads for their grace). */
const readsWholeSchedules = (args: Parameters<Db["schedule"]["findMany"]>[0]) => !!args?.select && "payload" in args.select && "retryDelaySeconds" in args.select;

test("a schedule's payload is read just before its slot: an edit made after that read still counts", async () => {
  const s = await create({ name: "edited late", cronExpression: "1 12 * * *", payload: { message: "before" } }, T0);
  const payloads: unknown[] = [];
  const reads: number[] = []; // when the engine read whole schedules (payload included)
  const counting = new Proxy(db, {
    get(target, prop, receiver) {
      if (prop !== "schedule") return Reflect.get(target, prop, receiver);
      return new Proxy(target.schedule, {
        get(m, p) {
          if (p !== "findMany") return Reflect.get(m, p);
          return (args: Parameters<Db["schedule"]["findMany"]>[0]) => {
            if (readsWholeSchedules(args)) reads.push(clock.now());
            return m.findMany(args as never);
          };
        },
      });
    },
  });
  await startEngine(T0 + 5_000, { db: counting, run: async (_key, payload) => (payloads.push(payload), "ok") });
  await advance(58_000 - 5_000); // 12:00:58
  expect(reads).toEqual([Date.UTC(2026, 10, 21, 12, 0, 57)]); // read 3 s ahead of its 12:01 slot
  await updateSchedule(db, ownerAccess(userId), s.id, { payload: { message: "after" } }, new Date(clock.now()));
  await advance(3_000);
  expect(payloads).toEqual([{ message: "after" }]);
  expect(reads).toHaveLength(2); // the copy read ahead was stale: read again at the slot
  expect((await runsOf(s.id)).map((r) => [r.scheduledFor.toISOString(), r.status])).toEqual([["2026-11-21T12:01:00.000Z", "succeeded"]]);
});

test("a slot claimed while the schedules cannot be read is queued again and still runs", async () => {
  const s = await create({ name: "read fails", cronExpression: "1 12 * * *" }, T0);
  // The engine's reads of whole schedules fail until 12:01:05, as when the database drops out
  // right after the claim.
  const flaky = new Proxy(db, {
    get(target, prop, receiver) {
      if (prop === "schedule") {
        const model = target.schedule;
        return new Proxy(model, {
          get(m, p) {
            if (p === "findMany")
              return (args: Parameters<Db["schedule"]["findMany"]>[0]) =>
                readsWholeSchedules(args) && clock.now() < Date.UTC(2026, 10, 21, 12, 1, 5) ? Promise.reject(new Error("connection lost")) : m.findMany(args as never);
            return Reflect.get(m, p);
          },
        });
      }
      return Reflect.get(target, prop, receiver);
    },
  });
  await startEngine(T0, { db: flaky });
  await advance(Date.UTC(2026, 10, 21, 12, 1, 10) - clock.now());
  const runs = await runsOf(s.id);
  expect(runs.map((r) => [r.scheduledFor.toISOString(), r.status, r.trigger])).toEqual([["2026-11-21T12:01:00.000Z", "succeeded", "schedule"]]);
  expect(executed.map((e) => e.name)).toEqual(["read fails"]);
});

// ---- the promises of docs/architecture.md, each with the way it used to break ----------------

/** The engine's client, with `intercept` consulted before each model call and raw statement. */
function interceptedDb(intercept: (what: { model?: string; method: string; args: unknown }) => void): Db {
  return new Proxy(db, {
    get(target, prop, receiver) {
      const value = Reflect.get(target, prop, receiver);
      if (prop === "$executeRawUnsafe" || prop === "$queryRawUnsafe")
        return (...args: unknown[]) => {
          intercept({ method: prop, args });
          return (value as (...a: unknown[]) => unknown).apply(target, args);
        };
      if (prop !== "run" && prop !== "schedule" && prop !== "workerHeartbeat") return value;
      return new Proxy(value as object, {
        get(m, p) {
          const fn = Reflect.get(m, p);
          if (typeof fn !== "function") return fn;
          return (args: unknown) => {
            intercept({ model: prop, method: String(p), args });
            return (fn as (a: unknown) => unknown).call(m, args);
          };
        },
      });
    },
  });
}

const setsRunning = (args: unknown) => (args as { data?: { status?: string } })?.data?.status === "running";
const takesUnowned = (args: unknown) => {
  const a = args as { where?: { workerId?: unknown }; data?: { workerId?: unknown; status?: unknown } };
  return a?.where?.workerId === null && typeof a?.data?.workerId === "string" && a.data.status === undefined;
};

test("save first, then run: a run does not execute before its running state has committed", async () => {
  const s = await create({ name: "durable start", cronExpression: "* * * * *" });
  let startsFail = true;
  const flaky = interceptedDb(({ model, method, args }) => {
    if (!startsFail) return;
    if (model === "run" && method.startsWith("updateMany") && setsRunning(args)) throw new Error("connection lost");
    if (method === "$queryRawUnsafe" && /UPDATE "Run" SET "status" = 'running'/.test(String((args as unknown[])[0]))) throw new Error("connection lost");
    // A slot claimed ahead starts with one write: the worker's startedThrough (claims.ts).
    if (model === "workerHeartbeat" && method === "updateMany" && (args as { data?: object })?.data && "startedThrough" in (args as { data: object }).data) throw new Error("connection lost");
  });
  // The start write goes into a batch transaction in some designs: fail those too.
  const failingTx = new Proxy(flaky, {
    get(target, prop, receiver) {
      if (prop === "$transaction") return (arg: unknown, ...rest: unknown[]) => (Array.isArray(arg) && startsFail && arg.length > 0 && executed.length === 0 ? Promise.reject(new Error("connection lost")) : (target.$transaction as (...a: unknown[]) => unknown)(arg, ...rest));
      return Reflect.get(target, prop, receiver);
    },
  }) as Db;
  await startEngine(T0, { db: failingTx });
  await advance(60_000 + 3_000);
  // The slot is claimed, but while its start cannot be recorded nothing has run: had this worker
  // died now, the run (claimed, not started: its slot's start is not marked) would be handed to
  // another worker and run there once.
  expect(executed).toEqual([]);
  expect((await runsOf(s.id)).map((r) => [r.status, r.workerId, r.startedAt])).toEqual([["running", "worker-a", null]]);
  expect((await db.workerHeartbeat.findUniqueOrThrow({ where: { id: "worker-a" } })).startedThrough).toBeNull();
  startsFail = false;
  await advance(5_000);
  expect(executed.map((e) => e.name)).toEqual(["durable start"]);
  expect((await runsOf(s.id)).map((r) => r.status)).toEqual(["succeeded"]);
});

test("queued runs taken when the database fails partway are not stranded: every one runs, once", async () => {
  const s = await create({ name: "taken", cronExpression: "0 0 1 1 *" });
  let takes = 0;
  let failReads = 1;
  const flaky = interceptedDb(({ model, method, args }) => {
    if (model === "run" && method.startsWith("updateMany") && takesUnowned(args) && ++takes === 2) throw new Error("connection lost");
    if (model === "schedule" && method === "findMany" && (args as { select?: object })?.select && "payload" in (args as { select: object }).select && failReads-- > 0) throw new Error("connection lost");
  });
  await startEngine(T0, { db: flaky });
  for (let i = 0; i < 3; i++) await queueManualRun(db, ownerAccess(userId), s.id, new Date(clock.now() + i));
  await advance(5_000);
  const runs = await runsOf(s.id);
  expect(runs.map((r) => r.status)).toEqual(["succeeded", "succeeded", "succeeded"]);
  expect(executed).toHaveLength(3);
});

test("a failed nextRunAt write-back never lets an older value win over a newer one", async () => {
  const s = await create({ name: "write-back", cronExpression: "* * * * *" });
  let failWrites = false;
  const flaky = interceptedDb(({ method, args }) => {
    if (failWrites && method === "$executeRawUnsafe" && /SET "nextRunAt"/.test(String((args as unknown[])[0]))) throw new Error("connection lost");
  });
  await startEngine(T0, { db: flaky, syncIntervalMs: 1_000 });
  failWrites = true;
  await advance(60_000); // 12:01 fires; writing 12:02 fails
  await advance(60_000); // 12:02 fires; writing 12:03 fails
  failWrites = false;
  await advance(30_000); // the next flushes write what is pending
  expect((await db.schedule.findUniqueOrThrow({ where: { id: s.id } })).nextRunAt?.toISOString()).toBe("2026-11-21T12:03:00.000Z");
});

test("a run marked lost corrects its schedule's lastRunStatus", async () => {
  const s = await create({ name: "was queued", cronExpression: "0 0 1 1 *" });
  await db.workerHeartbeat.create({ data: { id: "dead-worker", hostname: "h", pid: 1, lastSeenAt: new Date(T0 - 60_000) } });
  await db.run.create({ data: { scheduleId: s.id, trigger: "manual", scheduledFor: new Date(T0 - 120_000), status: "running", workerId: "dead-worker", startedAt: new Date(T0 - 110_000) } });
  await db.schedule.update({ where: { id: s.id }, data: { lastRunStatus: "queued" } });
  await startEngine();
  await advance(8_000);
  expect(await db.schedule.findUniqueOrThrow({ where: { id: s.id } })).toMatchObject({ lastRunStatus: "lost", lastRunAt: new Date(T0 - 110_000) });
});

test("slots whose claim failed while the database was away are recorded as such, not as 'no worker was running'", async () => {
  const s = await create({ name: "outage", cronExpression: "* * * * *", misfirePolicy: "skip" });
  let claimsFail = false;
  const flaky = interceptedDb(({ method, args }) => {
    if (claimsFail && method === "$queryRawUnsafe" && /INSERT INTO "Run"/.test(String((args as unknown[])[0]))) throw new Error("connection lost");
  });
  await startEngine(T0, { db: flaky });
  claimsFail = true;
  await advance(60_000 + 45_000); // 12:01 cannot be claimed, and is past the 30 s grace by now
  claimsFail = false;
  await advance(2_000);
  const runs = await runsOf(s.id);
  expect(runs.map((r) => [r.scheduledFor.toISOString().slice(11, 16), r.status])).toEqual([["12:01", "skipped"]]);
  expect((runs[0].error as { message: string }).message).toBe('1 slot(s) missed while the database could not be reached to claim them; misfire policy "skip" runs none');
});

test("execution slots are shared between accounts: one account's backlog does not delay another's run", async () => {
  const other = (await db.user.create({ data: { email: "other@example.com", passwordHash: "x" } })).id;
  const busy = await create({ name: "busy account", cronExpression: "0 0 1 1 *" });
  const quiet = await createSchedule(db, ownerAccess(other), scheduleCreateSchema.parse({ name: "quiet account", cronExpression: "0 0 1 1 *" }), new Date(T0));
  behaviour = () => new Promise((resolve) => clock.setTimer(() => resolve(null), 10_000));
  // No per-account cap here: the sharing, not the cap, is under test (the cap has tests of its own).
  await startEngine(T0, { concurrency: 2, maxRunsPerAccount: 2 });
  for (let i = 0; i < 8; i++) await queueManualRun(db, ownerAccess(userId), busy.id, new Date(clock.now() + i));
  await queueManualRun(db, ownerAccess(other), quiet.id, new Date(clock.now() + 100));
  await advance(2_000);
  // Two slots: one for each account, though the busy one asked first, eight times.
  expect(executed.map((e) => e.name).sort()).toEqual(["busy account", "quiet account"]);
  await advance(60_000);
  expect(executed).toHaveLength(9);
});

test("slots are claimed 2 s ahead, yet an edit, a disable or a delete made before the slot is honoured, and no run shows before its slot", async () => {
  const slot = Date.UTC(2026, 10, 21, 12, 1);
  const kept = await create({ name: "kept", cronExpression: "1 12 * * *", payload: { message: "before" } }, T0);
  const disabled = await create({ name: "disabled", cronExpression: "1 12 * * *" }, T0);
  const moved = await create({ name: "moved", cronExpression: "1 12 * * *" }, T0);
  const deleted = await create({ name: "deleted", cronExpression: "1 12 * * *" }, T0);
  const widened = await create({ name: "widened", cronExpression: "1 12 * * *" }, T0);
  const payloads = new Map<string, unknown>();
  await startEngine(T0 + 5_000, { run: async (_key, payload, ctx) => (payloads.set(ctx.schedule.name, payload), "ok") });
  await advance(58_500 - 5_000); // 12:00:58.5
  // Claimed: inserted running, not started (no startedAt), not before the slot (runAfter).
  expect(await db.run.count({ where: { scheduledFor: new Date(slot), status: "running", startedAt: null, runAfter: new Date(slot) } })).toBe(5);
  expect((await listRuns(db, ownerAccess(userId), { limit: 50 }, undefined, new Date(clock.now()))).items).toEqual([]);

  const now = () => new Date(clock.now());
  await updateSchedule(db, ownerAccess(userId), kept.id, { payload: { message: "after" } }, now());
  await toggleSchedule(db, ownerAccess(userId), disabled.id, false, now());
  await updateSchedule(db, ownerAccess(userId), moved.id, { cronExpression: "2 12 * * *" }, now());
  await deleteSchedule(db, ownerAccess(userId), deleted.id);
  await updateSchedule(db, ownerAccess(userId), widened.id, { cronExpression: "1 12,13 * * *" }, now());
  await advance(2_000); // 12:01:00.5
  expect([...payloads.keys()].sort()).toEqual(["kept", "widened"]);
  expect(payloads.get("kept")).toEqual({ message: "after" });
  expect(await db.run.count({ where: { scheduleId: { in: [disabled.id, moved.id] } } })).toBe(0);

  await advance(60_000); // 12:02:00.5
  expect((await runsOf(moved.id)).map((r) => [r.scheduledFor.toISOString(), r.status])).toEqual([["2026-11-21T12:02:00.000Z", "succeeded"]]);
  expect(await runsOf(disabled.id)).toEqual([]);
  const history = await listRuns(db, ownerAccess(userId), { limit: 50 }, undefined, new Date(clock.now()));
  expect(history.items.map((r) => [r.scheduleName, r.scheduledFor.slice(11, 16), r.status]).sort()).toEqual([
    ["kept", "12:01", "succeeded"],
    ["moved", "12:02", "succeeded"],
    ["widened", "12:01", "succeeded"],
  ]);
});

test("a worker that stops withdraws the slots it claimed ahead, and a claim handed back after a crash waits for its slot", async () => {
  const slot = Date.UTC(2026, 10, 21, 12, 1);
  const s = await create({ name: "handed on", cronExpression: "1 12 * * *" }, T0);
  await startEngine(T0 + 5_000);
  await advance(59_000 - 5_000); // 12:00:59: claimed ahead
  expect(await db.run.count({ where: { scheduleId: s.id } })).toBe(1);
  await engine.stop();
  expect(await db.run.count({ where: { scheduleId: s.id } })).toBe(0); // the workers still running claim it themselves

  // A claim made ahead by a worker that died, found by the same worker id on restart: handed
  // back to every worker, but still not startable before its slot.
  await db.run.create({ data: { scheduleId: s.id, trigger: "schedule", scheduledFor: new Date(slot), status: "queued", workerId: "worker-a", runAfter: new Date(slot) } });
  executed.length = 0;
  await startEngine(slot - 1_500);
  await advance(1_000);
  expect(executed).toEqual([]);
  expect((await runsOf(s.id))[0]).toMatchObject({ status: "queued", workerId: null, runAfter: new Date(slot) });
  await advance(2_000);
  expect(executed.map((e) => e.at)).toHaveLength(1);
  expect((await runsOf(s.id)).map((r) => r.status)).toEqual(["succeeded"]);
});

test("a worker reaped by a peer while it held a slot claimed ahead starts none of it, and starts over; the slot runs once, elsewhere", async () => {
  const slot = Date.UTC(2026, 10, 21, 12, 1);
  const s = await create({ name: "taken over", cronExpression: "1 12 * * *" }, T0);
  let fenced = 0;
  // This worker takes no unowned run (its queue poll would take the handed-back one, rightly, once):
  // only the slot's own start could run it here.
  const noTakes = interceptedDb(({ model, method, args }) => {
    if (model === "run" && method.startsWith("updateMany") && takesUnowned(args)) throw new Error("not in this test");
  });
  // Its heartbeats come at :00.5 past each 5 s: the slot's start is the first to meet the reap.
  await startEngine(T0 + 5_500, { db: noTakes, onFenced: () => fenced++ });
  await advance(59_000 - 5_500); // 12:00:59: claimed ahead, not started
  expect((await runsOf(s.id)).map((r) => [r.status, r.workerId, r.startedAt])).toEqual([["running", "worker-a", null]]);
  // A peer took this worker for dead (it stalled, say) and handed its claim to every worker.
  expect(await createStore(db, "worker-b").reap("worker-a", new Date(clock.now() + 1), new Date(clock.now()))).toEqual({ released: 1 });
  await advance(1_000); // 12:01:00: the slot's start is refused
  expect(fenced).toBe(1);
  expect(executed).toEqual([]);
  expect((await runsOf(s.id)).map((r) => [r.status, r.workerId, r.runAfter?.getTime()])).toEqual([["queued", null, slot]]);
  await engine.stop();
  await startEngine(clock.now()); // started over, as worker/index.ts does
  await advance(2_000);
  expect(executed.map((e) => [e.name, e.at >= slot])).toEqual([["taken over", true]]);
  expect((await runsOf(s.id)).map((r) => r.status)).toEqual(["succeeded"]);
});

test("runs of a slot marked started that wait for an execution slot go back to the queue, and each still runs once", async () => {
  const names = ["a", "b", "c", "d", "e", "f"];
  const schedules = await Promise.all(names.map((name) => create({ name, cronExpression: "1 12 * * *" }, T0)));
  behaviour = () => new Promise((resolve) => clock.setTimer(() => resolve(null), 10_000));
  await startEngine(T0 + 5_000, { concurrency: 2, maxRunsPerAccount: 2 }); // one account may use both slots
  await advance(60_000 - 5_000 + 500); // 12:01:00.5: two execute, four wait
  expect(executed).toHaveLength(2);
  const rows = await db.run.findMany({ where: { scheduleId: { in: schedules.map((s) => s.id) } } });
  // Not started yet, so not held as started: a worker killed now leaves them to others, not lost.
  expect(rows.map((r) => r.status).sort()).toEqual(["queued", "queued", "queued", "queued", "running", "running"]);
  expect(rows.filter((r) => r.status === "queued").every((r) => r.workerId === "worker-a" && r.startedAt === null)).toBe(true);
  // The two executing were started by their slot's one write: the API gives the slot as their start.
  const listed = (await listRuns(db, ownerAccess(userId), { limit: 50 }, undefined, new Date(clock.now()))).items.filter((r) => r.status === "running");
  expect(listed.map((r) => r.startedAt)).toEqual(["2026-11-21T12:01:00.000Z", "2026-11-21T12:01:00.000Z"]);
  await advance(40_000);
  expect(executed.map((e) => e.name).sort()).toEqual(names);
  expect((await db.run.findMany({ where: { scheduleId: { in: schedules.map((s) => s.id) } } })).map((r) => r.status)).toEqual(Array(6).fill("succeeded"));
});

describe("per-account cap on runs executing at once (maxRunsPerAccount)", () => {
  // Each run takes `ms` of the fake clock; the most of one account's runs executing at once is kept.
  const executing = new Map<string, number>();
  const most = new Map<string, number>();
  const longRuns = (ms: number) => {
    executing.clear();
    most.clear();
    behaviour = (_name, ctx) => {
      const account = ctx.schedule.teamId;
      executing.set(account, (executing.get(account) ?? 0) + 1);
      most.set(account, Math.max(most.get(account) ?? 0, executing.get(account)!));
      return new Promise((resolve) =>
        clock.setTimer(() => {
          executing.set(account, executing.get(account)! - 1);
          resolve(null);
        }, ms),
      );
    };
  };
  const otherUser = async () => (await db.user.create({ data: { email: "other@example.com", passwordHash: "x" } })).id;

  test("one account's 20 long manual runs hold at most its cap of slots: another account's run queued after them starts at once", async () => {
    const other = await otherUser();
    const greedy = await create({ name: "greedy", cronExpression: "0 0 1 1 *", overlapPolicy: "allow" });
    const quiet = await createSchedule(db, ownerAccess(other), scheduleCreateSchema.parse({ name: "quiet", cronExpression: "0 0 1 1 *" }), new Date(T0));
    longRuns(10_000);
    await startEngine(T0, { concurrency: 4 }); // the default cap: 2
    for (let i = 0; i < 20; i++) await queueManualRun(db, ownerAccess(userId), greedy.id, new Date(clock.now()));
    await advance(2_000);
    expect(executed.map((e) => e.name)).toEqual(["greedy", "greedy"]); // two slots stay free
    const asked = clock.now();
    await queueManualRun(db, ownerAccess(other), quiet.id, new Date(asked));
    await advance(2_000);
    expect(executed.find((e) => e.name === "quiet")?.at).toBeLessThanOrEqual(asked + 2_000);
    // Every greedy run still runs, once, never more than two at a time.
    await advance(10 * 10_000 + 5_000);
    expect(executed.filter((e) => e.name === "greedy")).toHaveLength(20);
    expect(most.get(userId)).toBe(2);
    expect((await runsOf(greedy.id)).map((r) => r.status)).toEqual(Array(20).fill("succeeded"));
  });

  test("runs of one slot started together: one account's 10 long runs take its cap, another account's run of the same slot starts at the slot", async () => {
    const other = await otherUser();
    const slot = Date.UTC(2026, 10, 21, 12, 1);
    const greedy = await Promise.all(Array.from({ length: 10 }, (_, i) => create({ name: `greedy ${i}`, cronExpression: "1 12 * * *" }, T0)));
    const quiet = await createSchedule(db, ownerAccess(other), scheduleCreateSchema.parse({ name: "quiet", cronExpression: "1 12 * * *" }), new Date(T0));
    longRuns(10_000);
    await startEngine(T0 + 5_000, { concurrency: 4 }); // the default cap: 2
    await advance(slot + 500 - clock.now()); // claimed ahead, started by one write at the slot
    expect(executed.find((e) => e.name === "quiet")?.at).toBe(slot);
    expect(executing.get(userId)).toBe(2);
    await advance(5 * 10_000 + 5_000);
    expect(most.get(userId)).toBe(2);
    const runs = await db.run.findMany({ where: { scheduleId: { in: [...greedy.map((s) => s.id), quiet.id] } } });
    expect(runs.map((r) => r.status)).toEqual(Array(11).fill("succeeded"));
    expect(executed).toHaveLength(11);
  });

  test("WORKER_MAX_RUNS_PER_ACCOUNT as the concurrency lets one account use every slot", async () => {
    const s = await create({ name: "alone", cronExpression: "0 0 1 1 *", overlapPolicy: "allow" });
    longRuns(10_000);
    await startEngine(T0, { concurrency: 4, maxRunsPerAccount: 4 });
    for (let i = 0; i < 6; i++) await queueManualRun(db, ownerAccess(userId), s.id, new Date(clock.now()));
    await advance(2_000);
    expect(executing.get(userId)).toBe(4);
    await advance(2 * 10_000 + 5_000);
    expect(executed).toHaveLength(6);
  });
});
