// What every bench:worker scenario shares: fresh databases, the engine on its own client,
// seeding, the silent logger that keeps the engine's "fire" lines, and the number helpers.
import { spawn } from "node:child_process";
import { rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import v8 from "node:v8";
import vm from "node:vm";
import { createDb, type Db } from "../../lib/db/client";
import { ROOT } from "../../lib/db/schema-source";
import { migrate } from "../../lib/db/migrate";
import { sqliteTarget, type DbTarget } from "../../lib/db/target";
import type { Logger } from "../../lib/log";
import { createScheduler } from "../../lib/scheduler/engine";
import { createDatabase, dropDatabase } from "../../__tests__/support/postgres";
import { tempDir } from "../../__tests__/support/temp";
import { bundle, workerEnv } from "../../scripts/lib/worker-bundle";

export const CONCURRENCY = 10; // the engine's (and WORKER_CONCURRENCY's) default
// The engine's default sync interval: edits are spread over it so that they land at every phase
// of the poll. The engine itself runs with its defaults (no syncIntervalMs is passed).
export const SYNC_INTERVAL_MS = 1_000;
const CHUNK = 1_000;

// Only createScheduler's public interface is relied on (the engine behind it may change).
export type Scheduler = ReturnType<typeof createScheduler>;
export type RunFn = NonNullable<Parameters<typeof createScheduler>[0]["run"]>;
export type Kind = "SQLite" | "PostgreSQL";
export type Fresh = { kind: Kind; target: DbTarget; db: Db; userId: string };

const t0 = performance.now();
export const elapsedS = () => (performance.now() - t0) / 1000;
export const progress = (message: string) => process.stderr.write(`[${elapsedS().toFixed(0).padStart(4)} s] ${message}\n`);
export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, Math.max(0, ms)));
export const until = (at: number) => sleep(at - Date.now());
export const load = () => os.loadavg()[0].toFixed(2);
export const errorText = (err: unknown) => ((err as Error)?.message ?? String(err)).replace(/\s+/g, " ").replace(/\|/g, "/").slice(0, 200);

/** The p-th percentile of an ascending array (nearest rank). */
export const pct = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
export const ascending = (xs: number[]) => [...xs].sort((a, b) => a - b);
/** Whole milliseconds with thousands separators; Infinity means "never happened". */
export const ms = (x: number | undefined) => (x === undefined || Number.isNaN(x) ? "-" : x === Infinity ? "never" : Math.round(x).toLocaleString("en-US"));
export const mb = (bytes: number) => Math.round(bytes / 1048576);
export const count = (n: number) => n.toLocaleString("en-US");
/** measured / floor as "12x"; the floor is taken as at least 1 (ms) so that a 0 ms floor still gives a number. */
export const ratio = (measured: number | undefined, floor: number | undefined) =>
  measured === undefined || floor === undefined || !Number.isFinite(measured) ? "-" : `${(measured / Math.max(1, floor)).toFixed(measured / Math.max(1, floor) < 10 ? 1 : 0)}x`;

// global.gc when node runs with --expose-gc (npm run bench:worker does); otherwise the same function
// obtained through V8's flags, so that memory figures are live memory either way.
const exposed = (globalThis as { gc?: () => void }).gc;
export const gcSource = exposed ? "--expose-gc" : "V8 flags";
export const gc: (() => void) | null =
  exposed ??
  (() => {
    try {
      v8.setFlagsFromString("--expose-gc");
      return vm.runInNewContext("gc") as () => void;
    } catch {
      return null;
    }
  })();
/** RSS and V8 heap used after two full collections (the second frees what finalizers released). */
export function liveMemory() {
  gc?.();
  gc?.();
  const m = process.memoryUsage();
  return { rss: m.rss, heapUsed: m.heapUsed };
}

