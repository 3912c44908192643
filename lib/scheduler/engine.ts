// The scheduler engine: keeps the enabled schedules of the database in memory, fires each slot
// once (claimed by inserting its run row), executes runs through the job-type registry, and
// records everything in the runs table. It takes all its dependencies, so worker/index.ts only
// wires it up and tests drive it on a fake clock.
import { nextRun } from "../cron/next-runs";
import type { Db, Prisma } from "../db/client";
import { runEntrypoint } from "../entrypoints/registry";
import type { JsonValue, RunContext } from "../entrypoints/types";
import type { Logger } from "../log";
import { beat, retire } from "../workers/heartbeat";
import { systemClock, type Clock, type TimerHandle } from "./clock";
import { MinHeap } from "./heap";
import type { MetricsSink } from "./metrics";
import { DEFAULT_RETENTION, pruneRuns, pruneTombstones, TOMBSTONE_TTL_MS } from "./retention";
import { catchUp } from "./slots";
import { claimSlots, recordNextRunsQueries, recordScheduleQuery, type Claimed, type ClaimRow } from "./sql";
import { createStore, type Outcome, type ScheduleSnapshot, type SlotRun, type TimingRow } from "./store";

export const RESULT_MAX_BYTES = 16 * 1024;
// Changes are read again for this long after they were first seen: writers' clocks differ a little.
const SYNC_OVERLAP_MS = 10_000;
const MAX_TIMER_MS = 60_000;
// Whole schedules (payload and all) are read this long before their slot, for at most this many.
const PREFETCH_LEAD_MS = 3_000;
const PREFETCH_MAX = 20_000;

export type RunFn = (entrypoint: string, payload: unknown, ctx: RunContext) => Promise<JsonValue>;

export type SchedulerOptions = {
  db: Db;
  workerId: string;
  log: Logger;
  clock?: Clock;
  run?: RunFn;
  concurrency?: number;
  syncIntervalMs?: number;
  reconcileIntervalMs?: number;
  heartbeatIntervalMs?: number;
  staleAfterMs?: number;
  misfireGraceMs?: number;
  shutdownGraceMs?: number;
  /** Run history kept; pruned in small batches every `retentionIntervalMs`. */
  retention?: { keepPerSchedule: number; maxAgeDays: number };
  retentionIntervalMs?: number;
  /** Schedules read per query when loading or reconciling all of them. */
  loadPageSize?: number;
  metrics?: MetricsSink;
};

/**
 * What the engine keeps per enabled schedule: its timing and claiming fields only. The rest (name,
 * payload, job type...) is read shortly before a slot fires: at 100,000 schedules the whole rows
 * would double the worker's memory.
 */
type Entry = Pick<TimingRow, "id" | "cronExpression" | "timezone" | "overlapPolicy" | "misfirePolicy"> & { updatedAt: number; version: number; next: number | null };
type Job = { run: SlotRun; schedule: ScheduleSnapshot };

class ShutdownAbort extends Error {
  override name = "WorkerShutdown";
}
class TimeoutAbort extends Error {
  override name = "Timeout";
}

/** A result small enough to keep: at most 16 KiB of JSON, or a truncated preview with a marker. */
export function boundedResult(value: unknown): Prisma.InputJsonValue {
  const text = JSON.stringify(value ?? null);
  if (text.length <= RESULT_MAX_BYTES) return (value ?? null) as Prisma.InputJsonValue;
  return { truncated: true, originalBytes: text.length, preview: text.slice(0, RESULT_MAX_BYTES - 200) };
}

function errorJson(err: unknown): Prisma.InputJsonValue {
  const e = err instanceof Error ? err : new Error(String(err));
  return { name: e.name, message: e.message.slice(0, 2000) };
}

