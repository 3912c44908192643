// The recorder: how runs ended, written to the database in group commits. One transaction takes
// everything that piled up while the previous one was committing (a burst of thousands of runs
// costs a few commits, and execution slots never wait on the database), with each run's retry
// and its schedule's lastRun fields in the same transaction. When a schedule in the batch has
// alert rules, the transaction also counts its failure streak and writes the alerts it calls for
// (lib/alerts/outcomes.ts): a run's outcome and its alerts commit together or not at all. The
// output a run wrote and the output flusher has not written yet (lib/runs/output.ts) is inserted in
// the same transaction, after any flush of it still in flight has landed: whoever sees the run
// finished sees all of its output.
import { alertOnOutcomes, alertRun, type SlotOutcome } from "../alerts/outcomes";
import { alertsWritten } from "../alerts/wake";
import { providerOf, type Db, type Prisma } from "../db/client";
import { giveWay, nextTurn } from "../db/turns";
import type { Logger } from "../log";
import { insertOutputQueries, type OutputChunk } from "../runs/output";
import type { Clock, TimerHandle } from "./clock";
import type { MetricsSink } from "./metrics";
import { finishRunsQuery, queueRetryQuery, setLastRunsQueries } from "./sql";
import type { Outcome, ScheduleSnapshot, SlotRun } from "./store";
import type { Tasks } from "./tasks";

/** Outcomes written per transaction. */
const BATCH = 300;
/** Outcomes wait at most this long per batch for runs that could start (a burst starts first). */
const GIVE_WAY_MAX_MS = 500;
/** A failed commit is tried again after 0.5 s, doubling up to 30 s. */
const RETRY_FIRST_MS = 500;
const RETRY_MAX_MS = 30_000;

export type Finished = { run: SlotRun; schedule: ScheduleSnapshot; outcome: Outcome };

/** When the next attempt of a run that did not succeed may start: exponential backoff. */
export function retryAfter(run: Pick<SlotRun, "attempt">, schedule: Pick<ScheduleSnapshot, "retryDelaySeconds">, now: number): Date {
  return new Date(now + schedule.retryDelaySeconds * 1000 * 2 ** (run.attempt - 1));
}

export type Recorder = ReturnType<typeof createRecorder>;

