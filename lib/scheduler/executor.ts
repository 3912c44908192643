// The executor: runs claimed runs through the job-type registry, at most `concurrency` at once,
// sharing the slots fairly between accounts, and at most `maxPerAccount` of one account at once:
// an account whose runs are long (an http job at its longest timeout, "allow" overlaps, manual
// runs) cannot hold every slot and keep the others waiting. A run executes only after its
// `running` state has committed ("save first, then run"): a worker that dies before that commit
// leaves the run `queued`, and whoever gets it next runs it for the first time, never the second.
//
// Runs waiting for a slot stay in the database as queued rows (claimed slots carry this worker's
// id). Memory holds only a bounded window of them; the rest are read back, fairly ranked per
// account, as the window empties.
//
// Start commits are grouped: a round commits the start of the free slots' runs and, when runs
// finish faster than a commit takes, of as many more as keep the slots busy until the next
// commit returns (twice the runs the slots get through in one commit, at the recent pace). Those
// wait in `ready`, already `running`, for a slot. A worker killed then leaves them marked lost by
// the reaper (never run twice); a worker that stops hands them back to the queue.
//
// Runs claimed ahead start without a commit of their own: the slot's start is one write
// (claims.ts), and they come in through admitStarted() straight to `ready`. Those still waiting
// there READY_TRIM_MS later, beyond what the slots get through in READY_HORIZON_MS, go back to the
// queue (one write), so that a worker killed during a long burst leaves them to others, not lost.
import { nextTurn } from "../db/turns";
import type { Logger } from "../log";
import type { Clock, TimerHandle } from "./clock";
import type { Recorder } from "./recorder";
import { ShutdownAbort, startExecution, type Execution, type Job, type RunFn, type SecretReader } from "./execution";
import type { ScheduleSnapshot, Store } from "./store";
import { Line } from "./line";
import { ReadyRuns } from "./ready";
import type { Tasks } from "./tasks";

/** A failed start commit is tried again after this long, doubling up to 30 s. */
const START_RETRY_FIRST_MS = 250;
const START_RETRY_MAX_MS = 30_000;
/**
 * Runs whose start one statement commits, at most: on SQLite a longer statement would block the
 * loop; a server's statement does not, and fewer statements cost it less.
 */
const ROUND_MAX = { thread: 500, server: 1000 };
/**
 * Start rounds committing at once: while one commits, the runs of the last one launch (on
 * PostgreSQL the commit waits on the server; on SQLite a commit is synchronous and they follow
 * each other anyway).
 */
const ROUNDS_IN_FLIGHT = 2;
/** Weight of the newest sample in the running averages of commit and execution times. */
const PACE_WEIGHT = 0.2;
/** Below this, an execution time is taken as this (a fake clock reads 0). */
const MIN_RUN_MS = 0.01;

/** How long after a slot's runs are admitted started the ones not about to execute go back to the queue. */
const READY_TRIM_MS = 250;
/** Runs kept in `ready` then: as many as the slots get through in this long, at the recent pace. */
const READY_HORIZON_MS = 1_000;

/** Runs held in memory waiting for a slot, at least (a 10,000-slot burst fits without reading back). */
const WINDOW_MIN = 10_000;

export type { Job, RunFn } from "./execution";

/** Whose share of the execution slots a run uses: its schedule's team (the "account" of WORKER_MAX_RUNS_PER_ACCOUNT). */
const accountOf = (schedule: Pick<ScheduleSnapshot, "teamId">) => schedule.teamId;

/**
 * Runs one account may execute at once unless told otherwise: half the slots (rounded up, at
 * least one). The other half stays free for other accounts however long one account's runs are,
 * and one account alone still gets that half at once; a worker serving one account may raise it
 * to the concurrency (WORKER_MAX_RUNS_PER_ACCOUNT).
 */
export const defaultMaxPerAccount = (concurrency: number) => Math.max(1, Math.ceil(concurrency / 2));

