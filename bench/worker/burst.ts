// Figures 2 and 3: a burst of N `* * * * *` log schedules due at one minute boundary, on one engine.
// The engine runs as the worker does, in a process of its own from the bundle (this file's
// burstChild, started with BURST_CHILD_FLAG), so that it pays neither the tsx loader's costs nor
// this process's seeding; this process seeds, then reads the runs it recorded.
//   2. how long the event loop is blocked: monitorEventLoopDelay from shortly before the slot until
//      every run has finished and been recorded; floor: the same monitor over an idle interval of
//      equal length in the same process, after the engine stopped;
//   3. fire lateness, run.startedAt - run.scheduledFor from the runs table; floor: one plain
//      setTimeout calling N handlers, no database.
import { monitorEventLoopDelay } from "node:perf_hooks";
import { runEntrypoint } from "../../lib/entrypoints/registry";
import { computeNextRunAt } from "../../lib/schedules/schedules";
import { ascending, captureLog, count, idleWithin, load, progress, runChild, seedSchedules, sleep, startEngine, stopEngine, until, withDatabase, type Kind, type RunFn } from "./common";
import type { DbTarget } from "../../lib/db/target";

// BENCH_BURST_SIZES=10000 narrows the bursts (for profiling one of them).
export const BURST_SIZES = process.env.BENCH_BURST_SIZES ? process.env.BENCH_BURST_SIZES.split(",").map(Number) : [1_000, 10_000];
const LEAD_MS = 15_000; // the engine starts at least this long before the boundary
// The monitor starts this long before the slot: the engine prepares a burst ahead of it (today it
// reads the whole schedules 3 s before), and a stall then delays timers just the same.
export const LOOP_LEAD_MS = 5_000;
export const LOOP_RESOLUTION_MS = 10; // an idle loop reads about this (the monitor's own timer period)
const RUNS_TIMEOUT_MS = 120_000; // from the slot until every run has finished
const IDLE_FLOOR_MAX_MS = 30_000; // the idle interval is as long as the burst's window, at most this
export const BURST_CHILD_FLAG = "--burst-child";
const CHILD_LIMIT_MS = 240_000;

/** Event-loop delay over a window, in ms (monitorEventLoopDelay records ns). */
export type Loop = { maxMs: number; p99Ms: number; windowMs: number };
export type BurstResult = {
  kind: Kind;
  n: number;
  /** runs of the slot recorded as succeeded */
  succeeded: number;
  /** s from the slot until every run had finished and the engine was idle; null if not within the timeout */
  finishedS: number | null;
  /** ms, ascending; Infinity for slots never started */
  lateness: number[];
  timerFloor: number[];
  /** the engine's own "fire" log lines (claim inserted), ms late, ascending */
  fire: number[];
  loop: Loop;
  /** the loop's longest stall in the LOOP_LEAD_MS before the slot (part of `loop`) */
  preSlotMaxMs: number;
  idleLoop: Loop;
  notes: string;
};

function monitor() {
  const h = monitorEventLoopDelay({ resolution: LOOP_RESOLUTION_MS });
  let enabledAt = 0;
  let windowMs = 0;
  return {
    enable() {
      enabledAt = performance.now();
      h.enable();
    },
    disable(): Loop {
      h.disable();
      windowMs = performance.now() - enabledAt;
      return { maxMs: h.max / 1e6, p99Ms: h.percentile(99) / 1e6, windowMs };
    },
  };
}

/** Plain timers for the same N slots: one setTimeout at `boundary` calling N handlers, no database. */
function timerFloor(n: number, boundary: number): Promise<number[]> {
  const out = new Array<number>(n).fill(NaN);
  const handlers = Array.from({ length: n }, (_, i) => () => {
    out[i] = Date.now() - boundary;
  });
  return new Promise((resolve) => {
    setTimeout(() => {
      for (const h of handlers) h();
      resolve(out);
    }, boundary - Date.now());
  });
}

/** What the engine's process measures and reports to the bench (ms unless named). */
type ChildResult = {
  timerFloor: number[];
  fire: number[];
  loop: Loop;
  preSlot: Loop;
  idleLoop: Loop;
  finishedS: number | null;
  executed: number;
  startMs: number;
  settled: string;
  engineNotes: string;
};
type ChildTask = { target: DbTarget; n: number; boundary: number; label: string };

