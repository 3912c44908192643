// The scheduler engine: keeps the enabled schedules of the database in memory, fires each slot
// once (claimed by inserting its run row), executes runs through the job-type registry, and
// records everything in the runs table. This file only wires the parts together and starts and
// stops them; each part owns one kind of state:
//
//   sync.ts      which schedules this worker holds (load, incremental sync, reconcile)
//   changes.ts   change notifications that wake the sync (LISTEN/NOTIFY, SQLite data_version)
//   timeline.ts  when each fires next (heap, timer, read-ahead, nextRunAt write-back)
//   claims.ts    due slots turned into run rows (and claims to try again)
//   executor.ts  runs waiting for and holding execution slots, fair between accounts
//   recorder.ts  run outcomes written in group commits, with their retries
//   liveness.ts  the heartbeat and the runs of workers that stopped beating
//   tasks.ts     background work and periodic loops
//
// Beside them, alerts (lib/alerts/): the recorder writes those that follow from outcomes; a
// periodic look writes slow runs, missed slots and reminders, and settles heartbeat checks
// (lib/heartbeats/: runs nothing, missed when no ping came); a sender delivers the outbox.
//
// It takes all its dependencies, so worker/index.ts only wires it up and tests drive it on a
// fake clock.
import { createAlertSender } from "../alerts/dispatch";
import { pruneAlerts } from "../alerts/history";
import { watchSchedules } from "../alerts/schedule-watch";
import { watchHeartbeats } from "../heartbeats/watch";
import { alertsWritten } from "../alerts/wake";
import { providerOf, type Db } from "../db/client";
import { prepareExecution, runEntrypoint } from "../entrypoints/registry";
import type { Logger } from "../log";
import { HEARTBEAT_INTERVAL_MS, STALE_AFTER_MS } from "../workers/heartbeat";
import { createChangeFeed } from "./changes";
import { createClaims, MISSED_BECAUSE, type Claims } from "./claims";
import { systemClock, type Clock } from "./clock";
import type { RunFn } from "./execution";
import { createExecutor } from "./executor";
import type { SecretReader } from "./execution";
import { createSecretReader } from "../secrets/resolve";
import { createLiveness } from "./liveness";
import type { MetricsSink } from "./metrics";
import { createRecorder } from "./recorder";
import { createOutputFlusher } from "../runs/output";
import { pruneRateLimits } from "../auth/rate-limit";
import { pruneAudit } from "../teams/audit";
import { DEFAULT_RETENTION, pruneRuns, pruneTombstones, TOMBSTONE_TTL_MS } from "./retention";
import { createStore } from "./store";
import { createSync } from "./sync";
import { createTasks } from "./tasks";
import { createTimeline, type Timeline } from "./timeline";



export type SchedulerOptions = {
  db: Db;
  workerId: string;
  log: Logger;
  clock?: Clock;
  run?: RunFn;
  concurrency?: number;
  /** Runs of one account executing at once, at most (default: half the concurrency, rounded up). */
  maxRunsPerAccount?: number;
  /** Runs are stopped after this long whatever their schedule says (MAX_TIMEOUT_SECONDS; default: none). */
  maxTimeoutSeconds?: number;
  /** How runs read their team's secrets (default: from `db`, unsealed with this process's key). */
  secret?: SecretReader;
  /** The safety-net poll for changes, queued runs and failed claims. */
  syncIntervalMs?: number;
  reconcileIntervalMs?: number;
  heartbeatIntervalMs?: number;
  staleAfterMs?: number;
  misfireGraceMs?: number;
  shutdownGraceMs?: number;
  /** Run history kept; pruned in small batches every `retentionIntervalMs`. */
  retention?: { keepPerSchedule: number; maxAgeDays: number };
  /** Days the teams' audit log keeps its rows (AUDIT_RETENTION_DAYS), pruned with the run history; unset: kept. */
  auditRetentionDays?: number;
  /** Days alert history is kept (ALERT_RETENTION_DAYS), pruned with the run history; unset: kept. */
  alertRetentionDays?: number;
  retentionIntervalMs?: number;
  /** Schedules read per query when loading or reconciling all of them. */
  loadPageSize?: number;
  /** PostgreSQL: the URL to LISTEN for schedule changes on (without it, changes wait for the poll). */
  listenUrl?: string;
  metrics?: MetricsSink;
  /** How often slow runs, missed slots and reminders are looked for (default 5 s). */
  alertWatchIntervalMs?: number;
  /** Whether this worker sends alerts from the outbox (default true). */
  sendAlerts?: boolean;
  /**
   * Called when peers took this worker for dead (it was silent past the stale limit) and handed
   * what it held to others. The engine has stopped starting runs; the caller stops it and starts a
   * new one (worker/index.ts). Without it the engine stops itself.
   */
  onFenced?: () => void;
};