export type ExecutorOptions = {
  store: Store;
  recorder: Recorder;
  clock: Clock;
  log: Logger;
  tasks: Tasks;
  run: RunFn;
  concurrency: number;
  /** Runs of one account executing at once, at most (default: defaultMaxPerAccount). */
  maxPerAccount?: number;
  /** A run is stopped after this long whatever its schedule's timeoutSeconds says (MAX_TIMEOUT_SECONDS). */
  maxTimeoutSeconds?: number;
  /** Runs held in memory waiting for a slot, across all accounts (the rest wait in the database). */
  windowSize?: number;
  /** Reads a team secret for a run (RunContext.secret); none: runs cannot read secrets. */
  secret?: SecretReader;
  /** Whole schedules for these ids (read ahead, or read now); missing ones were deleted. */
  loadSchedules: (ids: string[]) => Promise<Map<string, ScheduleSnapshot>>;
  /** Queued runs of this worker that must not start (claims withdrawn or skipped whose write failed). */
  withheld?: () => string[];
  /**
   * Whether a start commit waits on the database server (PostgreSQL) rather than running on this
   * thread (SQLite): then the next round is sent at once, and commits overlap with execution.
   */
  serverCommits?: boolean;
};

export type Executor = ReturnType<typeof createExecutor>;