export function createRecorder(deps: {
  db: Db;
  workerId: string;
  clock: Clock;
  log: Logger;
  tasks: Tasks;
  metrics?: MetricsSink;
  /** While this says so, outcomes wait (GIVE_WAY_MAX_MS at most): starting runs comes first. */
  giveWayTo?: () => boolean;
}) {
  const { db, workerId, clock, log, tasks } = deps;
  // Filled by finish(); drained by flush() a batch at a time; a batch whose commit fails goes
  // back to the front and is tried again on a timer (the reaper covers a worker that dies first).
  let pending: Finished[] = [];
  let flushing: Promise<void> | null = null;
  let retryTimer: TimerHandle | null = null;
  let failures = 0;
  let stopped = false;

  function flushSoon() {
    flushing ??= tasks.track(flush()).finally(() => (flushing = null));
  }

  // Retried on a timer: waiting for the next outcome instead would leave a finished run
  // "running" for as long as its schedule stays quiet.
  function retryLater() {
    if (retryTimer || stopped) return;
    retryTimer = clock.setTimer(() => {
      retryTimer = null;
      if (pending.length) flushSoon();
    }, Math.min(RETRY_MAX_MS, RETRY_FIRST_MS * 2 ** failures++));
  }

  /** The retry it calls for, if any: a run that did not succeed with attempts left. */
  const retries = (run: SlotRun, schedule: ScheduleSnapshot, outcome: Outcome) => outcome.status !== "succeeded" && run.attempt <= schedule.maxRetries;

  /** One transaction's statements: the outcomes in one statement, the retries they call for, the schedules' lastRun fields. */
  function queries(client: Db, batch: Finished[], provider = providerOf(db)) {
    const now = new Date(clock.now());
    const finish = finishRunsQuery(
      client,
      workerId,
      batch.map(({ run, outcome }) => ({ id: run.id, ...outcome })),
      provider,
    );
    // Inserted only where the outcome was recorded (see queueRetryQuery).
    const retryQueries = batch.flatMap(({ run, schedule, outcome }) => {
      if (!retries(run, schedule, outcome)) return [];
      const retry = { scheduleId: schedule.id, scheduledFor: run.scheduledFor, attempt: run.attempt + 1, runAfter: retryAfter(run, schedule, clock.now()) };
      return [queueRetryQuery(client, run.id, outcome.status, workerId, retry, now, provider)];
    });
    // The latest outcome per schedule.
    const latest = new Map<string, Outcome>();
    for (const { schedule, outcome } of batch) {
      const seen = latest.get(schedule.id);
      if (!seen || seen.startedAt <= outcome.startedAt) latest.set(schedule.id, outcome);
    }
    const lastRuns = setLastRunsQueries(
      client,
      [...latest].map(([id, o]) => ({ id, at: o.startedAt, status: o.status })),
      provider,
    );
    // One insert for the whole batch's output (a run that wrote nothing adds nothing).
    const chunks: OutputChunk[] = [];
    for (const { outcome } of batch) if (outcome.output) chunks.push(...outcome.output.remaining());
    const output = chunks.length ? insertOutputQueries(client, chunks, provider) : [];
    const all: [typeof finish, ...Prisma.PrismaPromise<unknown>[]] = [finish, ...retryQueries, ...lastRuns, ...output];
    return all;
  }

  /**
   * Writes a batch; returns the ids of the runs whose outcome was recorded and how many alerts
   * were written. Without alert rules in the batch, one batch transaction; with them, an
   * interactive one that runs the same statements, then the alerts for the recorded slots.
   */
  async function commit(batch: Finished[]): Promise<{ recorded: Set<string>; alerts: number }> {
    if (!batch.some(({ schedule }) => schedule.alerts !== null)) {
      const [finished] = (await db.$transaction(queries(db, batch))) as [{ id: string }[], ...unknown[]];
      return { recorded: new Set(finished.map((r) => r.id)), alerts: 0 };
    }
    const provider = providerOf(db);
    return db.$transaction(async (tx) => {
      const [finish, ...rest] = queries(tx as unknown as Db, batch, provider);
      const recorded = new Set((await finish).map((r) => r.id));
      for (const query of rest) await query;
      const now = new Date(clock.now());
      // A slot ends with its last attempt: a success, or a failure with no retry to come.
      const ends: SlotOutcome[] = batch
        .filter(({ run, schedule, outcome }) => schedule.alerts !== null && recorded.has(run.id) && !retries(run, schedule, outcome))
        .map(({ run, schedule, outcome }) => ({
          scheduleId: schedule.id,
          succeeded: outcome.status === "succeeded",
          run: alertRun({ id: run.id, status: outcome.status, attempt: run.attempt, scheduledFor: run.scheduledFor, startedAt: outcome.startedAt, finishedAt: outcome.finishedAt, error: outcome.error }),
        }));
      const alerts = ends.length ? await alertOnOutcomes(tx as unknown as Db, provider, ends, now) : 0;
      return { recorded, alerts };
    });
  }

  async function flush(): Promise<void> {
    while (pending.length > 0) {
      await nextTurn(); // lets this turn's outcomes join the batch, and timers run between batches
      await giveWay(deps.giveWayTo, GIVE_WAY_MAX_MS);
      const batch = pending.splice(0, BATCH);
      // A periodic flush of a run's earlier output still committing lands first (it never throws).
      const flights = new Set<Promise<void>>();
      for (const { outcome } of batch) if (outcome.output?.inFlight) flights.add(outcome.output.inFlight);
      if (flights.size) await Promise.all(flights);
      let recorded: Set<string>;
      try {
        const committed = await commit(batch);
        recorded = committed.recorded;
        if (committed.alerts > 0) alertsWritten(db); // sent at once, not at the sender's next poll
      } catch (err) {
        log.warn("could not record runs; will try again", { runs: batch.length, error: (err as Error).message });
        pending = [...batch, ...pending];
        retryLater();
        return;
      }
      failures = 0;
      for (const { run, schedule, outcome } of batch) {
        if (!recorded.has(run.id)) {
          log.warn("run outcome not recorded: the run was deleted or taken over meanwhile", { runId: run.id, status: outcome.status });
          continue;
        }
        log.info("run finished", { runId: run.id, schedule: schedule.name, status: outcome.status, durationMs: outcome.finishedAt.getTime() - outcome.startedAt.getTime() });
        deps.metrics?.runFinished(outcome.status);
      }
    }
  }

  return {
    /** Records how a run ended (group-committed, with its retry and its schedule's lastRun). */
    finish(finished: Finished) {
      pending.push(finished);
      flushSoon();
    },
    /** Writes what is pending now, once more; for shutdown. */
    async drain() {
      stopped = true;
      retryTimer?.cancel();
      retryTimer = null;
      if (pending.length) flushSoon();
      await flushing;
    },
  };
}