/** A new migrated database with one user, its observer client (the "API side"), dropped after `fn`. */
export async function withDatabase<T>(kind: Kind, fn: (f: Fresh) => Promise<T>): Promise<T> {
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
export function captureLog() {
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
  const summary = () => `engine warnings: ${warnCount}${warnings.length ? ` (${warnings.join("; ")})` : ""}`;
  return { log, fire, warnings, warnCount: () => warnCount, summary };
}

/** The engine on its own client, as a worker process has; `run` replaces the job-type registry's. */
export async function startEngine(target: DbTarget, workerId: string, log: Logger, run?: RunFn): Promise<{ engine: Scheduler; edb: Db; startMs: number }> {
  const edb = await createDb(target);
  const listenUrl = target.provider === "postgresql" ? target.url : undefined; // as worker/index.ts does
  // Every benchmark schedule belongs to one account: the per-account cap (half the slots by
  // default) is lifted, as an operator whose workers serve one account does.
  const engine = createScheduler({ db: edb, workerId, log, concurrency: CONCURRENCY, maxRunsPerAccount: CONCURRENCY, listenUrl, ...(run ? { run } : {}) });
  const s = performance.now();
  await engine.start();
  return { engine, edb, startMs: performance.now() - s };
}

export async function stopEngine(engine: Scheduler, edb: Db) {
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
export async function idleWithin(engine: Scheduler, limit: number): Promise<boolean> {
  return Promise.race([engine.idle().then(() => true), sleep(limit).then(() => false)]);
}

/**
 * Seeds `count` log schedules in chunks. Steady state: created, and last edited, one a minute apart,
 * the newest a minute ago. (Seeded with one shared updatedAt, every row would sit inside the
 * engine's sync overlap behind the newest change, and be read again on every sync.)
 */
export async function seedSchedules(db: Db, userId: string, n: number, row: (i: number) => { cronExpression: string; timezone: string; nextRunAt: Date | null }) {
  const newest = Date.now() - 60_000;
  for (let start = 0; start < n; start += CHUNK) {
    await db.schedule.createMany({
      data: Array.from({ length: Math.min(CHUNK, n - start) }, (_, k) => {
        const i = start + k;
        const edited = new Date(newest - (n - 1 - i) * 60_000);
        return { teamId: userId, name: `job ${String(i).padStart(6, "0")}`, payload: { message: `job ${i}` }, entrypoint: "log", createdAt: edited, updatedAt: edited, ...row(i) };
      }),
    });
  }
}

/**
 * Runs `entry` with `flag` as the worker process runs: bundled, by plain Node (no tsx loader), in
 * the worker's environment (see scripts/lib/worker-bundle.ts). Its result is the last line it writes to stdout, as JSON; its
 * stderr is this process's.
 */
export async function runChild<T>(entry: string, flag: string, env: Record<string, string>, limitMs: number): Promise<T> {
  const bundled = await bundle(path.relative(ROOT, entry), "bench-worker");
  return new Promise((resolve, reject) => {
    // BENCH_CHILD_NODE_ARGS="--cpu-prof --cpu-prof-dir=/tmp/prof" profiles the worker process.
    const nodeArgs = (process.env.BENCH_CHILD_NODE_ARGS ?? "").split(" ").filter(Boolean);
    const child = spawn(process.execPath, ["--expose-gc", ...nodeArgs, bundled, flag], { env: workerEnv({ ...process.env, ...env }), stdio: ["ignore", "pipe", "inherit"] });
    let out = "";
    child.stdout.on("data", (d: Buffer) => (out += d.toString()));
    const kill = setTimeout(() => child.kill("SIGKILL"), limitMs);
    child.on("error", reject);
    child.on("exit", (code, signal) => {
      clearTimeout(kill);
      const line = out.trim().split("\n").pop() ?? "";
      try {
        resolve(JSON.parse(line) as T);
      } catch {
        reject(new Error(`worker process exited (${signal ?? code}) without a result: ${line.slice(0, 200)}`));
      }
    });
  });
}
