// The standalone worker process: wires the environment, the database, signals and the logger
// around the scheduler engine (lib/scheduler). Runs with plain Node, never through Next.js: npm start
// and npm run worker bundle it first (scripts/lib/worker-bundle.ts); npm run dev runs it with tsx.
import { randomUUID } from "node:crypto";
import os from "node:os";
import { channelKeyProblem } from "../lib/alerts/key-check";
import { getDb } from "../lib/db/client";
import { secretsKeyProblem } from "../lib/secrets/resolve";
import { migrate } from "../lib/db/migrate";
import { describeTarget, resolveDbTarget } from "../lib/db/target";
import { shellCommandsGone } from "../lib/entrypoints/shell";
import { envOrExit } from "../lib/env";
import { createLogger } from "../lib/log";
import { configuredClock } from "../lib/scheduler/clock";
import { createScheduler } from "../lib/scheduler/engine";
import { createMetrics, serveMetrics } from "../lib/scheduler/metrics";

const config = envOrExit();
const log = createLogger("worker", config.LOG_LEVEL);

// Signals are handled from the first moment, so a SIGTERM during start-up still exits cleanly
// (without a handler Node would die on it with no exit code).
let stopping = false;
let shutdownWork: () => Promise<void> = async () => undefined;
async function shutdown(signal: string) {
  if (stopping) return;
  stopping = true;
  log.info("stopping", { signal });
  try {
    await shutdownWork();
  } catch (err) {
    log.warn("clean shutdown failed", { error: (err as Error).message });
  }
  log.info("stopped");
  process.exit(0);
}
process.on("SIGTERM", () => void shutdown("SIGTERM"));
process.on("SIGINT", () => void shutdown("SIGINT"));
const target = resolveDbTarget(config);
const workerId = config.WORKER_ID ?? `${os.hostname()}-${process.pid}-${randomUUID().slice(0, 8)}`;

// `npm start` migrates before starting us; a worker started alone (`npm run worker`) may be first.
if (process.env.ALMANAC_SKIP_MIGRATE !== "1") {
  const applied = await migrate(target);
  if (applied.length) log.info("applied migrations", { applied });
}
// The process-wide client: job types that read the database (an llm job its team endpoint) share it.
const db = await getDb();
shutdownWork = () => db.$disconnect();
// Alerts this worker sends need the web app's AUTH_SECRET: said once here, not in every delivery.
const keyProblem = await channelKeyProblem(db).catch(() => null);
if (keyProblem) log.error("this worker cannot read alert channel secrets", { error: keyProblem });
// Jobs that name team secrets need the web app's SECRETS_KEY: said once here, as well as in each failing run.
const secretsProblem = await secretsKeyProblem(db).catch(() => null);
if (secretsProblem) log.error("this worker cannot open team secrets", { error: secretsProblem });
let stats = () => ({ schedules: 0, queued: 0, running: 0 });
const metrics = createMetrics(() => stats());
// Process tests run the clock faster, so a worker meets minute boundaries without waiting for them.
const clock = configuredClock(config) ?? undefined;
if (clock) log.warn("the clock runs faster than real time (for tests)", { rate: config.ALMANAC_CLOCK_RATE, origin: config.ALMANAC_CLOCK_ORIGIN });
const newScheduler = () =>
  createScheduler({
    db,
    workerId,
    log,
    clock,
    concurrency: config.WORKER_CONCURRENCY,
    maxRunsPerAccount: config.WORKER_MAX_RUNS_PER_ACCOUNT,
    maxTimeoutSeconds: config.MAX_TIMEOUT_SECONDS,
    shutdownGraceMs: config.WORKER_SHUTDOWN_GRACE_SECONDS * 1000,
    retention: { keepPerSchedule: config.RUN_RETENTION_PER_SCHEDULE, maxAgeDays: config.RUN_RETENTION_DAYS },
    auditRetentionDays: config.AUDIT_RETENTION_DAYS,
    alertRetentionDays: config.ALERT_RETENTION_DAYS,
    metrics: metrics.sink,
    listenUrl: target.provider === "postgresql" ? target.url : undefined,
    onFenced: () => void startOver(),
  });
let scheduler = newScheduler();
stats = () => scheduler.stats();

/**
 * Peers took this worker for dead (it was silent past the stale limit, a stalled host perhaps) and
 * handed its unstarted runs to others: it stops, and starts again as a new process would.
 */
async function startOver() {
  if (stopping) return;
  await scheduler.stop();
  if (stopping) return;
  scheduler = newScheduler();
  await scheduler.start();
  log.info("worker started over", { workerId });
}

const metricsServer = config.WORKER_METRICS_PORT ? serveMetrics(metrics.render, { port: config.WORKER_METRICS_PORT, host: config.WORKER_METRICS_HOST }, log) : null;
shutdownWork = async () => {
  metricsServer?.close();
  await scheduler.stop();
  // stop() aborted the runs still going: their shell commands' process groups got SIGTERM, and
  // SIGKILL 5 s later; the worker exits once they are gone (a watcher would kill them anyway).
  await shellCommandsGone();
  await db.$disconnect();
};
await scheduler.start();
log.info("worker started", { workerId, database: describeTarget(target), pid: process.pid, concurrency: config.WORKER_CONCURRENCY });
