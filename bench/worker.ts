// npm run bench:worker: the scheduler engine (lib/scheduler) in-process with the real clock, on
// SQLite and PostgreSQL, each scenario on a fresh database that is dropped afterwards:
//   1. fire lateness at one minute boundary for 1,000 and 10,000 `* * * * *` log schedules
//      (run.startedAt - run.scheduledFor), against the floor of plain in-process timers;
//   2. change propagation: updateSchedule -> engine.isArmed(id, newUpdatedAt);
//   3. startup with 100,000 enabled schedules: engine.start() time and process RSS;
//   4. manual runs recorded per second: 2,000 queued runs drained to "succeeded".
// The engine runs with its defaults (concurrency 10, sync every 1 s). Progress goes to stderr;
// the tables go to stdout. Prints tables; asserts nothing. BENCH_ONLY=lateness,propagation,startup,
// throughput runs a subset.
import { spawn } from "node:child_process";
import { readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { monitorEventLoopDelay } from "node:perf_hooks";
import v8 from "node:v8";
import { fileURLToPath } from "node:url";
import vm from "node:vm";
import { validateCron } from "../lib/cron/validate";
import { createDb, type Db } from "../lib/db/client";
import { migrate } from "../lib/db/migrate";
import { sqliteTarget, type DbTarget } from "../lib/db/target";
import type { Logger } from "../lib/log";
import { createScheduler, type Scheduler } from "../lib/scheduler/engine";
import { computeNextRunAt, updateSchedule } from "../lib/schedules/schedules";
import { scheduleUpdateSchema } from "../lib/validation/schedules";
import { createDatabase, dropDatabase, postgresUnavailable } from "../__tests__/support/postgres";
import { tempDir } from "../__tests__/support/temp";

const CONCURRENCY = 10; // the engine's (and WORKER_CONCURRENCY's) default
const LATENESS_SIZES = [1_000, 10_000];
const LATENESS_GOAL_MS = 1_000;
const LEAD_MS = 15_000; // the engine starts at least this long before the boundary (brief: >= 10 s)
const RUNS_TIMEOUT_MS = 120_000;
const PROPAGATION_UPDATES = 30;
const PROPAGATION_SCHEDULES = 1_000;
const PROPAGATION_GOAL_MS = 2_000;
const STARTUP_SCHEDULES = 100_000;
const STARTUP_GOAL_MS = 10_000;
const STARTUP_GOAL_MB = 300;
const WRITEBACK_WAIT_MS = 90_000;
const MANUAL_RUNS = 2_000;
const MANUAL_SCHEDULES = 5;
const MANUAL_TIMEOUT_MS = 240_000;
const CHUNK = 1_000;
const ZONES = ["UTC", "America/New_York", "Europe/Berlin", "Asia/Kolkata", "Australia/Sydney"];

const only = new Set((process.env.BENCH_ONLY ?? "lateness,propagation,startup,throughput").split(",").map((s) => s.trim()));
const t0 = performance.now();
const progress = (message: string) => process.stderr.write(`[${((performance.now() - t0) / 1000).toFixed(0).padStart(4)} s] ${message}\n`);
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, Math.max(0, ms)));
const until = (at: number) => sleep(at - Date.now());
const pct = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
const ms = (x: number | undefined) => (x === undefined || Number.isNaN(x) ? "-" : x === Infinity ? "not started" : Math.round(x).toLocaleString("en-US"));
const mb = (bytes: number) => Math.round(bytes / 1048576);
const errorText = (err: unknown) => ((err as Error)?.message ?? String(err)).replace(/\s+/g, " ").replace(/\|/g, "/").slice(0, 200);

// global.gc when node runs with --expose-gc; otherwise the same function obtained through V8's flags.
const gc: (() => void) | null = (() => {
  const g = (globalThis as { gc?: () => void }).gc;
  if (g) return g;
  try {
    v8.setFlagsFromString("--expose-gc");
    return vm.runInNewContext("gc") as () => void;
  } catch {
    return null;
  }
})();
const rssAfterGc = () => {
  gc?.();
  gc?.();
  return process.memoryUsage().rss;
};