export function createScheduler(options: SchedulerOptions) {
  const { db, workerId, log } = options;
  const clock = options.clock ?? systemClock;
  const runFn: RunFn = options.run ?? ((key, payload, ctx) => runEntrypoint(key, payload, ctx));
  const concurrency = options.concurrency ?? 10;
  const syncIntervalMs = options.syncIntervalMs ?? 1000;
  const reconcileIntervalMs = options.reconcileIntervalMs ?? 60_000;
  const heartbeatIntervalMs = options.heartbeatIntervalMs ?? 5000;
  const staleAfterMs = options.staleAfterMs ?? 30_000;
  const misfireGraceMs = options.misfireGraceMs ?? 30_000;
  const shutdownGraceMs = options.shutdownGraceMs ?? 25_000;
  const retention = options.retention ?? DEFAULT_RETENTION;
  const retentionIntervalMs = options.retentionIntervalMs ?? 10 * 60_000;
  const loadPageSize = options.loadPageSize ?? 500;
  const store = createStore(db, workerId);

  const schedules = new Map<string, Entry>();
  // One copy of each expression, zone and policy string, however many schedules share it.
  const strings = new Map<string, string>();
  const shared = <T extends string>(value: T): T => {
    const known = strings.get(value);
    if (known !== undefined) return known as T;
    strings.set(value, value);
    return value;
  };
  const heap = new MinHeap<{ at: number; id: string; version: number }>((a, b) => a.at < b.at || (a.at === b.at && a.id < b.id));
  let versionSeq = 0;
  let fireTimer: TimerHandle | null = null;
  const loopTimers = new Set<TimerHandle>();
  let stopping = false;
  let startedAt = new Date(0);
  let syncCursor = 0;
  let lastSyncStart = 0;
  let tombstoneCursor = 0;
  /** Slots whose claim failed because the database was unreachable: tried again on each sync. */
  const unclaimed: { id: string; at: number }[] = [];

  const inflight = new Set<Promise<unknown>>();
  const track = <T>(p: Promise<T>): Promise<T> => {
    inflight.add(p);
    void p.finally(() => inflight.delete(p)).catch(() => undefined);
    return p;
  };
  const safely = (what: string, fn: () => Promise<unknown>) =>
    track(
      fn().catch((err) => {
        log.warn(`${what} failed`, { error: (err as Error).message });
      }),
    );

  // ---- executions -------------------------------------------------------------------------
  const queue: Job[] = [];
  const active = new Map<string, { controller: AbortController; job: Job; exec: Promise<void>; done: Promise<void> }>();
  const inProgress = new Map<string, number>(); // scheduleId -> runs queued here or running
  const bump = (id: string, by: number) => {
    const n = (inProgress.get(id) ?? 0) + by;
    if (n <= 0) inProgress.delete(id);
    else inProgress.set(id, n);
  };

  function enqueue(job: Job) {
    bump(job.schedule.id, 1);
    queue.push(job);
    drain();
  }

  function drain() {
    while (!stopping && active.size < concurrency && queue.length > 0) {
      const job = queue.shift()!;
      const controller = new AbortController();
      const exec = track(execute(job, controller));
      const done = exec.finally(() => {
        active.delete(job.run.id);
        bump(job.schedule.id, -1);
        drain();
        pollSoon();
      });
      active.set(job.run.id, { controller, job, exec, done });
    }
  }

  // ---- run bookkeeping: group commit ---------------------------------------------------------
  // Starts and outcomes are written in batches, one transaction for everything that piled up
  // while the previous one was committing: a burst of thousands of runs costs a few commits
  // instead of thousands, and execution slots never wait on the database.
  type Write = { kind: "start"; run: SlotRun; at: Date } | { kind: "finish"; run: SlotRun; schedule: ScheduleSnapshot; outcome: Outcome };
  let writes: Write[] = [];
  let flushing: Promise<void> | null = null;
  const WRITE_BATCH = 300;

  function record(write: Write) {
    writes.push(write);
    flushing ??= track(flushWrites()).finally(() => (flushing = null));
  }

  // A failed flush is tried again on a timer, backing off to 30 s: waiting for the next write
  // instead would leave a finished run "running" for as long as its schedule stays quiet.
  let flushRetry: TimerHandle | null = null;
  let flushFailures = 0;
  function retryFlushLater() {
    if (flushRetry || stopping) return;
    const delay = Math.min(30_000, 500 * 2 ** flushFailures++);
    flushRetry = clock.setTimer(() => {
      flushRetry = null;
      if (writes.length) flushing ??= track(flushWrites()).finally(() => (flushing = null));
    }, delay);
  }

  async function flushWrites(): Promise<void> {
    await new Promise((resolve) => setImmediate(resolve)); // let this tick's writes join the batch
    while (writes.length > 0) {
      const batch = writes.splice(0, WRITE_BATCH);
      // One statement per run, in order, then the schedules' lastRun fields: the latest outcome
      // per schedule, in id order, the same lock order as recordNextRuns so that the two never
      // deadlock on PostgreSQL.
      const latest = new Map<string, Outcome>();
      for (const w of batch) {
        if (w.kind !== "finish") continue;
        const seen = latest.get(w.schedule.id);
        if (!seen || seen.startedAt <= w.outcome.startedAt) latest.set(w.schedule.id, w.outcome);
      }
      const queries = [
        ...batch.map((w) => (w.kind === "start" ? store.startQuery(w.run.id, w.at) : store.finishQuery(w.run, w.outcome))),
        ...[...latest.keys()].sort().map((id) => recordScheduleQuery(db, id, { lastRunAt: latest.get(id)!.startedAt, lastRunStatus: latest.get(id)!.status })),
      ];
      let results: unknown[];
      try {
        results = await db.$transaction(queries);
      } catch (err) {
        // Kept for the next flush (the database may be away); the reaper covers a worker that dies.
        log.warn("could not record runs; will try again", { runs: batch.length, error: (err as Error).message });
        writes = [...batch, ...writes];
        retryFlushLater();
        return;
      }
      flushFailures = 0;
      for (const [i, w] of batch.entries()) {
        const { count } = results[i] as { count: number };
        if (w.kind === "start") continue;
        if (count !== 1) {
          log.warn("run outcome not recorded: the run was deleted or taken over meanwhile", { runId: w.run.id, status: w.outcome.status });
          continue;
        }
        log.info("run finished", { runId: w.run.id, schedule: w.schedule.name, status: w.outcome.status, durationMs: w.outcome.finishedAt.getTime() - w.outcome.startedAt.getTime() });
        options.metrics?.runFinished(w.outcome.status);
        if (w.outcome.status !== "succeeded" && w.run.attempt <= w.schedule.maxRetries) await retryLater(w.run, w.schedule).catch((e) => log.warn("could not queue a retry", { runId: w.run.id, error: (e as Error).message }));
      }
    }
  }

  async function execute({ run, schedule }: Job, controller: AbortController): Promise<void> {
    const started = new Date(clock.now());
    record({ kind: "start", run, at: started });
    log.info("run started", { runId: run.id, schedule: schedule.name, trigger: run.trigger, attempt: run.attempt, latenessMs: started.getTime() - run.scheduledFor.getTime() });
    const timeout = clock.setTimer(() => controller.abort(new TimeoutAbort(`timed out after ${schedule.timeoutSeconds} s`)), schedule.timeoutSeconds * 1000);
    const ctx: RunContext = {
      signal: controller.signal,
      log: (message, fields) => log.info(message, { runId: run.id, ...fields }),
      schedule: { id: schedule.id, name: schedule.name, userId: schedule.userId, timezone: schedule.timezone },
      run: { id: run.id, attempt: run.attempt, scheduledFor: run.scheduledFor, trigger: run.trigger },
    };
    let status: "succeeded" | "failed" | "timed_out" | "lost" = "succeeded";
    let result: Prisma.InputJsonValue | undefined;
    let error: Prisma.InputJsonValue | undefined;
    // A job that ignores its abort signal is abandoned at the timeout: its slot is freed anyway.
    const aborted = new Promise<never>((_, reject) => controller.signal.addEventListener("abort", () => reject(controller.signal.reason), { once: true }));
    aborted.catch(() => undefined);
    try {
      result = boundedResult(await Promise.race([runFn(schedule.entrypoint, schedule.payload, ctx), aborted]));
    } catch (err) {
      const reason = controller.signal.aborted ? controller.signal.reason : null;
      if (reason instanceof ShutdownAbort) {
        status = "lost";
        error = { name: "Lost", message: "worker shutdown" };
      } else if (reason instanceof TimeoutAbort) {
        status = "timed_out";
        error = errorJson(reason);
      } else {
        status = "failed";
        error = errorJson(err);
        const partial = (err as { result?: unknown }).result;
        if (partial !== undefined) result = boundedResult(partial);
      }
    } finally {
      timeout.cancel();
    }
    record({ kind: "finish", run, schedule, outcome: { status, startedAt: started, finishedAt: new Date(clock.now()), result, error } });
  }

  async function retryLater(run: SlotRun, schedule: Pick<ScheduleSnapshot, "id" | "retryDelaySeconds">) {
    const delay = schedule.retryDelaySeconds * 1000 * 2 ** (run.attempt - 1);
    await store.queueRetry(run, schedule.id, new Date(clock.now() + delay));
  }

  // ---- firing -------------------------------------------------------------------------------
  type Due = { entry: Entry; slot: number };

  /** Claims a batch of due slots in one statement; runs the ones this worker won. */
  async function fireBatch(due: Due[]): Promise<void> {
    if (stopping || due.length === 0) return;
    const claimedHere = new Set<string>();
    try {
      // "skip" overlap: a run of the schedule still in progress here, or running on another worker.
      const skipPolicy = due.filter((d) => d.entry.overlapPolicy === "skip").map((d) => d.entry.id);
      const runningElsewhere = skipPolicy.length ? await store.runningAmong(skipPolicy) : new Set<string>();
      const rows: ClaimRow[] = due.map(({ entry, slot }) => {
        const busy = entry.overlapPolicy === "skip" && ((inProgress.get(entry.id) ?? 0) > 0 || runningElsewhere.has(entry.id));
        return busy
          ? { scheduleId: entry.id, scheduledFor: new Date(slot), status: "skipped", error: { name: "Overlap", message: "skipped: the previous run was still running" } }
          : { scheduleId: entry.id, scheduledFor: new Date(slot), status: "queued" };
      });
      const bySchedule = new Map(due.map((d) => [d.entry.id, d.entry]));
      const starting: Promise<void>[] = [];
      await claimSlots(db, workerId, rows, (won) => {
        for (const run of won) claimedHere.add(`${run.scheduleId} ${run.scheduledFor.getTime()}`);
        if (won.length) starting.push(startClaimed(won, bySchedule));
      });
      await Promise.all(starting);
    } catch (err) {
      // Chunks already claimed are running; the rest are tried again with the next sync (a slot
      // claimed meanwhile by this or another worker is not claimed twice: the unique key holds).
      log.warn("claim failed; will try again", { slots: due.length, error: (err as Error).message });
      unclaimed.push(...due.filter((d) => !claimedHere.has(`${d.entry.id} ${d.slot}`)).map((d) => ({ id: d.entry.id, at: d.slot })));
    }
  }

  /** Runs the slots this worker won, with their whole schedules (prefetched, or read now). */
  async function startClaimed(won: Claimed[], bySchedule: Map<string, Entry>): Promise<void> {
    let snapshots: Map<string, ScheduleSnapshot>;
    try {
      snapshots = await snapshotsFor(won.map((r) => bySchedule.get(r.scheduleId)!));
    } catch (err) {
      // Claimed but not started: handed back to the queue (see releasePending), where any worker,
      // this one included, takes and runs them.
      log.warn("could not read the schedules of claimed runs; they are queued again", { runs: won.length, error: (err as Error).message });
      toRelease.push(...won.map((r) => r.id));
      await releasePending();
      return;
    }
    for (const run of won) {
      const schedule = snapshots.get(run.scheduleId);
      prefetched.delete(run.scheduleId);
      if (!schedule) continue; // deleted meanwhile: its runs went with it
      const latenessMs = clock.now() - run.scheduledFor.getTime();
      log.info("fire", { schedule: schedule.name, slot: run.scheduledFor.toISOString(), latenessMs });
      options.metrics?.fired(latenessMs);
      enqueue({ run: { ...run, attempt: 1, trigger: "schedule" }, schedule });
    }
  }

  /** Claimed runs this worker could not start, to hand back to the queue. */
  const toRelease: string[] = [];
  async function releasePending() {
    while (toRelease.length) {
      const id = toRelease[0];
      if ((await store.release(id, workerId, new Date(clock.now())).catch(() => null)) === null) return; // database away: next sync
      toRelease.shift();
    }
  }

  // ---- whole schedules, read ahead of their slot ----------------------------------------------
  const prefetched = new Map<string, ScheduleSnapshot>();
  let prefetchTimer: TimerHandle | null = null;
  let prefetchFor = -1;

  /** The whole schedules behind `entries`: prefetched when still current, the rest read now. */
  async function snapshotsFor(entries: Entry[]): Promise<Map<string, ScheduleSnapshot>> {
    const found = new Map<string, ScheduleSnapshot>();
    const missing = new Set<string>();
    for (const e of entries) {
      const p = prefetched.get(e.id);
      if (p && p.updatedAt.getTime() === e.updatedAt) found.set(e.id, p);
      else missing.add(e.id);
    }
    if (missing.size) for (const [id, snapshot] of await store.loadMany([...missing])) found.set(id, snapshot);
    return found;
  }

  /** Reads the schedules due at `at` a few seconds ahead, so firing them waits on no query. */
  function armPrefetch(at: number) {
    if (at === prefetchFor || stopping) return;
    prefetchFor = at;
    prefetchTimer?.cancel();
    prefetchTimer = clock.setTimer(() => {
      prefetchTimer = null;
      safely("prefetch", () => prefetch(at));
    }, at - PREFETCH_LEAD_MS - clock.now());
  }

  async function prefetch(at: number) {
    for (const id of prefetched.keys()) if (!schedules.has(id)) prefetched.delete(id);
    const ids: string[] = [];
    for (const item of heap.values()) {
      if (ids.length >= PREFETCH_MAX) break;
      const entry = item.at <= at ? schedules.get(item.id) : undefined;
      if (entry?.version !== item.version) continue;
      if (prefetched.get(item.id)?.updatedAt.getTime() !== entry.updatedAt) ids.push(item.id);
    }
    if (ids.length) for (const [id, snapshot] of await store.loadMany(ids)) prefetched.set(id, snapshot);
  }

  /**
   * Records, per the misfire policy, the slots nobody ran while no worker was up (one row says how
   * many), and returns the slot to run now ("run_once": the latest) or null ("skip"). The caller
   * claims that slot with whatever else is due, in one batch.
   */
  function recordMissed(entry: Entry, missed: NonNullable<ReturnType<typeof catchUp>["missed"]>): number | null {
    const count = `${missed.count}${missed.capped ? "+" : ""}`;
    const record = (slot: number, message: string) =>
      safely("misfire", () => claimSlots(db, workerId, [{ scheduleId: entry.id, scheduledFor: new Date(slot), status: "skipped", error: { name: "Misfire", message } }]));
    if (entry.misfirePolicy === "skip") {
      record(missed.latest, `${count} slot(s) missed while no worker was running; misfire policy "skip" runs none`);
      return null;
    }
    if (missed.previous !== null) record(missed.previous, `${count} slot(s) missed while no worker was running; misfire policy "run_once" runs only the latest`);
    return missed.latest;
  }

  function arm() {
    fireTimer?.cancel();
    fireTimer = null;
    if (stopping) return;
    let top = heap.peek();
    while (top && schedules.get(top.id)?.version !== top.version) {
      heap.pop();
      top = heap.peek();
    }
    if (!top) return;
    fireTimer = clock.setTimer(onTimer, Math.min(MAX_TIMER_MS, top.at - clock.now()));
    armPrefetch(top.at);
  }

  function onTimer() {
    fireTimer = null;
    const now = clock.now();
    const due: Due[] = [];
    const nextRunAts: { id: string; next: number | null }[] = [];
    for (let top = heap.peek(); top && top.at <= now; top = heap.peek()) {
      heap.pop();
      const entry = schedules.get(top.id);
      if (!entry || entry.version !== top.version) continue;
      if (top.at < now - misfireGraceMs) {
        // The timer ran far behind (a stalled process, a suspended machine): apply the misfire
        // policy to the slots it slept through instead of running every one of them.
        const plan = catchUp(entry.cronExpression, entry.timezone, top.at, now, misfireGraceMs);
        const missedSlot = plan.missed ? recordMissed(entry, plan.missed) : null;
        if (missedSlot !== null) due.push({ entry, slot: missedSlot });
        for (const slot of plan.late) due.push({ entry, slot });
        const next = nextRun(entry.cronExpression, entry.timezone, new Date(now))?.getTime() ?? null;
        schedule(entry, next);
        nextRunAts.push({ id: entry.id, next });
        continue;
      }
      const next = nextRun(entry.cronExpression, entry.timezone, new Date(top.at))?.getTime() ?? null;
      schedule(entry, next);
      nextRunAts.push({ id: entry.id, next });
      due.push({ entry, slot: top.at });
    }
    if (due.length) safely("fire", () => fireBatch(due));
    if (nextRunAts.length) safely("record nextRunAt", () => recordNextRuns(nextRunAts));
    arm();
  }

  /** Writes nextRunAt back for the API and UI: one transaction for a whole batch. */
  async function recordNextRuns(all: { id: string; next: number | null }[]) {
    // The last value per schedule; a few statements per thousands of schedules.
    const items = [...new Map(all.map((it) => [it.id, it])).values()];
    for (let i = 0; i < items.length; i += 5_000) {
      const batch = items.slice(i, i + 5_000);
      try {
        await db.$transaction(recordNextRunsQueries(db, batch.map((it) => ({ id: it.id, next: it.next === null ? null : new Date(it.next) }))));
      } catch (err) {
        // Written with the next sync instead; anything newer for the same schedule queued since
        // comes after these in the list, so it still wins.
        pendingNextRuns = [...items.slice(i), ...pendingNextRuns];
        throw err;
      }
    }
  }

  /** Sets the entry's next fire time and queues it on the heap. */
  function schedule(entry: Entry, next: number | null) {
    entry.next = next;
    if (next !== null) heap.push({ at: next, id: entry.id, version: entry.version });
  }

  // ---- sync ---------------------------------------------------------------------------------
  function upsert(snapshot: TimingRow, now: number) {
    const prev = schedules.get(snapshot.id);
    if (!snapshot.isEnabled) {
      if (prev) schedules.delete(snapshot.id);
      return;
    }
    if (prev && prev.updatedAt === snapshot.updatedAt.getTime()) return;
    const entry: Entry = {
      id: snapshot.id,
      cronExpression: shared(snapshot.cronExpression),
      timezone: shared(snapshot.timezone),
      overlapPolicy: shared(snapshot.overlapPolicy),
      misfirePolicy: shared(snapshot.misfirePolicy),
      updatedAt: snapshot.updatedAt.getTime(),
      version: ++versionSeq,
      next: null,
    };
    schedules.set(snapshot.id, entry);
    const timingSame = prev && prev.cronExpression === snapshot.cronExpression && prev.timezone === snapshot.timezone;
    if (timingSame) {
      schedule(entry, prev.next);
      return;
    }
    // New to this worker (or its timing changed): catch up on slots since its stored nextRunAt.
    const since = snapshot.nextRunAt?.getTime();
    if (!prev && since !== undefined && since <= now) {
      const plan = catchUp(snapshot.cronExpression, snapshot.timezone, since, now, misfireGraceMs);
      const missedSlot = plan.missed ? recordMissed(entry, plan.missed) : null;
      const slots = missedSlot === null ? plan.late : [missedSlot, ...plan.late];
      if (slots.length) safely("fire", () => fireBatch(slots.map((slot) => ({ entry, slot }))));
    }
    schedule(entry, nextRun(snapshot.cronExpression, snapshot.timezone, new Date(now))?.getTime() ?? null);
    if (snapshot.nextRunAt?.getTime() !== (entry.next ?? undefined)) pendingNextRuns.push({ id: entry.id, next: entry.next });
  }

  /** nextRunAt values that upserts found stale, written back in batches after each load or sync. */
  let pendingNextRuns: { id: string; next: number | null }[] = [];
  function flushNextRuns() {
    if (pendingNextRuns.length === 0) return;
    const batch = pendingNextRuns;
    pendingNextRuns = [];
    safely("record nextRunAt", () => recordNextRuns(batch));
  }

  async function initialLoad() {
    const now = clock.now();
    let count = 0;
    for await (const page of store.timingPages(loadPageSize)) {
      for (const row of page) {
        if (!row.isEnabled) continue;
        upsert(row, now);
        syncCursor = Math.max(syncCursor, row.updatedAt.getTime());
        count++;
      }
    }
    tombstoneCursor = now;
    lastSyncStart = now;
    flushNextRuns();
    arm();
    log.info("schedules loaded", { count });
  }

  async function syncChanges() {
    const now = clock.now();
    // Everything written before the previous sync started was seen by it: the window reaches back
    // only the overlap from there, so a bulk import is not re-read every second for ever.
    const since = Math.max(syncCursor, lastSyncStart) - SYNC_OVERLAP_MS;
    lastSyncStart = now;
    const changed = await store.changedSince(new Date(since));
    for (const row of changed) {
      upsert(row, now);
      syncCursor = Math.max(syncCursor, row.updatedAt.getTime());
    }
    flushNextRuns();
    const deleted = await store.deletedSince(new Date(tombstoneCursor - SYNC_OVERLAP_MS));
    for (const t of deleted) {
      schedules.delete(t.scheduleId);
      tombstoneCursor = Math.max(tombstoneCursor, t.deletedAt.getTime());
    }
    // Slots whose claim failed while the database was away: still due if recent, otherwise the
    // misfire policy decides, as after any downtime.
    const retry = unclaimed.splice(0);
    const recent: Due[] = [];
    for (const u of retry) {
      const entry = schedules.get(u.id);
      if (!entry) continue;
      if (u.at >= now - misfireGraceMs) recent.push({ entry, slot: u.at });
      else {
        const slot = recordMissed(entry, { count: 1, capped: false, latest: u.at, previous: null });
        if (slot !== null) recent.push({ entry, slot });
      }
    }
    if (recent.length) await fireBatch(recent);
    await releasePending();
    options.metrics?.synced(now);
    arm();
    await pollQueued();
  }

  // Queued runs are polled every sync; when a poll came back full, more are waiting, so the next
  // poll happens as soon as there is room rather than a second later.
  let morePending = false;
  let polling = false;
  function pollSoon() {
    if (!morePending || polling || stopping || queue.length >= concurrency) return;
    polling = true;
    void safely("poll", pollQueued).finally(() => (polling = false));
  }

  async function pollQueued() {
    if (stopping) return;
    const room = Math.max(0, concurrency * 2 - queue.length - active.size);
    if (room === 0) return;
    const due = await store.dueQueued(new Date(clock.now()), room);
    morePending = due.length === room;
    const taken: SlotRun[] = [];
    for (const run of due) if (await store.takeQueued(run.id)) taken.push(run);
    if (taken.length === 0) return;
    let snapshots: Map<string, ScheduleSnapshot>;
    try {
      snapshots = await store.loadMany([...new Set(taken.map((r) => r.scheduleId))]);
    } catch (err) {
      toRelease.push(...taken.map((r) => r.id));
      throw err;
    }
    for (const run of taken) {
      const schedule = snapshots.get(run.scheduleId);
      if (schedule) enqueue({ run, schedule }); // else deleted meanwhile: its runs went with it
    }
  }

  async function reconcile() {
    const now = clock.now();
    const versionAtStart = versionSeq;
    const present = new Set<string>();
    for await (const versions of store.versionPages(loadPageSize)) {
      for (const v of versions) {
        if (!v.isEnabled) continue;
        present.add(v.id);
        const known = schedules.get(v.id);
        if (known && known.updatedAt === v.updatedAt.getTime()) continue;
        const row = await store.timingOne(v.id);
        if (row) upsert(row, now);
      }
    }
    // Known here but not enabled in the database: deleted or disabled, and the sync missed it.
    // An entry the sync added while the pages were read may sit behind the cursor: it is kept.
    for (const [id, entry] of schedules) if (!present.has(id) && entry.version <= versionAtStart) schedules.delete(id);
    flushNextRuns();
    arm();
  }

  async function heartbeatAndReap() {
    await beat(db, workerId, startedAt, new Date(clock.now()));
    const orphans = await store.orphanedRuns(new Date(clock.now() - staleAfterMs));
    for (const o of orphans) {
      if (o.workerId === workerId || o.workerId === null) continue;
      // Claimed but never started: nothing ran, so any worker may still run it.
      if (o.status === "queued") {
        if (await store.release(o.id, o.workerId, new Date(clock.now()))) log.warn("run released from a silent worker", { runId: o.id, worker: o.workerId });
        continue;
      }
      if (!(await store.markLost(o.id, o.status, o.workerId, `worker ${o.workerId} stopped sending heartbeats`))) continue;
      log.warn("run marked lost", { runId: o.id, worker: o.workerId });
      const schedule = await store.loadOne(o.scheduleId);
      if (schedule && o.attempt <= schedule.maxRetries) await retryLater(o, schedule);
    }
  }

  /** Runs `task` every `ms`, never two at once; failures are logged and the loop goes on. */
  function every(ms: number, what: string, task: () => Promise<void>) {
    const loop = () => {
      const handle = clock.setTimer(() => {
        loopTimers.delete(handle);
        if (stopping) return;
        void safely(what, task).finally(() => {
          if (!stopping) loop();
        });
      }, ms);
      loopTimers.add(handle);
    };
    loop();
  }

  return {
    async start() {
      startedAt = new Date(clock.now());
      const recovered = await store.recoverOwn(startedAt);
      if (recovered.lost || recovered.released) log.warn("recovered runs left by an earlier process with this worker id", recovered);
      if (stopping) return; // stopped while starting: nothing more to set up
      await beat(db, workerId, startedAt, startedAt);
      await initialLoad();
      if (stopping) {
        await retire(db, workerId).catch(() => undefined);
        return;
      }
      every(syncIntervalMs, "sync", syncChanges);
      every(reconcileIntervalMs, "reconcile", reconcile);
      every(heartbeatIntervalMs, "heartbeat", heartbeatAndReap);
      every(retentionIntervalMs, "retention", async () => {
        const { deleted } = await pruneRuns(db, retention, new Date(clock.now()));
        await pruneTombstones(db, new Date(clock.now() - TOMBSTONE_TTL_MS));
        if (deleted) log.info("old runs pruned", { deleted });
      });
    },

    /** Stops claiming, lets running executions finish within the grace period, marks the rest lost. */
    async stop() {
      if (stopping) return;
      stopping = true;
      fireTimer?.cancel();
      flushRetry?.cancel();
      flushRetry = null;
      prefetchTimer?.cancel();
      prefetchTimer = null;
      for (const t of loopTimers) t.cancel();
      loopTimers.clear();
      const waitAtMost = async (ms: number) => {
        let timer: TimerHandle | null = null;
        const limit = new Promise<void>((resolve) => (timer = clock.setTimer(resolve, ms)));
        await Promise.race([Promise.all([...active.values()].map((r) => r.done)), limit]);
        (timer as TimerHandle | null)?.cancel();
      };
      if (active.size > 0) {
        await waitAtMost(shutdownGraceMs);
        for (const r of active.values()) r.controller.abort(new ShutdownAbort("worker shutdown"));
        await waitAtMost(2_000); // a job that ignores its abort signal is not waited for
        for (const r of active.values()) await store.markLost(r.job.run.id, "running", workerId, "worker shutdown").catch(() => false);
      }
      // Claimed but not started: nothing ran, so another worker may run them.
      for (const job of queue.splice(0)) await store.release(job.run.id, workerId, new Date(clock.now())).catch(() => false);
      // Executions still going now ignored their abort: they are recorded lost and not waited for.
      if (writes.length) flushing ??= track(flushWrites()).finally(() => (flushing = null));
      const executions = new Set<Promise<unknown>>([...active.values()].map((r) => r.exec));
      await Promise.allSettled([...inflight].filter((p) => !executions.has(p)));
      await retire(db, workerId).catch(() => undefined);
    },

    /** Resolves when no work started so far is still going (for tests on a fake clock). */
    async idle() {
      while (inflight.size > 0) await Promise.allSettled([...inflight]);
    },

    stats: () => ({ schedules: schedules.size, queued: queue.length, running: active.size, nextFireAt: heap.peek()?.at ?? null }),

    /** Whether this worker holds `scheduleId` with the given version of it (its updatedAt), ready to fire. */
    isArmed(scheduleId: string, updatedAt?: Date): boolean {
      const entry = schedules.get(scheduleId);
      return !!entry && entry.next !== null && (updatedAt === undefined || entry.updatedAt === updatedAt.getTime());
    },
  };
}

export type Scheduler = ReturnType<typeof createScheduler>;
