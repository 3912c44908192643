// Figure 4: a worker's memory with 100,000 enabled schedules (40 real-world expressions x 5 zones).
// The engine runs in a fresh process (this script with --startup-child), so that the 100,000 rows
// seeded here do not count in its RSS. Memory is read after full collections (liveMemory), at:
//   - baseline: before the engine's client is created (the floor: node, tsx and the modules);
//   - started: when start() has resolved;
//   - written back: when no enabled schedule's nextRunAt is earlier than the moment start() was
//     called (checked in the database on the engine's own client), engine.idle() has resolved,
//     and then one more sync interval has passed and idle() has resolved again (so the first sync
//     after the write-back, which sees the rows it changed, has settled too).
import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { validateCron } from "../../lib/cron/validate";
import type { DbTarget } from "../../lib/db/target";
import { computeNextRunAt } from "../../lib/schedules/schedules";
import { captureLog, count, idleWithin, liveMemory, load, mb, progress, runChild, seedSchedules, sleep, startEngine, stopEngine, SYNC_INTERVAL_MS, withDatabase, type Kind } from "./common";

export const STARTUP_SCHEDULES = 100_000;
export const ZONES = ["UTC", "America/New_York", "Europe/Berlin", "Asia/Kolkata", "Australia/Sydney"];
const WRITEBACK_WAIT_MS = 90_000;
const CHILD_LIMIT_MS = 300_000;
export const CHILD_FLAG = "--startup-child";

/** What the worker process reports (bytes, ms). */
type ChildResult = {
  baseline: { rss: number; heapUsed: number };
  startMs: number;
  armed: number;
  started: { rss: number; heapUsed: number };
  /** ms from start() resolving until written back (see the top of this file); null if not within WRITEBACK_WAIT_MS */
  writebackMs: number | null;
  staleLeft: number;
  writtenBack: { rss: number; heapUsed: number };
  runsFired: number;
  stopMs: number;
  engineNotes: string;
};
export type StartupResult = ChildResult & { kind: Kind; seedS: number; staleAtStart: number; notes: string };

/** 40 real-world expressions: every 9th valid line of the round-trip corpus. */
function startupCrons(): string[] {
  const file = path.resolve(import.meta.dirname, "../../lib/cron/corpus/real-world.txt");
  const lines = readFileSync(file, "utf8")
    .split("\n")
    .map((l) => l.replace(/#.*/, "").trim())
    .filter((l) => l && validateCron(l).ok);
  return lines.filter((_, i) => i % 9 === 0).slice(0, 40);
}

/** The worker process's side: one JSON line on stdout. */
export async function startupChild() {
  const target = JSON.parse(process.env.BENCH_WORKER_TARGET ?? "null") as DbTarget;
  const baseline = liveMemory();
  const cap = captureLog();
  const startCalledAt = new Date();
  const { engine, edb, startMs } = await startEngine(target, `bench-startup-${process.pid}`, cap.log);
  const started = liveMemory();
  const armed = engine.stats().schedules;
  process.stderr.write(`       worker: start() resolved in ${(startMs / 1000).toFixed(2)} s, ${count(armed)} schedules armed, RSS ${mb(started.rss)} MB (heap used ${mb(started.heapUsed)}); waiting for its nextRunAt write-back\n`);

  const w = performance.now();
  const deadline = w + WRITEBACK_WAIT_MS;
  const stale = () => edb.schedule.count({ where: { isEnabled: true, nextRunAt: { lt: startCalledAt } } });
  let staleLeft = -1;
  let writebackMs: number | null = null;
  while (performance.now() < deadline) {
    const idle = await idleWithin(engine, deadline - performance.now());
    staleLeft = await stale();
    if (idle && staleLeft === 0) {
      await sleep(SYNC_INTERVAL_MS + 100);
      if (await idleWithin(engine, deadline - performance.now())) writebackMs = performance.now() - w;
      break;
    }
    await sleep(200);
  }
  const writtenBack = liveMemory();
  const runsFired = await edb.run.count();
  const s = performance.now();
  await stopEngine(engine, edb);
  const result: ChildResult = { baseline, startMs, armed, started, writebackMs, staleLeft, writtenBack, runsFired, stopMs: performance.now() - s, engineNotes: cap.summary() };
  process.stdout.write(JSON.stringify(result) + "\n");
}

/** `entry`: the script to run as the worker process (bench/worker.ts, which dispatches on CHILD_FLAG). */
export async function startup(kind: Kind, entry: string = fileURLToPath(new URL("../worker.ts", import.meta.url))): Promise<StartupResult> {
  return withDatabase(kind, async (f) => {
    const loadBefore = load();
    const crons = startupCrons();
    const next = new Map<string, Date | null>();
    const now = new Date();
    const seedStart = performance.now();
    await seedSchedules(f.db, f.userId, STARTUP_SCHEDULES, (i) => {
      const cronExpression = crons[i % crons.length];
      const timezone = ZONES[Math.floor(i / crons.length) % ZONES.length];
      const key = `${cronExpression}|${timezone}`;
      if (!next.has(key)) next.set(key, computeNextRunAt({ cronExpression, timezone, isEnabled: true }, now));
      return { cronExpression, timezone, nextRunAt: next.get(key)! };
    });
    const seedS = (performance.now() - seedStart) / 1000;
    // Seeded with the nextRunAt of the seeding's start: those whose slot passed since are stale.
    const staleAtStart = await f.db.schedule.count({ where: { isEnabled: true, nextRunAt: { lt: new Date() } } });
    progress(`${kind}: seeded ${count(STARTUP_SCHEDULES)} schedules (${crons.length} expressions x ${ZONES.length} zones) in ${seedS.toFixed(1)} s, ${count(staleAtStart)} with a stale nextRunAt; starting a worker process`);
    const r = await runChild<ChildResult>(entry, CHILD_FLAG, { BENCH_WORKER_TARGET: JSON.stringify(f.target) }, CHILD_LIMIT_MS);
    progress(`${kind}: worker process done (written back ${r.writebackMs === null ? "NOT within the limit" : `${(r.writebackMs / 1000).toFixed(1)} s after start()`})`);
    return {
      ...r,
      kind,
      seedS,
      staleAtStart,
      notes: `${kind}: load average ${loadBefore} before, ${load()} after; ${count(staleAtStart)} schedules had a stale nextRunAt when the worker started (their slot passed during the ${seedS.toFixed(0)} s of seeding), ${r.staleLeft} left at the end; runs fired while measured: ${count(r.runsFired)}; worker stop() ${(r.stopMs / 1000).toFixed(1)} s; ${r.engineNotes}`,
    };
  });
}