// ---- databases --------------------------------------------------------------------------------

type Kind = "SQLite" | "PostgreSQL";
type Fresh = { kind: Kind; target: DbTarget; db: Db; userId: string };

/** A new migrated database with one user, its observer client (the "API side"), dropped after `fn`. */
async function withDatabase<T>(kind: Kind, fn: (f: Fresh) => Promise<T>): Promise<T> {
  let target: DbTarget;
  let drop: () => Promise<void>;
  if (kind === "SQLite") {
    const dir = tempDir("bench-worker");
    target = sqliteTarget(path.join(dir, "almanac.db"));
    drop = async () => rmSync(dir, { recursive: true, force: true });
  } else {
    const url = await createDatabase("bench");
    target = { provider: "postgresql", url };
    drop = () => dropDatabase(url);
  }
  let db: Db | null = null;
  try {
    await migrate(target);
    db = await createDb(target);
    const user = await db.user.create({ data: { email: `bench-worker-${Date.now()}@example.com`, passwordHash: "x" } });
    return await fn({ kind, target, db, userId: user.id });
  } finally {
    await db?.$disconnect().catch(() => undefined);
    await drop().catch((err) => progress(`${kind}: could not drop the database: ${errorText(err)}`));
  }
}

/** The engine's logger: silent, but keeps the lateness of each "fire" (claim inserted) and counts warnings. */
function captureLog() {
  const fire: number[] = [];
  const warnings: string[] = [];
  let warnCount = 0;
  const warn = (message: string, fields?: Record<string, unknown>) => {
    warnCount++;
    if (warnings.length < 3) warnings.push(`${message}${fields?.error ? `: ${String(fields.error)}` : ""}`);
  };
  const log: Logger = {
    debug() {},
    info(message, fields) {
      if (message === "fire" && fields) fire.push(Number(fields.latenessMs));
    },
    warn,
    error: warn,
  };
  return { log, fire, warnings, warnCount: () => warnCount };
}

/** The engine on its own client, as the worker process has. */
async function startEngine(target: DbTarget, workerId: string, log: Logger): Promise<{ engine: Scheduler; edb: Db; startMs: number }> {
  const edb = await createDb(target);
  const engine = createScheduler({ db: edb, workerId, log, concurrency: CONCURRENCY });
  const s = performance.now();
  await engine.start();
  return { engine, edb, startMs: performance.now() - s };
}

async function stopEngine(engine: Scheduler, edb: Db) {
  let stopped = false;
  const stop = engine
    .stop()
    .catch((err) => progress(`engine.stop() failed: ${errorText(err)}`))
    .finally(() => (stopped = true));
  await Promise.race([stop, sleep(90_000)]);
  if (!stopped) progress("engine.stop() still going after 90 s: moving on");
  await edb.$disconnect().catch(() => undefined);
}

/** Resolves true when the engine has nothing in flight, false after `limit` ms. */
async function idleWithin(engine: Scheduler, limit: number): Promise<boolean> {
  return Promise.race([engine.idle().then(() => true), sleep(limit).then(() => false)]);
}

/**
 * Seeds `count` log schedules in chunks. Steady state: created, and last edited, one a minute apart,
 * the newest a minute ago. (Seeded with one shared updatedAt, every row would sit inside the
 * engine's 10 s sync overlap behind the newest change, and be read again on every sync.)
 */
async function seedSchedules(db: Db, userId: string, count: number, row: (n: number) => { cronExpression: string; timezone: string; nextRunAt: Date | null }) {
  const newest = Date.now() - 60_000;
  for (let start = 0; start < count; start += CHUNK) {
    await db.schedule.createMany({
      data: Array.from({ length: Math.min(CHUNK, count - start) }, (_, i) => {
        const n = start + i;
        const edited = new Date(newest - (count - 1 - n) * 60_000);
        return { userId, name: `job ${String(n).padStart(6, "0")}`, payload: { message: `job ${n}` }, entrypoint: "log", createdAt: edited, updatedAt: edited, ...row(n) };
      }),
    });
  }
}

