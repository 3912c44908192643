// A run's output in the database, on both databases (each a database of this file's own: an engine
// here must not take another file's runs): flushed while the run goes on, complete once the run is
// recorded finished, a deleted run failing no one's batch, and pruned with its run.
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, test } from "vitest";
import { createDb, type Db } from "../../lib/db/client";
import { migrate } from "../../lib/db/migrate";
import type { DbTarget } from "../../lib/db/target";
import type { JsonValue, RunContext } from "../../lib/entrypoints/types";
import type { Logger } from "../../lib/log";
import { createOutputFlusher, insertOutputQueries, RunOutputWriter } from "../../lib/runs/output";
import { queueManualRun } from "../../lib/runs/runs";
import { createFakeClock } from "../../lib/scheduler/clock";
import { createScheduler, type Scheduler } from "../../lib/scheduler/engine";
import { createRecorder } from "../../lib/scheduler/recorder";
import { pruneRuns } from "../../lib/scheduler/retention";
import type { ScheduleSnapshot } from "../../lib/scheduler/store";
import { createTasks } from "../../lib/scheduler/tasks";
import { ownDatabases } from "../support/databases";
import { waitFor } from "../support/server";
import { ownerAccess } from "../support/teams";

const quiet: Logger = { debug() {}, info() {}, warn() {}, error() {} };
const T0 = Date.UTC(2026, 11, 7, 9, 0, 0);

