// One run executing: the context its job gets, how it is stopped (its timeout, or shutdown), and
// its outcome. An execution ends once: when its job settles, or at once when it is aborted (a job
// that ignores its signal is abandoned: its slot is freed and its outcome recorded all the same).
//
// A burst starts thousands of these a second, so an execution is one plain object with one
// promise (`ended`): no async wrappers, no race, and the AbortController only if the job asks
// for its signal.
import type { Prisma } from "../db/client";
import { EntrypointError, type JsonValue, type RunContext } from "../entrypoints/types";
import { logLine, RunOutputWriter } from "../runs/output";
import { Redactor } from "../secrets/references";
import type { Logger } from "../log";
import type { Clock, TimerHandle } from "./clock";
import type { Outcome, ScheduleSnapshot, SlotRun } from "./store";

// Room for a shell job's two 64 KiB output tails and their JSON escaping (lib/entrypoints/shell.ts
// keeps its result under SHELL_RESULT_MAX_CHARS, 144 KiB); other job types' results are far smaller.
export const RESULT_MAX_BYTES = 160 * 1024;

export type RunFn = (entrypoint: string, payload: unknown, ctx: RunContext) => Promise<JsonValue>;
export type Job = { run: SlotRun; schedule: ScheduleSnapshot };

export class ShutdownAbort extends Error {
  override name = "WorkerShutdown";
}
class TimeoutAbort extends Error {
  override name = "Timeout";
}

/** A result small enough to keep: at most RESULT_MAX_BYTES (160 Ki characters) of JSON, or a truncated preview with a marker. */
export function boundedResult(value: unknown): Prisma.InputJsonValue {
  const text = JSON.stringify(value ?? null);
  if (text.length <= RESULT_MAX_BYTES) return (value ?? null) as Prisma.InputJsonValue;
  return { truncated: true, originalBytes: text.length, preview: text.slice(0, RESULT_MAX_BYTES - 200) };
}

function errorJson(err: unknown, redactor?: Redactor): Prisma.InputJsonValue {
  const e = err instanceof Error ? err : new Error(String(err));
  const message = redactor ? redactor.redact(e.message) : e.message;
  return { name: e.name, message: message.slice(0, 2000) };
}

/** Reads and unseals a team's secret for a run (lib/secrets/resolve.ts); only workers have one. */
export type SecretReader = (teamId: string, name: string) => Promise<string>;

export type Execution = {
  readonly job: Job;
  /** Resolves when the execution has ended and `onEnd` has been called. */
  readonly ended: Promise<void>;
  /** Ends the execution now with the outcome `reason` calls for (ShutdownAbort: lost). */
  abort(reason: Error): void;
};

/**
 * Starts `job` now: logs its start, arms its timeout, calls `run`, and calls `onEnd` once with
 * its outcome.
 */
export function startExecution(
  job: Job,
  deps: {
    clock: Clock;
    log: Logger;
    run: RunFn;
    maxTimeoutSeconds?: number;
    secret?: SecretReader;
    /** Opens the run's output (OutputFlusher.open); without it, the output goes with the outcome only. */
    openOutput?: (runId: string, redactor: () => Redactor | null) => RunOutputWriter;
  },
  onEnd: (outcome: Outcome) => void,
): Execution {
  const { run, schedule } = job;
  const { clock, log } = deps;
  // A timeout stored before the operator lowered MAX_TIMEOUT_SECONDS holds a slot no longer than it.
  const timeoutSeconds = Math.min(schedule.timeoutSeconds, deps.maxTimeoutSeconds ?? Infinity);
  const startedAt = new Date(clock.now());
  let controller: AbortController | null = null;
  let reason: Error | null = null;
  let over = false;
  // The values of the team secrets this run read: hidden from everything it records.
  let redactor: Redactor | null = null;
  // Opened on the first write: a run that writes nothing costs nothing here or in its outcome.
  let output: RunOutputWriter | null = null;
  const openOutput = () => (output ??= deps.openOutput ? deps.openOutput(run.id, () => redactor) : new RunOutputWriter(run.id, () => clock.now(), () => redactor));
  let resolveEnded!: () => void;
  const ended = new Promise<void>((resolve) => (resolveEnded = resolve));

  function end(status: Outcome["status"], result?: Prisma.InputJsonValue, error?: Prisma.InputJsonValue) {
    if (over) return;
    over = true;
    timeout.cancel();
    output?.close();
    onEnd({ status, startedAt, finishedAt: new Date(clock.now()), result, error, ...(output?.written ? { output } : {}) });
    resolveEnded();
  }

  function abort(why: Error) {
    if (over || reason) return;
    reason = why;
    controller?.abort(why);
    if (why instanceof ShutdownAbort) end("lost", undefined, { name: "Lost", message: "worker shutdown" });
    else end("timed_out", undefined, errorJson(why, redactor ?? undefined));
  }

  log.info("run started", { runId: run.id, schedule: schedule.name, trigger: run.trigger, attempt: run.attempt, latenessMs: startedAt.getTime() - run.scheduledFor.getTime() });
  const timeout: TimerHandle = clock.setTimer(() => abort(new TimeoutAbort(`timed out after ${timeoutSeconds} s`)), timeoutSeconds * 1000);
  const ctx: RunContext = {
    get signal() {
      controller ??= new AbortController();
      if (reason && !controller.signal.aborted) controller.abort(reason);
      return controller.signal;
    },
    get aborted() {
      return reason !== null;
    },
    log: (message, fields) => {
      if (redactor) log.info(redactor.redact(message), { runId: run.id, ...(fields ? (redactor.redactJson(fields) as Record<string, unknown>) : {}) });
      else log.info(message, { runId: run.id, ...fields });
      if (!over) openOutput().write("log", logLine(message, fields)); // redacted by the output
    },
    output: (stream, text) => {
      if (!over) openOutput().write(stream, text);
    },
    async secret(name) {
      if (!deps.secret) throw new EntrypointError("team secrets are read only by workers");
      const value = await deps.secret(schedule.teamId, name);
      (redactor ??= new Redactor()).add(name, value);
      return value;
    },
    schedule: { id: schedule.id, name: schedule.name, teamId: schedule.teamId, timezone: schedule.timezone },
    run: { id: run.id, attempt: run.attempt, scheduledFor: run.scheduledFor, trigger: run.trigger },
  };
  let pending: Promise<JsonValue>;
  try {
    pending = deps.run(schedule.entrypoint, schedule.payload, ctx);
    // A job type written without async may return its value, or throw, without a promise.
    if (!(pending instanceof Promise)) pending = Promise.resolve(pending);
  } catch (err) {
    pending = Promise.reject(err);
  }
  pending.then(
    (value) => {
      let result: Prisma.InputJsonValue;
      try {
        result = boundedResult(redactor ? redactor.redactJson(value) : value);
      } catch (err) {
        return end("failed", undefined, errorJson(err, redactor ?? undefined)); // a result JSON cannot hold (a cycle, a BigInt)
      }
      end("succeeded", result);
    },
    (err: unknown) => {
      const partial = (err as { result?: unknown } | null)?.result;
      let result: Prisma.InputJsonValue | undefined;
      try {
        result = partial === undefined ? undefined : boundedResult(redactor ? redactor.redactJson(partial) : partial);
      } catch {
        result = undefined;
      }
      end("failed", result, errorJson(err, redactor ?? undefined));
    },
  );
  return { job, ended, abort };
}