// ---- 1. fire lateness --------------------------------------------------------------------------

/** Plain timers for the same N slots: one setTimeout at `boundary` calling N handlers, no database. */
function floor(n: number, boundary: number): Promise<number[]> {
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

const latenessRows: string[] = [];
const latenessNotes: string[] = [];

async function lateness(kind: Kind, n: number) {
  await withDatabase(kind, async (f) => {
    const label = `${kind} ${n.toLocaleString("en-US")}`;
    const loadAvg = os.loadavg()[0].toFixed(2);
    // The boundary: the first minute boundary far enough away for seeding, the floor and LEAD_MS.
    // The engine must start within the minute before it (so that it is its next slot).
    const every = { cronExpression: "* * * * *", timezone: "UTC", isEnabled: true };
    let boundary = Math.ceil((Date.now() + 1000 + n / 2 + 2500 + LEAD_MS) / 60_000) * 60_000;
    const seedStart = performance.now();
    await seedSchedules(f.db, f.userId, n, () => ({ cronExpression: "* * * * *", timezone: "UTC", nextRunAt: computeNextRunAt(every, new Date(boundary - 1000)) }));
    progress(`${label}: seeded in ${((performance.now() - seedStart) / 1000).toFixed(1)} s for the boundary ${new Date(boundary).toISOString()}`);

    // The floor, measured in this process while it is otherwise quiet, at the next whole second + 1.
    const floorBoundary = Math.ceil(Date.now() / 1000) * 1000 + 1000;
    const floorSorted = (await floor(n, floorBoundary)).sort((a, b) => a - b);

    if (Date.now() > boundary - LEAD_MS) {
      // Seeding took longer than planned: the next boundary, nextRunAt moved row by row (keeping updatedAt).
      boundary = Math.ceil((Date.now() + n / 2 + LEAD_MS) / 60_000) * 60_000;
      progress(`${label}: moving to the boundary ${new Date(boundary).toISOString()}`);
      const rows = await f.db.schedule.findMany({ select: { id: true, updatedAt: true } });
      const nextRunAt = computeNextRunAt(every, new Date(boundary - 1000));
      for (let i = 0; i < rows.length; i += 100) {
        await Promise.all(rows.slice(i, i + 100).map((r) => f.db.schedule.updateMany({ where: { id: r.id }, data: { nextRunAt, updatedAt: r.updatedAt } })));
      }
    }
    await until(boundary - 59_000);
    progress(`${label}: starting the engine ${((boundary - Date.now()) / 1000).toFixed(1)} s before the boundary ${new Date(boundary).toISOString()}`);

    const cap = captureLog();
    const { engine, edb, startMs } = await startEngine(f.target, `bench-lateness-${kind}-${n}`, cap.log);
    let settled = "";
    try {
      const idle = await idleWithin(engine, boundary - Date.now() - 500);
      settled = idle ? `${((boundary - Date.now()) / 1000).toFixed(1)} s to spare` : "NOT settled by the boundary";
      progress(`${label}: start() took ${(startMs / 1000).toFixed(2)} s; its nextRunAt write-back ${idle ? "settled" : "had not settled"}; ${engine.stats().schedules} schedules armed; waiting for the boundary`);

      const loop = monitorEventLoopDelay({ resolution: 10 });
      await until(boundary - 1000);
      loop.enable();
      await until(boundary);
      let succeeded = 0;
      let lastReport = 0;
      while (Date.now() - boundary < RUNS_TIMEOUT_MS) {
        await sleep(500);
        succeeded = await f.db.run.count({ where: { trigger: "schedule", status: "succeeded", scheduledFor: new Date(boundary) } });
        if (succeeded >= n) break;
        if (Date.now() - lastReport > 10_000) {
          lastReport = Date.now();
          progress(`${label}: ${succeeded} of ${n} runs succeeded ${((Date.now() - boundary) / 1000).toFixed(0)} s after the boundary`);
        }
      }
      loop.disable();
      const drainedS = (Date.now() - boundary) / 1000;
      progress(`${label}: ${succeeded} of ${n} succeeded after ${drainedS.toFixed(1)} s; stopping the engine`);
      await stopEngine(engine, edb);

      const runs = await f.db.run.findMany({ where: { trigger: "schedule" }, select: { scheduledFor: true, startedAt: true, status: true } });
      const late = runs.filter((r) => r.scheduledFor.getTime() === boundary && r.startedAt).map((r) => r.startedAt!.getTime() - r.scheduledFor.getTime());
      const other = runs.filter((r) => r.scheduledFor.getTime() !== boundary).length;
      while (late.length < n) late.push(Infinity); // slots never started count as later than all
      const sorted = late.sort((a, b) => a - b);
      const fire = [...cap.fire].sort((a, b) => a - b);
      const p99 = pct(sorted, 99);
      const floorP99 = pct(floorSorted, 99);
      const ratio = p99 === Infinity ? "-" : `${(p99 / Math.max(1, floorP99)).toFixed(0)}x${floorP99 < 1 ? " (floor taken as 1 ms)" : ""}`;
      latenessRows.push(
        `| ${kind} | ${n.toLocaleString("en-US")} | ${succeeded.toLocaleString("en-US")} (${drainedS.toFixed(1)} s) | ${ms(pct(sorted, 50))} | ${ms(p99)} | ${ms(sorted[sorted.length - 1])} | ${ms(pct(floorSorted, 50))} / ${ms(floorP99)} / ${ms(floorSorted[floorSorted.length - 1])} | ${ratio} | ${fire.length ? `${ms(pct(fire, 50))} / ${ms(pct(fire, 99))} / ${ms(fire[fire.length - 1])}` : "-"} | ${Math.round(loop.max / 1e6).toLocaleString("en-US")} | ${p99 <= LATENESS_GOAL_MS ? "met" : "not met"} |`,
      );
      latenessNotes.push(
        `${label}: load average ${loadAvg} before, ${os.loadavg()[0].toFixed(2)} after; engine start() ${(startMs / 1000).toFixed(2)} s, load write-back ${settled}; runs for other slots: ${other}; engine warnings: ${cap.warnCount()}${cap.warnings.length ? ` (${cap.warnings.join("; ")})` : ""}`,
      );
    } catch (err) {
      await stopEngine(engine, edb);
      throw err;
    }
  });
}

// ---- 2. change propagation ----------------------------------------------------------------------

const propagationRows: string[] = [];

async function propagation(kind: Kind) {
  await withDatabase(kind, async (f) => {
    // Daily schedules at spread-out times: they practically never fire during the measurement.
    const cronOf = (n: number) => `${n % 60} ${Math.floor(n / 60) % 24} * * *`;
    const now = new Date();
    await seedSchedules(f.db, f.userId, PROPAGATION_SCHEDULES, (n) => ({ cronExpression: cronOf(n), timezone: "UTC", nextRunAt: computeNextRunAt({ cronExpression: cronOf(n), timezone: "UTC", isEnabled: true }, now) }));
    const ids = (await f.db.schedule.findMany({ select: { id: true, cronExpression: true }, orderBy: { name: "asc" } })).map((s) => s.id);
    const cap = captureLog();
    const { engine, edb } = await startEngine(f.target, `bench-propagation-${kind}`, cap.log);
    try {
      await idleWithin(engine, 30_000);
      const times: number[] = [];
      let missed = 0;
      for (let i = 0; i < PROPAGATION_UPDATES; i++) {
        const id = ids[(i * 37) % ids.length];
        const input = scheduleUpdateSchema.parse({ cronExpression: `${(i * 7 + 3) % 60} ${(i * 5 + 1) % 24} * * ${i % 7}` });
        const s = performance.now();
        await updateSchedule(f.db, f.userId, id, input, new Date());
        const { updatedAt } = await f.db.schedule.findUniqueOrThrow({ where: { id }, select: { updatedAt: true } });
        while (!engine.isArmed(id, updatedAt) && performance.now() - s < 10_000) await sleep(10);
        if (engine.isArmed(id, updatedAt)) times.push(performance.now() - s);
        else missed++;
        await sleep(Math.random() * 1000); // spreads the updates over the sync cycle's phases
      }
      progress(`${kind}: change propagation done (${times.length} of ${PROPAGATION_UPDATES} seen)`);
      const sorted = times.sort((a, b) => a - b);
      const p95 = pct(sorted, 95);
      propagationRows.push(
        `| ${kind} | ${PROPAGATION_UPDATES} | ${times.length}${missed ? ` (${missed} not within 10 s)` : ""} | ${ms(pct(sorted, 50))} | ${ms(p95)} | ${ms(sorted[sorted.length - 1])} | ${missed === 0 && p95 <= PROPAGATION_GOAL_MS ? "met" : "not met"} |`,
      );
    } finally {
      await stopEngine(engine, edb);
    }
  });
}

// ---- 3. startup with 100,000 schedules -----------------------------------------------------------

const startupRows: string[] = [];
const startupNotes: string[] = [];

/** 40 real-world expressions: every 9th valid line of the round-trip corpus. */
function startupCrons(): string[] {
  const file = path.resolve(import.meta.dirname, "../lib/cron/corpus/real-world.txt");
  const lines = readFileSync(file, "utf8")
    .split("\n")
    .map((l) => l.replace(/#.*/, "").trim())
    .filter((l) => l && validateCron(l).ok);
  return lines.filter((_, i) => i % 9 === 0).slice(0, 40);
}

type StartupResult = { rssBaseline: number; startMs: number; armed: number; rssStarted: number; heapStarted: number; writebackMs: number | null; rssSettled: number; heapSettled: number; stopMs: number; warnings: number; firstWarnings: string[] };

/**
 * The engine side of the startup scenario, in a fresh process (`--startup-child`): a worker
 * process that did not seed 100,000 rows itself, so its RSS is the engine's. Prints one JSON line.
 */
async function startupChild() {
  const target = JSON.parse(process.env.BENCH_WORKER_TARGET ?? "null") as DbTarget;
  const rssBaseline = rssAfterGc();
  const cap = captureLog();
  const { engine, edb, startMs } = await startEngine(target, `bench-startup-${process.pid}`, cap.log);
  const rssStarted = rssAfterGc();
  const heapStarted = process.memoryUsage().heapUsed;
  const armed = engine.stats().schedules;
  const m = process.memoryUsage();
  process.stderr.write(
    `       child: start() resolved in ${(startMs / 1000).toFixed(2)} s, ${armed} schedules armed, RSS ${mb(rssStarted)} MB (V8 heap ${mb(m.heapUsed)} used of ${mb(m.heapTotal)}, external ${mb(m.external)}, array buffers ${mb(m.arrayBuffers)}); waiting for its nextRunAt write-back\n`,
  );
  const w = performance.now();
  const idle = await idleWithin(engine, WRITEBACK_WAIT_MS);
  const writebackMs = idle ? performance.now() - w : null;
  const rssSettled = rssAfterGc();
  const heapSettled = process.memoryUsage().heapUsed;
  const s = performance.now();
  await stopEngine(engine, edb);
  const result: StartupResult = { rssBaseline, startMs, armed, rssStarted, heapStarted, writebackMs, rssSettled, heapSettled, stopMs: performance.now() - s, warnings: cap.warnCount(), firstWarnings: cap.warnings };
  process.stdout.write(JSON.stringify(result) + "\n");
}

function runStartupChild(target: DbTarget): Promise<StartupResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...process.execArgv, "--expose-gc", fileURLToPath(import.meta.url), "--startup-child"], {
      env: { ...process.env, BENCH_WORKER_TARGET: JSON.stringify(target) },
      stdio: ["ignore", "pipe", "inherit"],
    });
    let out = "";
    child.stdout.on("data", (d: Buffer) => (out += d.toString()));
    const kill = setTimeout(() => child.kill("SIGKILL"), 300_000);
    child.on("error", reject);
    child.on("exit", (code, signal) => {
      clearTimeout(kill);
      const line = out.trim().split("\n").pop() ?? "";
      try {
        resolve(JSON.parse(line) as StartupResult);
      } catch {
        reject(new Error(`worker child exited (${signal ?? code}) without a result: ${line.slice(0, 200)}`));
      }
    });
  });
}

