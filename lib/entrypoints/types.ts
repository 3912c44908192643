// The shape of a job type ("entrypoint"): what a user sends, what is stored on the schedule, how
// it is checked before each run, and how it runs. The REST API and the worker use only these.
import type { z } from "zod";

export type JsonValue = string | number | boolean | null | JsonValue[] | { [k: string]: JsonValue };

export type RunContext = {
  /** Aborted on timeout or shutdown: stop work promptly. */
  signal: AbortSignal;
  /** Whether `signal` has fired; cheaper than reading `signal`, which the worker makes only for jobs that ask for it. */
  readonly aborted: boolean;
  log: (message: string, fields?: Record<string, unknown>) => void;
  /**
   * Writes to the run's output: shown live on the schedule page and kept with the run (capped at
   * OUTPUT_MAX_BYTES, lib/runs/output.ts). Team secrets' values are redacted before it is stored.
   */
  output: (stream: OutputStream, text: string) => void;
  /**
   * The value of the team's secret `name`, read and unsealed now (only workers can). Its value is
   * then redacted from everything the run records: result, error, output and logs. Rejects with
   * EntrypointError when the team has no such secret or it cannot be unsealed.
   */
  secret: (name: string) => Promise<string>;
  schedule: { id: string; name: string; teamId: string; timezone: string };
  run: { id: string; attempt: number; scheduledFor: Date; trigger: "schedule" | "manual" | "retry" | "ping" };
};

/** Where a line of a run's output came from: a process's stdout or stderr, or the job's own log. */
export type OutputStream = "stdout" | "stderr" | "log";

/** What registration knows of the schedule's team; without it, the checks that need the team are skipped. */
export type RegisterContext = {
  teamId: string;
  /** The names of the team's secrets, asked only when the payload names one (not given: the team has none). */
  teamSecrets?: () => Promise<Set<string>>;
};

/** Whether jobs may reach loopback, private, link-local and metadata addresses; default from env().ALLOW_PRIVATE_NETWORK_TARGETS. */
export type NetworkPolicy = { allowPrivateNetwork: boolean };

export type EntrypointSpec<UserPayload = unknown, ExecPayload = unknown> = {
  key: string;
  title: string;
  description: string;
  /** What API clients send as `payload`. */
  userPayloadSchema: z.ZodType<UserPayload>;
  /** What is stored in Schedule.payload. */
  executionPayloadSchema: z.ZodType<ExecPayload>;
  /**
   * The registration validator: user payload -> execution payload. `previous` is the stored payload
   * of the schedule being edited; `context` says whose schedule it is (absent: checks that need the
   * team are skipped). May throw EntrypointError.
   */
  register(input: UserPayload, policy: NetworkPolicy, previous?: ExecPayload, context?: RegisterContext): Promise<ExecPayload>;
  /** The execution validator, before each run; throws EntrypointError. */
  validateExecution(payload: ExecPayload, policy: NetworkPolicy): Promise<void>;
  /** The executor; its value is the result stored on the run. */
  execute(payload: ExecPayload, ctx: RunContext, policy: NetworkPolicy): Promise<JsonValue>;
  /** The payload as the API shows it (secrets masked). */
  present(payload: ExecPayload): JsonValue;
  /**
   * The payload's top-level fields whose strings may name team secrets (`{{secrets.NAME}}`):
   * the worker fills them in before the execution validator runs (lib/secrets/fill.ts). A
   * reference anywhere else is refused at registration. None: the type takes no references.
   */
  secretFields?: readonly string[];
};

/** A payload the job type refuses; `field` is a path inside the payload, e.g. "url" or "headers.Authorization". */
export class EntrypointError extends Error {
  constructor(
    message: string,
    readonly field?: string,
  ) {
    super(message);
    this.name = "EntrypointError";
  }
}

/** Identity, for type inference when writing a spec. */
export function defineEntrypoint<U, E>(spec: EntrypointSpec<U, E>): EntrypointSpec<U, E> {
  return spec;
}