describe.each(ownDatabases("run-output"))("on %s", (_name, makeTarget, dropTarget) => {
  let target: DbTarget;
  let db: Db;
  let userId: string;

  beforeAll(async () => {
    target = await makeTarget();
    await migrate(target);
  });
  afterAll(async () => {
    await dropTarget(target);
  });
  beforeEach(async () => {
    db = await createDb(target);
    userId = (await db.user.create({ data: { email: `output-${Math.random().toString(36).slice(2)}@example.com`, passwordHash: "x" } })).id;
  });
  afterEach(async () => {
    await db.user.delete({ where: { id: userId } });
    await db.$disconnect();
  });

  const chunksOf = async (runId: string) =>
    (await db.runOutput.findMany({ where: { runId }, orderBy: { seq: "asc" } })).map((c) => [c.seq, c.stream, c.text]);

  async function scheduleWithRun(name: string, workerId: string, status: "running" | "succeeded" = "running") {
    const schedule = await db.schedule.create({ data: { teamId: userId, name, cronExpression: "* * * * *" } });
    const run = await db.run.create({
      data: { scheduleId: schedule.id, trigger: "manual", scheduledFor: new Date(T0), status, workerId, startedAt: new Date(T0), createdAt: new Date(T0), ...(status === "running" ? {} : { finishedAt: new Date(T0) }) },
    });
    return { schedule: schedule as unknown as ScheduleSnapshot, run: { id: run.id, scheduleId: schedule.id, scheduledFor: run.scheduledFor, attempt: 1, trigger: "manual" as const } };
  }

  describe("through the engine", () => {
    let engine: Scheduler;
    let clock: ReturnType<typeof createFakeClock>;
    let release: () => void;

    beforeEach(async () => {
      clock = createFakeClock(T0);
      const gate = new Promise<void>((resolve) => (release = resolve));
      engine = createScheduler({
        db,
        workerId: `worker-${Math.random().toString(36).slice(2, 8)}`,
        log: quiet,
        clock,
        run: async (_key, _payload, ctx: RunContext): Promise<JsonValue> => {
          ctx.output("stdout", "line 1\n");
          ctx.output("stderr", "warning 1\n");
          ctx.log("step one");
          await gate;
          for (let i = 2; i <= 500; i++) ctx.output(i % 2 ? "stderr" : "stdout", `line ${i}\n`);
          return { ok: true };
        },
      });
      await engine.start();
    });
    afterEach(async () => {
      release();
      await engine.stop();
    });

    test("output is flushed while the run goes on, and is all there once the run is recorded finished", async () => {
      const settle = () => Promise.race([engine.idle(), new Promise<void>((r) => setTimeout(r, 60))]);
      const schedule = await db.schedule.create({ data: { teamId: userId, name: "chatty", cronExpression: "0 0 1 1 *" } });
      const run = await queueManualRun(db, ownerAccess(userId), schedule.id, new Date(T0));
      await clock.advance(1_000, settle); // the worker's poll picks the manual run up and starts it
      await waitFor(async () => (await db.run.findUnique({ where: { id: run.id } }))?.status === "running", 5_000, "the run to start");
      expect(await chunksOf(run.id)).toEqual([]); // not flushed yet: the next tick writes it
      await clock.advance(300, settle);
      await waitFor(async () => (await chunksOf(run.id)).length === 3, 5_000, "the first flush");
      expect(await chunksOf(run.id)).toEqual([
        [1, "stdout", "line 1\n"],
        [2, "stderr", "warning 1\n"],
        [3, "log", "step one\n"],
      ]);

      release();
      // Whenever the run is first seen finished, its output is complete: read in that order.
      let chunks: (string | number)[][] = [];
      await waitFor(
        async () => {
          const finished = (await db.run.findUnique({ where: { id: run.id } }))?.status === "succeeded";
          chunks = await chunksOf(run.id);
          return finished;
        },
        5_000,
        "the run to finish",
        5,
      );
      expect(chunks.map((c) => c[0])).toEqual(chunks.map((_, i) => i + 1));
      const text = (stream: string) =>
        chunks
          .filter((c) => c[1] === stream)
          .map((c) => c[2])
          .join("");
      expect(text("stdout").split("\n").filter(Boolean)).toEqual(["line 1", ...Array.from({ length: 250 }, (_, i) => `line ${2 * i + 2}`)]);
      expect(text("stderr").split("\n").filter(Boolean)).toEqual(["warning 1", ...Array.from({ length: 249 }, (_, i) => `line ${2 * i + 3}`)]);
    });
  });

  test("a run deleted meanwhile (with its schedule) fails neither the flusher's statement nor the recorder's batch", async () => {
    const workerId = "w-output";
    const kept = await scheduleWithRun("kept", workerId);
    const doomed = await scheduleWithRun("doomed", workerId);
    const clock = createFakeClock(T0);
    const tasks = createTasks(clock, quiet);
    const flusher = createOutputFlusher({ db, clock, log: quiet, tasks });
    const a = flusher.open(kept.run.id);
    const b = flusher.open(doomed.run.id);
    a.write("stdout", "kept, flushed\n");
    b.write("stdout", "doomed, flushed\n");
    await db.schedule.delete({ where: { id: doomed.schedule.id } });
    await clock.advance(300, () => tasks.settled());
    await tasks.settled();
    expect(await chunksOf(kept.run.id)).toEqual([[1, "stdout", "kept, flushed\n"]]);
    expect(a.remaining()).toEqual([]); // written, not handed back

    a.write("stderr", "kept, with the outcome\n");
    a.close();
    const again = await scheduleWithRun("doomed again", workerId);
    const c = new RunOutputWriter(again.run.id, () => T0);
    c.write("log", "doomed again\n");
    c.close();
    await db.schedule.delete({ where: { id: again.schedule.id } });
    const recorder = createRecorder({ db, workerId, clock, log: quiet, tasks });
    const outcome = (output: RunOutputWriter) => ({ status: "succeeded" as const, startedAt: new Date(T0), finishedAt: new Date(T0 + 1000), result: null as never, output });
    recorder.finish({ ...kept, outcome: outcome(a) });
    recorder.finish({ ...again, outcome: outcome(c) });
    await recorder.drain();
    expect((await db.run.findUnique({ where: { id: kept.run.id } }))?.status).toBe("succeeded");
    expect(await chunksOf(kept.run.id)).toEqual([
      [1, "stdout", "kept, flushed\n"],
      [2, "stderr", "kept, with the outcome\n"],
    ]);
    expect(await db.runOutput.count({ where: { runId: { in: [doomed.run.id, again.run.id] } } })).toBe(0);
    await flusher.stop();
  });

  test("a schedule with alert rules (the recorder's interactive transaction): the output commits with the outcome too", async () => {
    const workerId = "w-alerts";
    const { schedule, run } = await scheduleWithRun("alerting", workerId);
    const clock = createFakeClock(T0);
    const tasks = createTasks(clock, quiet);
    const output = new RunOutputWriter(run.id, () => T0);
    output.write("stdout", "with alerts\n");
    output.close();
    const recorder = createRecorder({ db, workerId, clock, log: quiet, tasks });
    const alerting = { ...schedule, alerts: { channelIds: [], afterConsecutiveFailures: 1 } } as unknown as ScheduleSnapshot;
    recorder.finish({ run, schedule: alerting, outcome: { status: "failed", startedAt: new Date(T0), finishedAt: new Date(T0 + 10), error: { message: "boom" }, output } });
    await recorder.drain();
    expect((await db.run.findUnique({ where: { id: run.id } }))?.status).toBe("failed");
    expect(await chunksOf(run.id)).toEqual([[1, "stdout", "with alerts\n"]]);
  });

  test.each([false, true])("an outcome waits for a flush of its run still in flight (the flush fails: %s): no reader sees the run finished without its earlier output", async (flushFails) => {
    const workerId = "w-inflight";
    const { schedule, run } = await scheduleWithRun(`in flight ${flushFails}`, workerId);
    const clock = createFakeClock(T0);
    const tasks = createTasks(clock, quiet);
    const flusher = createOutputFlusher({ db, clock, log: quiet, tasks });
    // The flusher's statement is the next transaction: held until released, then run (or failed).
    const original = db.$transaction.bind(db) as (...args: unknown[]) => Promise<unknown>;
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    (db as unknown as { $transaction: unknown }).$transaction = async (...args: unknown[]) => {
      (db as unknown as { $transaction: unknown }).$transaction = original;
      await gate;
      if (flushFails) throw new Error("the database went away for a moment");
      return original(...args);
    };
    const output = flusher.open(run.id);
    output.write("stdout", "early\n");
    await clock.advance(300, async () => {});
    expect(output.inFlight).not.toBeNull();
    output.write("stdout", "late\n");
    output.close();
    createRecorder({ db, workerId, clock, log: quiet, tasks }).finish({ run, schedule, outcome: { status: "succeeded", startedAt: new Date(T0), finishedAt: new Date(T0 + 10), output } });

    let seenIncomplete = false;
    let watching = true;
    const watcher = (async () => {
      while (watching) {
        const finished = (await db.run.findUnique({ where: { id: run.id } }))?.status === "succeeded";
        if (finished && (await db.runOutput.count({ where: { runId: run.id } })) < 2) seenIncomplete = true;
        await new Promise((r) => setTimeout(r, 5));
      }
    })();
    await new Promise((r) => setTimeout(r, 300)); // the outcome would have committed by now, were it not waiting
    expect((await db.run.findUnique({ where: { id: run.id } }))?.status).toBe("running");
    release();
    await waitFor(async () => (await db.run.findUnique({ where: { id: run.id } }))?.status === "succeeded", 5_000, "the outcome");
    await tasks.settled();
    watching = false;
    await watcher;
    expect(seenIncomplete).toBe(false);
    expect(await chunksOf(run.id)).toEqual([
      [1, "stdout", "early\n"],
      [2, "stdout", "late\n"],
    ]);
    await flusher.stop();
  });

  test("a chunk written twice (a retried commit) is kept once", async () => {
    const { run } = await scheduleWithRun("twice", "w");
    const chunk = { runId: run.id, seq: 1, stream: "stdout" as const, text: "once\n", at: new Date(T0) };
    await db.$transaction(insertOutputQueries(db, [chunk]));
    await db.$transaction(insertOutputQueries(db, [chunk, { ...chunk, seq: 2, text: "twice\n" }]));
    expect(await chunksOf(run.id)).toEqual([
      [1, "stdout", "once\n"],
      [2, "stdout", "twice\n"],
    ]);
    const stored = await db.runOutput.findFirst({ where: { runId: run.id, seq: 1 } });
    expect(stored?.at.toISOString()).toBe(new Date(T0).toISOString()); // instants read back as written
  });

  test("a pruned run's output is gone with it", async () => {
    const old = await scheduleWithRun("pruned", "w", "succeeded");
    const output = new RunOutputWriter(old.run.id, () => T0);
    output.write("stdout", "old output\n");
    output.close();
    await db.$transaction(insertOutputQueries(db, output.remaining()));
    expect(await chunksOf(old.run.id)).toHaveLength(1);
    const { deleted } = await pruneRuns(db, { keepPerSchedule: 1000, maxAgeDays: 30 }, new Date(T0 + 31 * 86_400_000));
    expect(deleted).toBeGreaterThanOrEqual(1);
    expect(await db.run.findUnique({ where: { id: old.run.id } })).toBeNull();
    expect(await db.runOutput.count({ where: { runId: old.run.id } })).toBe(0);
  });
});