async function startup(kind: Kind) {
  const rssBefore = rssAfterGc();
  await withDatabase(kind, async (f) => {
    const crons = startupCrons();
    const next = new Map<string, Date | null>();
    const now = new Date();
    const seedStart = performance.now();
    await seedSchedules(f.db, f.userId, STARTUP_SCHEDULES, (n) => {
      const cronExpression = crons[n % crons.length];
      const timezone = ZONES[Math.floor(n / crons.length) % ZONES.length];
      const key = `${cronExpression}|${timezone}`;
      if (!next.has(key)) next.set(key, computeNextRunAt({ cronExpression, timezone, isEnabled: true }, now));
      return { cronExpression, timezone, nextRunAt: next.get(key)! };
    });
    const seedS = (performance.now() - seedStart) / 1000;
    const rssSeeded = rssAfterGc();
    progress(`${kind}: seeded ${STARTUP_SCHEDULES.toLocaleString("en-US")} schedules (${crons.length} expressions x ${ZONES.length} zones) in ${seedS.toFixed(1)} s; starting a worker process`);
    const r = await runStartupChild(f.target);
    progress(`${kind}: worker process done (write-back ${r.writebackMs === null ? "not settled" : `settled after ${(r.writebackMs / 1000).toFixed(1)} s`})`);
    const fired = await f.db.run.count();
    const writeback = r.writebackMs === null ? `not within ${WRITEBACK_WAIT_MS / 1000} s` : `${(r.writebackMs / 1000).toFixed(1)} s`;
    startupRows.push(
      `| ${kind} | ${r.armed.toLocaleString("en-US")} | ${seedS.toFixed(1)} | ${(r.startMs / 1000).toFixed(2)} | ${mb(r.rssBaseline)} | ${mb(r.rssStarted)} (+${mb(r.rssStarted - r.rssBaseline)}) | ${writeback} | ${mb(r.rssSettled)} | ${r.startMs <= STARTUP_GOAL_MS ? "met" : "not met"} / ${r.rssStarted <= STARTUP_GOAL_MB * 1048576 ? "met" : "not met"} |`,
    );
    startupNotes.push(
      `${kind}: worker V8 heap used ${mb(r.heapStarted)} MB after start(), ${mb(r.heapSettled)} MB after the write-back; seeding process RSS ${mb(rssBefore)} MB before seeding, ${mb(rssSeeded)} MB after (not the worker's); worker stop() took ${(r.stopMs / 1000).toFixed(1)} s; runs fired meanwhile: ${fired}; engine warnings: ${r.warnings}${r.firstWarnings.length ? ` (${r.firstWarnings.join("; ")})` : ""}`,
    );
  });
}

