// The executor: runs claimed runs through the job-type registry, at most `concurrency` at once,
// sharing the slots fairly between accounts. A run executes only after its `running` state has
// committed ("save first, then run"): a worker that dies before that commit leaves the run
// `queued`, and whoever gets it next runs it for the first time, never the second.
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
import type { Prisma } from "../db/client";
import { nextTurn } from "../db/turns";
import type { JsonValue, RunContext } from "../entrypoints/types";
import type { Logger } from "../log";
import type { Clock, TimerHandle } from "./clock";
import type { Recorder } from "./recorder";
import type { ScheduleSnapshot, SlotRun, Store } from "./store";
import { Line } from "./line";
import type { Tasks } from "./tasks";

export const RESULT_MAX_BYTES = 16 * 1024;
/** A job that ignores its abort signal at shutdown gets this much longer, then is not waited for. */
const ABANDON_AFTER_MS = 2_000;
/** A failed start commit is tried again after this long, doubling up to 30 s. */
const START_RETRY_FIRST_MS = 250;
const START_RETRY_MAX_MS = 30_000;
/** Runs whose start one statement commits, at most (a longer statement would block SQLite's loop). */
const ROUND_MAX = 500;
/** Weight of the newest sample in the running averages of commit and execution times. */
const PACE_WEIGHT = 0.2;
/** Below this, an execution time is taken as this (a fake clock reads 0). */
const MIN_RUN_MS = 0.01;

/** Runs held in memory waiting for a slot, at least (a 10,000-slot burst fits without reading back). */
const WINDOW_MIN = 10_000;

export type RunFn = (entrypoint: string, payload: unknown, ctx: RunContext) => Promise<JsonValue>;
export type Job = { run: SlotRun; schedule: ScheduleSnapshot };

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

/** Whose share of the execution slots a run uses. */
const accountOf = (schedule: Pick<ScheduleSnapshot, "userId">) => schedule.userId;

type Active = { abort: (reason: Error) => void; job: Job; account: string; exec: Promise<void>; done: Promise<void> };

/**
 * How a run is stopped (its timeout, or shutdown): the job's AbortSignal is made only if the job
 * asks for it (an AbortController costs more than a quick job), and `stopped` rejects at once, for
 * a job that ignores its signal.
 */
function abortable() {
  let controller: AbortController | null = null;
  let reason: Error | null = null;
  let reject!: (reason: Error) => void;
  const stopped = new Promise<never>((_, r) => (reject = r));
  stopped.catch(() => undefined);
  return {
    stopped,
    get signal(): AbortSignal {
      controller ??= new AbortController();
      if (reason && !controller.signal.aborted) controller.abort(reason);
      return controller.signal;
    },
    get reason() {
      return reason;
    },
    abort(why: Error) {
      if (reason) return;
      reason = why;
      controller?.abort(why);
      reject(why);
    },
  };
}

export type ExecutorOptions = {
  store: Store;
  recorder: Recorder;
  clock: Clock;
  log: Logger;
  tasks: Tasks;
  run: RunFn;
  concurrency: number;
  /** Runs held in memory waiting for a slot, across all accounts (the rest wait in the database). */
  windowSize?: number;
  /** Whole schedules for these ids (read ahead, or read now); missing ones were deleted. */
  loadSchedules: (ids: string[]) => Promise<Map<string, ScheduleSnapshot>>;
  /** Queued runs of this worker that must not start (claims withdrawn or skipped whose write failed). */
  withheld?: () => string[];
};

export type Executor = ReturnType<typeof createExecutor>;