export async function burst(kind: Kind, n: number, entry: string): Promise<BurstResult> {
  return withDatabase(kind, async (f) => {
    const label = `${kind} ${count(n)}`;
    const loadBefore = load();
    // The boundary: the first minute boundary far enough away for seeding, the floor and LEAD_MS.
    // The engine must start within the minute before it (so that it is its next slot).
    const every = { cronExpression: "* * * * *", timezone: "UTC", isEnabled: true };
    let boundary = Math.ceil((Date.now() + 1000 + n / 2 + 2500 + LEAD_MS) / 60_000) * 60_000;
    const seedStart = performance.now();
    await seedSchedules(f.db, f.userId, n, () => ({ cronExpression: "* * * * *", timezone: "UTC", nextRunAt: computeNextRunAt(every, new Date(boundary - 1000)) }));
    progress(`${label}: seeded in ${((performance.now() - seedStart) / 1000).toFixed(1)} s for the boundary ${new Date(boundary).toISOString()}`);

    if (Date.now() > boundary - LEAD_MS - 2500) {
      // Seeding took longer than planned: the next boundary, nextRunAt moved row by row (keeping updatedAt).
      boundary = Math.ceil((Date.now() + n / 2 + LEAD_MS + 2500) / 60_000) * 60_000;
      progress(`${label}: moving to the boundary ${new Date(boundary).toISOString()}`);
      const rows = await f.db.schedule.findMany({ select: { id: true, updatedAt: true } });
      const nextRunAt = computeNextRunAt(every, new Date(boundary - 1000));
      for (let i = 0; i < rows.length; i += 100) {
        await Promise.all(rows.slice(i, i + 100).map((r) => f.db.schedule.updateMany({ where: { id: r.id }, data: { nextRunAt, updatedAt: r.updatedAt } })));
      }
    }
    const task: ChildTask = { target: f.target, n, boundary, label };
    const c = await runChild<ChildResult>(entry, BURST_CHILD_FLAG, { BENCH_BURST_TASK: JSON.stringify(task) }, boundary - Date.now() + CHILD_LIMIT_MS);

    const runs = await f.db.run.findMany({ where: { trigger: "schedule" }, select: { scheduledFor: true, startedAt: true, status: true } });
    const ofSlot = runs.filter((r) => r.scheduledFor.getTime() === boundary);
    const late = ofSlot.filter((r) => r.startedAt).map((r) => r.startedAt!.getTime() - boundary);
    while (late.length < n) late.push(Infinity); // slots never started count as later than all
    const succeeded = ofSlot.filter((r) => r.status === "succeeded").length;
    return {
      kind,
      n,
      succeeded,
      finishedS: c.finishedS,
      lateness: ascending(late),
      timerFloor: c.timerFloor,
      fire: c.fire,
      loop: c.loop,
      preSlotMaxMs: c.preSlot.maxMs,
      idleLoop: c.idleLoop,
      notes: `${label}: load average ${loadBefore} before, ${load()} after; engine start() ${(c.startMs / 1000).toFixed(2)} s, its write-back ${c.settled}; runs for other slots: ${runs.length - ofSlot.length}; ${c.engineNotes}`,
    };
  });
}

/** The engine's process: the timer floor, then the engine from a minute before the boundary until its burst is recorded. */
export async function burstChild() {
  const { target, n, boundary, label } = JSON.parse(process.env.BENCH_BURST_TASK ?? "null") as ChildTask;
  // The timer floor, measured in this process while it is otherwise quiet, at a whole second.
  const timerFloorMs = ascending(await timerFloor(n, Math.ceil(Date.now() / 1000) * 1000 + 1000));
  await until(boundary - 59_000);
  progress(`${label}: starting the engine ${((boundary - Date.now()) / 1000).toFixed(1)} s before the boundary ${new Date(boundary).toISOString()}`);

  // The job-type registry's own run, counted, so that the end of the burst is known without
  // querying the database from this process (on SQLite that would block the loop being measured).
  let executed = 0;
  const run: RunFn = (key, payload, ctx) => runEntrypoint(key, payload, ctx).finally(() => executed++);
  const cap = captureLog();
  const { engine, edb, startMs } = await startEngine(target, `bench-burst-${target.provider}-${n}`, cap.log, run);
  let loop: Loop;
  let preSlot: Loop;
  let finishedS: number | null = null;
  let settled: string;
  try {
    const idle = await idleWithin(engine, boundary - LOOP_LEAD_MS - Date.now() - 500);
    settled = idle ? `settled ${((boundary - Date.now()) / 1000).toFixed(1)} s before the slot` : "NOT settled before the monitor started";
    progress(`${label}: start() took ${(startMs / 1000).toFixed(2)} s; its write-back ${idle ? "settled" : "had not settled"}; ${engine.stats().schedules} schedules armed; waiting for the boundary`);

    const whole = monitor();
    const before = monitor();
    await until(boundary - LOOP_LEAD_MS);
    whole.enable();
    before.enable();
    await until(boundary);
    preSlot = before.disable();
    let lastReport = Date.now();
    while (executed < n && Date.now() - boundary < RUNS_TIMEOUT_MS) {
      await sleep(50);
      if (Date.now() - lastReport > 10_000) {
        lastReport = Date.now();
        progress(`${label}: ${executed} of ${n} runs executed ${((Date.now() - boundary) / 1000).toFixed(0)} s after the boundary`);
      }
    }
    // Executed is not yet recorded: the burst ends when the engine has written every outcome.
    const idleAfter = executed >= n && (await idleWithin(engine, boundary + RUNS_TIMEOUT_MS - Date.now()));
    loop = whole.disable();
    if (idleAfter) finishedS = (Date.now() - boundary) / 1000;
    progress(`${label}: ${executed} of ${n} executed, ${finishedS === null ? "NOT finished" : `finished ${finishedS.toFixed(1)} s after the slot`}; stopping the engine`);
  } finally {
    await stopEngine(engine, edb);
  }

  // The loop's floor: nothing running, same length (bounded).
  const idleMonitor = monitor();
  idleMonitor.enable();
  await sleep(Math.min(loop.windowMs, IDLE_FLOOR_MAX_MS));
  const idleLoop = idleMonitor.disable();
  const result: ChildResult = { timerFloor: timerFloorMs, fire: ascending(cap.fire), loop, preSlot, idleLoop, finishedS, executed, startMs, settled, engineNotes: cap.summary() };
  process.stdout.write(JSON.stringify(result) + "\n");
}