// ---- 4. manual runs per second --------------------------------------------------------------------

const throughputRows: string[] = [];

async function throughput(kind: Kind) {
  await withDatabase(kind, async (f) => {
    const now = new Date();
    await seedSchedules(f.db, f.userId, MANUAL_SCHEDULES, () => ({ cronExpression: "0 3 * * *", timezone: "UTC", nextRunAt: computeNextRunAt({ cronExpression: "0 3 * * *", timezone: "UTC", isEnabled: true }, now) }));
    const schedules = await f.db.schedule.findMany({ select: { id: true } });
    const cap = captureLog();
    const { engine, edb } = await startEngine(f.target, `bench-throughput-${kind}`, cap.log);
    try {
      await idleWithin(engine, 10_000);
      const at = new Date();
      const per = MANUAL_RUNS / schedules.length;
      await f.db.run.createMany({
        data: schedules.flatMap((s) =>
          Array.from({ length: per }, (_, i) => ({ scheduleId: s.id, trigger: "manual" as const, scheduledFor: new Date(at.getTime() - i), attempt: 1, status: "queued" as const, runAfter: at })),
        ),
      });
      const queuedAt = Date.now();
      let done = 0;
      let lastReport = Date.now();
      while (Date.now() - queuedAt < MANUAL_TIMEOUT_MS) {
        await sleep(250);
        done = await f.db.run.count({ where: { trigger: "manual", status: "succeeded" } });
        if (done >= MANUAL_RUNS) break;
        if (Date.now() - lastReport > 15_000) {
          lastReport = Date.now();
          progress(`${kind}: ${done} of ${MANUAL_RUNS} manual runs succeeded`);
        }
      }
      const last = await f.db.run.aggregate({ where: { trigger: "manual", status: "succeeded" }, _max: { finishedAt: true } });
      const seconds = ((last._max.finishedAt?.getTime() ?? Date.now()) - queuedAt) / 1000;
      progress(`${kind}: ${done} manual runs succeeded in ${seconds.toFixed(1)} s`);
      throughputRows.push(
        `| ${kind} | ${MANUAL_RUNS.toLocaleString("en-US")} | ${done.toLocaleString("en-US")} | ${seconds.toFixed(1)} | ${(done / seconds).toFixed(1)} |`,
      );
    } finally {
      await stopEngine(engine, edb);
    }
  });
}