export function createExecutor(options: ExecutorOptions) {
  const { store, recorder, clock, log, tasks, concurrency } = options;
  const windowSize = options.windowSize ?? Math.max(WINDOW_MIN, concurrency * 50);
  const maxPerAccount = Math.min(concurrency, Math.max(1, options.maxPerAccount ?? defaultMaxPerAccount(concurrency)));
  // Every account may keep this many waiting in memory, however full the window is.
  const perAccountFloor = concurrency * 2;

  // Filled by admit() (claimed slots, and runs read back by refill()); drained by startRound().
  // A run whose start commit fails goes back to the front of its account's line.
  const waiting = new Map<string, Line<Job>>();
  let waitingCount = 0;
  // Ids in `waiting` or in a start commit: excluded when refill() reads queued runs back.
  const held = new Set<string>();
  // Filled by startRound() with every run whose start committed (those beyond the free slots wait
  // here), and by admitStarted(); drained by launchReady() as slots free (a run of an account at
  // its cap waits aside without holding up the others); handed back to the queue by trimReady() and stop().
  const ready = new ReadyRuns<Job>(
    (job) => accountOf(job.schedule),
    (account) => (executingPerAccount.get(account) ?? 0) < maxPerAccount,
  );
  // Filled by launch() for each run executing; drained when its execution ends.
  const active = new Map<string, Execution>();
  // Runs executing per account: the cap (maxPerAccount) applies to these.
  const executingPerAccount = new Map<string, number>();
  // Runs picked to start here (in a start commit, ready or executing) per account: pick() shares
  // the slots by it, and picks no more of an account than its cap and its share of the lookahead.
  const startedPerAccount = new Map<string, number>();
  // pick() found only accounts at their cap: no start round until a run ends or more are admitted.
  let capBlocked = false;
  // Running averages (ms) of a start commit and of an execution: how far ahead to commit.
  let commitMs: number | null = null;
  let runMs: number | null = null;
  // Runs of each "skip" schedule waiting or running here (only those: a burst of thousands of
  // other runs would churn the map for nothing). A schedule edited to "skip" since its runs were
  // read is checked in the database instead (claims.ts).
  const inProgress = new Map<string, number>();
  const countBusy = (job: Job, by: number) => {
    if (job.schedule.overlapPolicy === "skip") bump(inProgress, job.schedule.id, by);
  };
  // Start rounds committing now (at most ROUNDS_IN_FLIGHT), and the runs they hold.
  const rounds = new Set<Promise<void>>();
  let committing = 0;
  let startRetry: TimerHandle | null = null;
  let trimTimer: TimerHandle | null = null;
  let startFailures = 0;
  let refilling: Promise<void> | null = null;
  /** The last read of queued runs came back full: more are waiting in the database. */
  let morePending = false;
  let stopping = false;

  const bump = (map: Map<string, number>, key: string, by: number) => {
    const n = (map.get(key) ?? 0) + by;
    if (n <= 0) map.delete(key);
    else map.set(key, n);
  };

  /** Takes `jobs` into the window as far as each account's share allows; the rest stay queued in the database. */
  function admit(jobs: Job[]): void {
    for (const job of jobs) {
      if (held.has(job.run.id) || active.has(job.run.id)) continue;
      const account = accountOf(job.schedule);
      const line = waiting.get(account) ?? new Line<Job>();
      const accounts = waiting.size + (line.size ? 0 : 1);
      if (waitingCount >= windowSize && line.size >= Math.max(perAccountFloor, windowSize / accounts)) {
        morePending = true;
        continue;
      }
      line.push(job);
      waiting.set(account, line);
      waitingCount++;
      held.add(job.run.id);
      countBusy(job, 1);
      capBlocked = false;
    }
    pump();
  }

  /**
   * Runs of one account picked to start, at most: its cap, and its share of the runs committed
   * ahead (fast runs keep its slots busy while a commit is in flight; long runs get none ahead).
   */
  const accountLimit = () => maxPerAccount + Math.ceil((lookahead() * maxPerAccount) / concurrency);

  /**
   * Up to `n` waiting runs, one at a time to the account with the fewest runs started, skipping
   * accounts at their limit (their runs stay waiting without holding up the others). Counts the
   * picked runs as started.
   */
  function pick(n: number): Job[] {
    const limit = accountLimit();
    if (waiting.size === 1) {
      // One account waiting: its line, in order (the fair choice below would pick the same).
      const [account, line] = waiting.entries().next().value!;
      const picked = line.take(Math.max(0, Math.min(n, limit - (startedPerAccount.get(account) ?? 0))));
      if (line.size === 0) waiting.delete(account);
      waitingCount -= picked.length;
      if (picked.length) bump(startedPerAccount, account, picked.length);
      return picked;
    }
    const picked: Job[] = [];
    while (picked.length < n && waitingCount > 0) {
      let best: string | null = null;
      let bestBusy = 0;
      for (const [account, line] of waiting) {
        const busy = startedPerAccount.get(account) ?? 0;
        if (busy >= limit) continue;
        if (best === null || busy < bestBusy || (busy === bestBusy && line.peek()!.run.scheduledFor < waiting.get(best)!.peek()!.run.scheduledFor)) {
          best = account;
          bestBusy = busy;
        }
      }
      if (best === null) break; // every account waiting is at its limit
      const line = waiting.get(best)!;
      picked.push(...line.take(1));
      if (line.size === 0) waiting.delete(best);
      waitingCount--;
      bump(startedPerAccount, best, 1);
    }
    return picked;
  }

  function putBack(jobs: Job[]) {
    const byAccount = new Map<string, Job[]>();
    for (const job of jobs) byAccount.set(accountOf(job.schedule), [...(byAccount.get(accountOf(job.schedule)) ?? []), job]);
    for (const [account, back] of byAccount) {
      const line = waiting.get(account) ?? new Line<Job>();
      line.unshift(back);
      waiting.set(account, line);
      waitingCount += back.length;
      bump(startedPerAccount, account, -back.length);
    }
    capBlocked = false;
  }

  const average = (avg: number | null, sample: number) => (avg === null ? sample : avg + PACE_WEIGHT * (sample - avg));

  /** Runs to commit beyond the free slots: enough for the slots to get through while a commit is in flight, twice. */
  function lookahead(): number {
    if (commitMs === null || runMs === null) return 0;
    return Math.min(windowSize, Math.floor((2 * concurrency * commitMs) / Math.max(MIN_RUN_MS, runMs)));
  }

  /** How many more runs a start round may commit now. */
  const roundMax = options.serverCommits ? ROUND_MAX.server : ROUND_MAX.thread;
  // Parked ready runs (their account at its cap) take no slot, so they leave room for a round.
  const roundSize = () => Math.min(roundMax, concurrency - active.size + lookahead() - ready.launchable - committing);

  function pump(): void {
    if (stopping) return;
    launchReady();
    if (rounds.size < ROUNDS_IN_FLIGHT && !startRetry && waitingCount > 0 && !capBlocked && roundSize() > 0) {
      const round: Promise<void> = tasks.track(startRound()).finally(() => {
        rounds.delete(round);
        pump();
      });
      rounds.add(round);
    }
    if (waitingCount < windowSize / 2 && morePending) refillSoon();
  }

  function launchReady() {
    // A job's end comes in a later microtask: the slots taken here stay taken through the loop.
    while (active.size < concurrency) {
      const job = ready.next(); // counted against its account's cap by launch() before the next
      if (!job) return;
      launch(job);
    }
  }

  /** Commits the start of a round of runs in one statement; those it matched execute as slots allow. */
  async function startRound(): Promise<void> {
    // On SQLite rounds follow each other without I/O: let timers in between, and let the runs
    // finishing in this turn free their slots so that the round is as large as it can be. A
    // server's commit goes out at once: the runs committed last execute while it is in flight.
    if (!options.serverCommits) await nextTurn();
    const size = roundSize();
    const jobs = pick(size);
    if (jobs.length === 0) {
      // Room, but every account waiting is at its cap: the next run to end (or to come) starts a round.
      if (size > 0 && waitingCount > 0) capBlocked = true;
      return;
    }
    committing += jobs.length;
    const at = new Date(clock.now());
    const commitStart = performance.now();
    let started: Set<string>;
    try {
      started = await store.markStarted(
        jobs.map((j) => j.run.id),
        at,
      );
    } catch (err) {
      committing -= jobs.length;
      log.warn("could not record run starts; will try again", { runs: jobs.length, error: (err as Error).message });
      putBack(jobs);
      // Both rounds in flight may fail: one retry timer for them.
      startRetry ??= clock.setTimer(
        () => {
          startRetry = null;
          pump();
        },
        Math.min(START_RETRY_MAX_MS, START_RETRY_FIRST_MS * 2 ** startFailures++),
      );
      return;
    }
    committing -= jobs.length;
    commitMs = average(commitMs, performance.now() - commitStart);
    startFailures = 0;
    for (const job of jobs) {
      held.delete(job.run.id);
      if (started.has(job.run.id)) ready.push(job);
      else {
        // Released by a reaper while this worker looked dead, or deleted with its schedule.
        bump(startedPerAccount, accountOf(job.schedule), -1);
        capBlocked = false;
        countBusy(job, -1);
        log.warn("run not started: it is no longer queued for this worker", { runId: job.run.id });
      }
    }
    launchReady();
  }

  function launch(job: Job) {
    const account = accountOf(job.schedule);
    const launchedAt = performance.now(); // real time: the pace is the machine's, not the schedule clock's
    const execution = startExecution(job, { clock, log, run: options.run, maxTimeoutSeconds: options.maxTimeoutSeconds, secret: options.secret }, (outcome) => {
      runMs = average(runMs, performance.now() - launchedAt);
      active.delete(job.run.id);
      bump(executingPerAccount, account, -1);
      bump(startedPerAccount, account, -1);
      ready.release(account);
      capBlocked = false;
      countBusy(job, -1);
      recorder.finish({ run: job.run, schedule: job.schedule, outcome });
      pump();
    });
    active.set(job.run.id, execution); // onEnd comes later: a job's promise settles in a later microtask
    bump(executingPerAccount, account, 1);
    tasks.track(execution.ended);
  }

  /** Takes runs whose start is committed already (a slot's runs claimed ahead): they execute as slots free. */
  function admitStarted(jobs: Job[]): void {
    for (const job of jobs) {
      if (held.has(job.run.id) || active.has(job.run.id)) continue;
      ready.push(job);
      bump(startedPerAccount, accountOf(job.schedule), 1);
      countBusy(job, 1);
    }
    launchReady();
    if (ready.size > 0) trimTimer ??= clock.setTimer(() => tasks.safely("hand back runs not about to start", trimReady), READY_TRIM_MS);
  }

  /** Hands back to the queue the ready runs beyond what the slots get through in READY_HORIZON_MS. */
  async function trimReady(): Promise<void> {
    trimTimer = null;
    if (stopping) return;
    const keep = runMs === null ? 0 : Math.floor((concurrency * READY_HORIZON_MS) / Math.max(MIN_RUN_MS, runMs));
    if (ready.size <= keep) return;
    const all = ready.takeAll();
    for (const job of all.slice(0, keep)) ready.push(job);
    const back = all.slice(keep);
    for (const job of back) {
      held.add(job.run.id);
      bump(startedPerAccount, accountOf(job.schedule), -1);
    }
    try {
      await store.unmarkStarted(back.map((job) => job.run.id));
    } catch (err) {
      // Still started: they execute here as slots free.
      for (const job of back) {
        held.delete(job.run.id);
        ready.push(job);
        bump(startedPerAccount, accountOf(job.schedule), 1);
      }
      throw err;
    }
    for (const job of back) {
      held.delete(job.run.id);
      countBusy(job, -1); // admit() counts it again
    }
    admit(back);
  }

  function refillSoon() {
    refilling ??= tasks.safely("read queued runs", refill).finally(() => (refilling = null));
  }

  /** Reads queued runs back from the database (this worker's, and unowned due ones it takes). */
  async function refill(): Promise<void> {
    if (stopping) return;
    const room = windowSize - waitingCount;
    if (room <= 0) return;
    const rows = await store.startable(new Date(clock.now()), room, [...held, ...(options.withheld?.() ?? [])]);
    morePending = rows.length === room;
    const taken = await store.take(rows.filter((r) => !r.owned).map((r) => r.id));
    const mine = rows.filter((r) => r.owned || taken.has(r.id));
    if (mine.length === 0) return;
    // If this read fails, the runs stay queued under this worker: the next refill finds them.
    const schedules = await options.loadSchedules([...new Set(mine.map((r) => r.scheduleId))]);
    admit(mine.flatMap((r) => (schedules.has(r.scheduleId) ? [{ run: r, schedule: schedules.get(r.scheduleId)! }] : [])));
  }

  return {
    admit,
    admitStarted,
    /** Reads queued runs back from the database now (the sync loop calls this every second). */
    async refill() {
      refillSoon();
      await refilling;
    },
    /** Whether a run of `scheduleId`, a "skip" schedule as its runs here were read, waits or runs here. */
    busy: (scheduleId: string) => (inProgress.get(scheduleId) ?? 0) > 0,
    stats: () => ({ queued: waitingCount, running: active.size + ready.size }),
    /** Whether runs could start now (a start commit is in flight, or free slots wait for runs held here): bookkeeping writes give way. */
    startsPending: () => rounds.size > 0 || (ready.launchable > 0 && active.size < concurrency) || (waitingCount > 0 && !capBlocked && roundSize() > 0),

    /** Lets running executions finish within `graceMs`, records the rest lost, hands back the waiting ones. */
    async stop(graceMs: number): Promise<void> {
      stopping = true;
      startRetry?.cancel();
      startRetry = null;
      // The grace period starts now (its timer is set before anything is awaited).
      let graceTimer: TimerHandle | null = null;
      const graceOver = new Promise<void>((resolve) => (graceTimer = clock.setTimer(resolve, graceMs)));
      await Promise.all(rounds);
      await Promise.race([Promise.all([...active.values()].map((e) => e.ended)), graceOver]);
      (graceTimer as TimerHandle | null)?.cancel();
      // Each ends at once, recorded lost (a job that ignores its signal is not waited for).
      for (const execution of [...active.values()]) execution.abort(new ShutdownAbort("worker shutdown"));
      // Committed but never executed, and claimed or taken but not started: nothing ran, so
      // another worker may run them.
      trimTimer?.cancel();
      const unstarted = ready.takeAll().map((job) => job.run.id);
      if (unstarted.length) await store.unmarkStarted(unstarted).catch((err) => log.warn("could not hand back runs committed to start; the reaper will mark them lost", { runs: unstarted.length, error: (err as Error).message }));
      waiting.clear();
      waitingCount = 0;
      await store.releaseOwnQueued(new Date(clock.now())).catch((err) => log.warn("could not hand back queued runs", { error: (err as Error).message }));
    },
  };
}