export function createScheduler(options: SchedulerOptions) {
  const { db, workerId, log } = options;
  const clock = options.clock ?? systemClock;
  const misfireGraceMs = options.misfireGraceMs ?? 30_000;
  const tasks = createTasks(clock, log);
  const store = createStore(db, workerId);
  // Bookkeeping writes give way to starting runs (the executor and claims are created below).
  const startsPending = () => executor.startsPending() || claims.startsDue();
  const recorder = createRecorder({ db, workerId, clock, log, tasks, metrics: options.metrics, giveWayTo: startsPending });
  const output = createOutputFlusher({ db, clock, log, tasks });
  const liveness = createLiveness({
    db,
    store,
    workerId,
    clock,
    log,
    staleAfterMs: options.staleAfterMs ?? STALE_AFTER_MS,
    onFenced: () => (options.onFenced ? options.onFenced() : void scheduler.stop()),
  });
  const changes = createChangeFeed({ db, clock, log, tasks, listenUrl: options.listenUrl });
  // The parts that call each other are created in order and reach the later ones through these.
  let timeline: Timeline;
  let claims: Claims;
  const sync = createSync({ store, clock, log, tasks, loadPageSize: options.loadPageSize ?? 500, timeline: () => timeline, claims: () => claims });
  const executor = createExecutor({
    store,
    recorder,
    clock,
    log,
    tasks,
    run: options.run ?? ((key, payload, ctx) => runEntrypoint(key, payload, ctx)),
    concurrency: options.concurrency ?? 10,
    maxPerAccount: options.maxRunsPerAccount,
    maxTimeoutSeconds: options.maxTimeoutSeconds,
    secret: options.secret ?? createSecretReader(db),
    openOutput: output.open,
    loadSchedules: (ids) => timeline.schedules(ids),
    withheld: () => claims.withheld(),
    serverCommits: providerOf(db) === "postgresql",
  });
  claims = createClaims({
    db,
    store,
    workerId,
    clock,
    log,
    tasks,
    misfireGraceMs,
    executor,
    timeline: () => timeline,
    entry: sync.entry,
    entriesVersion: sync.version,
    readChanges: () => sync.changes(),
    markSlotStarted: liveness.markSlotStarted,
    onFenced: () => undefined, // liveness.markSlotStarted has called it
    // The job-type registry checks each payload when its slot is claimed ahead, not at the slot.
    prepare: (job) => prepareExecution(job.schedule.entrypoint, job.schedule.payload),
    metrics: options.metrics,
  });
  timeline = createTimeline({
    db,
    store,
    clock,
    log,
    tasks,
    misfireGraceMs,
    entry: sync.entry,
    fire: claims.fire,
    giveWayTo: startsPending,
    overdue: (entry, since, now) => claims.overdue(entry, since, now, MISSED_BECAUSE.stalled),
  });
  const sender = options.sendAlerts === false ? null : createAlertSender({ db, senderId: workerId, log, now: () => clock.now() });
  let stopping = false;

  /** The safety net: changes the feed did not announce, failed claims, queued runs. */
  async function poll() {
    await sync.changes();
    await claims.retryFailed(clock.now());
    options.metrics?.synced(clock.now());
    await executor.refill();
  }

  const scheduler = {
    async start() {
      await liveness.start();
      if (stopping) return; // stopped while starting: nothing more to set up
      await sync.load();
      if (stopping) {
        await liveness.retire();
        return;
      }
      changes.start(() => void sync.changes().catch((err) => log.warn("sync failed", { error: (err as Error).message })));
      tasks.every(options.syncIntervalMs ?? 1000, "sync", poll);
      tasks.every(options.reconcileIntervalMs ?? 60_000, "reconcile", sync.reconcile);
      tasks.every(options.heartbeatIntervalMs ?? HEARTBEAT_INTERVAL_MS, "heartbeat", liveness.beatAndReap);
      const retention = options.retention ?? DEFAULT_RETENTION;
      tasks.every(options.retentionIntervalMs ?? 10 * 60_000, "retention", async () => {
        const { deleted } = await pruneRuns(db, retention, new Date(clock.now()));
        await pruneTombstones(db, new Date(clock.now() - TOMBSTONE_TTL_MS));
        // The web app's throttle counts (their windows are in real time, not the engine's clock).
        await pruneRateLimits(db);
        if (options.auditRetentionDays) await pruneAudit(db, new Date(clock.now() - options.auditRetentionDays * 86_400_000));
        if (options.alertRetentionDays) await pruneAlerts(db, new Date(clock.now() - options.alertRetentionDays * 86_400_000));
        if (deleted) log.info("old runs pruned", { deleted });
      });
      // Only slots that come from now on can be missed by this worker (see schedule-watch.ts).
      const upSince = new Date(clock.now());
      tasks.every(options.alertWatchIntervalMs ?? 5000, "alert watch", async () => {
        if ((await watchSchedules(db, new Date(clock.now()), upSince)) > 0) alertsWritten(db);
        // Heartbeat checks' missed slots (their alerts wake the sender themselves).
        await watchHeartbeats(db, new Date(clock.now()));
      });
      sender?.start();
      void executor.refill(); // runs queued while no worker was up
    },

    /** Stops claiming, lets running executions finish within the grace period, marks the rest lost. */
    async stop() {
      if (stopping) return;
      stopping = true;
      tasks.stop();
      timeline.stop();
      const withdrawn = claims.stop();
      const executions = executor.stop(options.shutdownGraceMs ?? 25_000); // its grace period starts now
      await withdrawn;
      await changes.stop();
      await executions;
      await recorder.drain();
      await output.stop();
      await tasks.settled();
      await sender?.stop(); // after the last outcomes: their alerts are in the outbox, sent by whoever runs next
      await liveness.retire();
      await store.close();
    },

    /** Resolves when no work started so far is still going (for tests on a fake clock). */
    idle: () => tasks.idle(),

    stats: () => ({ schedules: sync.size(), ...executor.stats(), nextFireAt: timeline.nextFireAt() }),

    /** Whether this worker holds `scheduleId`, ready to fire, as of the version written at `updatedAt`. */
    isArmed(scheduleId: string, updatedAt?: Date): boolean {
      const entry = sync.entry(scheduleId);
      return !!entry && entry.next !== null && (updatedAt === undefined || entry.updatedAt === updatedAt.getTime());
    },
  };
  return scheduler;
}

export type Scheduler = ReturnType<typeof createScheduler>;