// ---- main ---------------------------------------------------------------------------------------

async function main() {
  const pgReason = await postgresUnavailable();
  // BENCH_DATABASES=SQLite (or PostgreSQL) limits the run to one database.
  const wanted = (process.env.BENCH_DATABASES ?? "SQLite,PostgreSQL").split(",").map((s) => s.trim());
  const kinds: Kind[] = (pgReason ? ["SQLite"] : ["SQLite", "PostgreSQL"]).filter((k) => wanted.includes(k)) as Kind[];
  if (pgReason) progress(`PostgreSQL unavailable, skipped: ${pgReason}`);

  /** Runs one scenario; a failure becomes its row and the script goes on. */
  async function attempt(rows: string[], columns: number, kind: Kind, what: string, fn: () => Promise<void>) {
    try {
      await fn();
    } catch (err) {
      progress(`${kind} ${what} failed: ${errorText(err)}`);
      rows.push(`| ${kind} | ${what}: FAILED: ${errorText(err)} |${" |".repeat(Math.max(0, columns - 2))}`);
    }
  }

  const rssAtStart = mb(rssAfterGc());
  const loadAtStart = os.loadavg()[0].toFixed(2);
  // Startup first, while the process is fresh, so its RSS is not inflated by the other scenarios.
  if (only.has("startup")) for (const kind of kinds) await attempt(startupRows, 9, kind, "startup", () => startup(kind));
  if (only.has("lateness"))
    for (const n of LATENESS_SIZES) for (const kind of kinds) await attempt(latenessRows, 11, kind, `${n} schedules`, () => lateness(kind, n));
  // These two wait on the 1 s sync cycle far more than on the CPU: both databases run at once.
  if (only.has("propagation")) await Promise.all(kinds.map((kind) => attempt(propagationRows, 7, kind, "propagation", () => propagation(kind))));
  if (only.has("throughput")) await Promise.all(kinds.map((kind) => attempt(throughputRows, 5, kind, "throughput", () => throughput(kind))));

  const out = (line = "") => console.log(line);
  out(`\nbench:worker — scheduler engine in-process, real clock, concurrency ${CONCURRENCY} (the default), sync every 1 s (the default); Node ${process.version}, ${os.cpus().length} CPUs; fresh database per scenario`);
  out(`Schedules are seeded as last edited one a minute apart, the newest a minute ago (steady state), log job type, payload {message}.`);
  if (pgReason) out(`PostgreSQL unavailable, skipped: ${pgReason}`);
  if (only.has("lateness")) {
    out(`\n### 1. Fire lateness at one minute boundary (\`* * * * *\`, log job); ms; run.startedAt - run.scheduledFor from the runs table\n`);
    out(`Databases run one after the other, each at its own boundary; the engine started >= ${LEAD_MS / 1000} s before it. Floor: one setTimeout calling N handlers (no database), in this process just before the engine started, at a whole second. "fire" = the engine's own "fire" log line (claim insert returned), p50 / p99 / max. Event-loop block: longest stall from 1 s before the boundary to the end.\n`);
    out("| database | schedules | succeeded (s after boundary) | p50 | p99 | max | floor p50 / p99 / max | p99 vs floor | fire p50 / p99 / max | event-loop block max | p99 <= 1 s |");
    out("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|");
    for (const r of latenessRows) out(r);
    out();
    for (const n of latenessNotes) out(`- ${n}`);
  }
  if (only.has("propagation")) {
    out(`\n### 2. Change propagation: updateSchedule() -> engine.isArmed(id, new updatedAt), polled every 10 ms; ms from the update call\n`);
    out(`${PROPAGATION_SCHEDULES.toLocaleString("en-US")} daily schedules armed; ${PROPAGATION_UPDATES} cronExpression updates, 0-1 s apart; both databases at the same time (separate engines).\n`);
    out("| database | updates | seen | p50 | p95 | max | p95 <= 2 s |");
    out("|---|---:|---:|---:|---:|---:|---|");
    for (const r of propagationRows) out(r);
  }
  if (only.has("startup")) {
    out(`\n### 3. Startup with ${STARTUP_SCHEDULES.toLocaleString("en-US")} enabled schedules (40 real-world expressions x ${ZONES.length} zones)\n`);
    out(`The engine runs in a fresh worker process (this script with --startup-child, node --expose-gc) so that the seeding does not count in its RSS; RSS is process.memoryUsage().rss after gc (in this process: ${gc ? "gc available" : "gc NOT available"}; at script start ${rssAtStart} MB). Write-back: start() resolves before the engine's nextRunAt write-back (for schedules whose stored nextRunAt is stale, in statements of 500) finishes; measured until engine.idle(), which includes runs fired meanwhile.\n`);
    out("| database | schedules armed | seed s | start() s | worker RSS before start() MB | worker RSS after start() MB | write-back done after | worker RSS after write-back MB | goals <= 10 s / <= 300 MB |");
    out("|---|---:|---:|---:|---:|---:|---:|---:|---|");
    for (const r of startupRows) out(r);
    out();
    for (const n of startupNotes) out(`- ${n}`);
  }
  if (only.has("throughput")) {
    out(`\n### 4. Manual runs recorded per second: ${MANUAL_RUNS.toLocaleString("en-US")} queued at once over ${MANUAL_SCHEDULES} schedules, until all succeeded\n`);
    out(`Both databases at the same time (separate engines). Seconds: from the insert to the last run's finishedAt. The engine polls queued runs in its 1 s sync, up to concurrency x 2 = ${CONCURRENCY * 2} at a time, and polls again as soon as there is room while a poll comes back full.\n`);
    out("| database | queued | succeeded | seconds | runs/s |");
    out("|---|---:|---:|---:|---:|");
    for (const r of throughputRows) out(r);
  }
  out(`\ntotal ${((performance.now() - t0) / 1000).toFixed(0)} s; 1-minute load average ${loadAtStart} at the start, ${os.loadavg()[0].toFixed(2)} at the end (the machine may be shared)`);
}

if (process.argv.includes("--startup-child")) await startupChild();
else await main();
process.exit(0);