export function createExecutor(options: ExecutorOptions) {
  const { store, recorder, clock, log, tasks, concurrency } = options;
  const windowSize = options.windowSize ?? Math.max(WINDOW_MIN, concurrency * 50);
  // Every account may keep this many waiting in memory, however full the window is.
  const perAccountFloor = concurrency * 2;

  // Filled by admit() (claimed slots, and runs read back by refill()); drained by startRound().
  // A run whose start commit fails goes back to the front of its account's line.
  const waiting = new Map<string, Line<Job>>();
  let waitingCount = 0;
  // Ids in `waiting` or in a start commit: excluded when refill() reads queued runs back.
  const held = new Set<string>();
  // Filled by startRound() with every run whose start committed (those beyond the free slots wait
  // here); drained by launchReady() as slots free; handed back to the queue by stop().
  const ready: Job[] = [];
  // Filled by launch() for each run executing; drained when its execution ends.
  const active = new Map<string, Active>();
  // Runs started here (ready or executing) per account: pick() shares the slots by it.
  const startedPerAccount = new Map<string, number>();
  // Running averages (ms) of a start commit and of an execution: how far ahead to commit.
  let commitMs: number | null = null;
  let runMs: number | null = null;
  // Runs of each schedule waiting or running here, for the "skip" overlap policy.
  const inProgress = new Map<string, number>();
  let starting: Promise<void> | null = null;
  let startRetry: TimerHandle | null = null;
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
      bump(inProgress, job.schedule.id, 1);
    }
    pump();
  }

  /** Up to `n` waiting runs, one at a time to the account with the fewest runs executing. */
  function pick(n: number): Job[] {
    if (waiting.size === 1) {
      // One account waiting: its line, in order (the fair choice below would pick the same).
      const [account, line] = waiting.entries().next().value!;
      const picked = line.take(n);
      if (line.size === 0) waiting.delete(account);
      waitingCount -= picked.length;
      return picked;
    }
    const picked: Job[] = [];
    const busy = new Map(startedPerAccount);
    while (picked.length < n && waitingCount > 0) {
      let best: string | null = null;
      for (const [account, line] of waiting) {
        if (best === null) {
          best = account;
          continue;
        }
        const a = busy.get(account) ?? 0;
        const b = busy.get(best) ?? 0;
        if (a < b || (a === b && line.peek()!.run.scheduledFor < waiting.get(best)!.peek()!.run.scheduledFor)) best = account;
      }
      const line = waiting.get(best!)!;
      picked.push(...line.take(1));
      if (line.size === 0) waiting.delete(best!);
      waitingCount--;
      bump(busy, best!, 1);
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
    }
  }

  const average = (avg: number | null, sample: number) => (avg === null ? sample : avg + PACE_WEIGHT * (sample - avg));

  /** Runs to commit beyond the free slots: enough for the slots to get through while a commit is in flight, twice. */
  function lookahead(): number {
    if (commitMs === null || runMs === null) return 0;
    return Math.min(windowSize, Math.floor((2 * concurrency * commitMs) / Math.max(MIN_RUN_MS, runMs)));
  }

  /** How many more runs a start round may commit now. */
  const roundSize = () => Math.min(ROUND_MAX, concurrency - active.size + lookahead() - ready.length);

  function pump(): void {
    if (stopping) return;
    launchReady();
    if (!starting && !startRetry && waitingCount > 0 && roundSize() > 0) {
      starting = tasks.track(startRound()).finally(() => {
        starting = null;
        pump();
      });
    }
    if (waitingCount < windowSize / 2 && morePending) refillSoon();
  }

  function launchReady() {
    while (ready.length > 0 && active.size < concurrency) {
      launch(ready.shift()!);
    }
  }

  /** Commits the start of a round of runs in one statement; those it matched execute as slots allow. */
  async function startRound(): Promise<void> {
    // Rounds follow each other without I/O on SQLite: let timers in between, and let the runs
    // finishing in this turn free their slots so that the round is as large as it can be.
    await nextTurn();
    const jobs = pick(roundSize());
    if (jobs.length === 0) return;
    const at = new Date(clock.now());
    const commitStart = performance.now();
    let started: Set<string>;
    try {
      started = await store.markStarted(
        jobs.map((j) => j.run.id),
        at,
      );
    } catch (err) {
      log.warn("could not record run starts; will try again", { runs: jobs.length, error: (err as Error).message });
      putBack(jobs);
      const delay = Math.min(START_RETRY_MAX_MS, START_RETRY_FIRST_MS * 2 ** startFailures++);
      startRetry = clock.setTimer(() => {
        startRetry = null;
        pump();
      }, delay);
      return;
    }
    commitMs = average(commitMs, performance.now() - commitStart);
    startFailures = 0;
    for (const job of jobs) {
      held.delete(job.run.id);
      if (started.has(job.run.id)) {
        ready.push(job);
        bump(startedPerAccount, accountOf(job.schedule), 1);
      } else {
        // Released by a reaper while this worker looked dead, or deleted with its schedule.
        bump(inProgress, job.schedule.id, -1);
        log.warn("run not started: it is no longer queued for this worker", { runId: job.run.id });
      }
    }
    launchReady();
  }

  function launch(job: Job) {
    const account = accountOf(job.schedule);
    const stop = abortable();
    const startedAt = new Date(clock.now());
    const launchedAt = performance.now(); // real time: the pace is the machine's, not the schedule clock's
    const exec = tasks.track(execute(job, stop, startedAt));
    const done = exec.finally(() => {
      runMs = average(runMs, performance.now() - launchedAt);
      active.delete(job.run.id);
      bump(startedPerAccount, account, -1);
      bump(inProgress, job.schedule.id, -1);
      pump();
    });
    active.set(job.run.id, { abort: (reason) => stop.abort(reason), job, account, exec, done });
  }

  async function execute({ run, schedule }: Job, stop: ReturnType<typeof abortable>, started: Date): Promise<void> {
    log.info("run started", { runId: run.id, schedule: schedule.name, trigger: run.trigger, attempt: run.attempt, latenessMs: started.getTime() - run.scheduledFor.getTime() });
    const timeout = clock.setTimer(() => stop.abort(new TimeoutAbort(`timed out after ${schedule.timeoutSeconds} s`)), schedule.timeoutSeconds * 1000);
    const ctx: RunContext = {
      get signal() {
        return stop.signal;
      },
      log: (message, fields) => log.info(message, { runId: run.id, ...fields }),
      schedule: { id: schedule.id, name: schedule.name, userId: schedule.userId, timezone: schedule.timezone },
      run: { id: run.id, attempt: run.attempt, scheduledFor: run.scheduledFor, trigger: run.trigger },
    };
    let status: "succeeded" | "failed" | "timed_out" | "lost" = "succeeded";
    let result: Prisma.InputJsonValue | undefined;
    let error: Prisma.InputJsonValue | undefined;
    try {
      // A job that ignores its abort signal is abandoned at the timeout: its slot is freed anyway.
      result = boundedResult(await Promise.race([options.run(schedule.entrypoint, schedule.payload, ctx), stop.stopped]));
    } catch (err) {
      const reason = stop.reason;
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
    recorder.finish({ run, schedule, outcome: { status, startedAt: started, finishedAt: new Date(clock.now()), result, error } });
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
    /** Reads queued runs back from the database now (the sync loop calls this every second). */
    async refill() {
      refillSoon();
      await refilling;
    },
    /** Whether a run of `scheduleId` waits or runs here. */
    busy: (scheduleId: string) => (inProgress.get(scheduleId) ?? 0) > 0,
    stats: () => ({ queued: waitingCount, running: active.size + ready.length }),
    /** Whether runs could start now (a start commit is in flight, or free slots wait for runs held here): bookkeeping writes give way. */
    startsPending: () => starting !== null || (ready.length > 0 && active.size < concurrency) || (waitingCount > 0 && roundSize() > 0),

    /** Lets running executions finish within `graceMs`, marks the rest lost, hands back the waiting ones. */
    async stop(graceMs: number): Promise<Set<Promise<unknown>>> {
      stopping = true;
      startRetry?.cancel();
      startRetry = null;
      // The grace period starts now (its timer is set before anything is awaited).
      let graceTimer: TimerHandle | null = null;
      const graceOver = new Promise<void>((resolve) => (graceTimer = clock.setTimer(resolve, graceMs)));
      const allDone = () => Promise.all([...active.values()].map((r) => r.done));
      await starting;
      await Promise.race([allDone(), graceOver]);
      (graceTimer as TimerHandle | null)?.cancel();
      if (active.size > 0) {
        for (const r of active.values()) r.abort(new ShutdownAbort("worker shutdown"));
        let abandonTimer: TimerHandle | null = null;
        await Promise.race([allDone(), new Promise<void>((resolve) => (abandonTimer = clock.setTimer(resolve, ABANDON_AFTER_MS)))]);
        (abandonTimer as TimerHandle | null)?.cancel();
        for (const r of active.values()) await store.markLost(r.job.run.id, "running", store.workerId, "worker shutdown", new Date(clock.now())).catch(() => false);
      }
      // Committed but never executed, and claimed or taken but not started: nothing ran, so
      // another worker may run them.
      const unstarted = ready.splice(0).map((job) => job.run.id);
      if (unstarted.length) await store.unmarkStarted(unstarted).catch((err) => log.warn("could not hand back runs committed to start; the reaper will mark them lost", { runs: unstarted.length, error: (err as Error).message }));
      waiting.clear();
      waitingCount = 0;
      await store.releaseOwnQueued(new Date(clock.now())).catch((err) => log.warn("could not hand back queued runs", { error: (err as Error).message }));
      // Executions still going now ignored their abort: recorded lost, and not waited for.
      return new Set([...active.values()].map((r) => r.exec));
    },
  };
}
