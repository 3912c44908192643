// The "shell" job type: runs a command on the worker's machine, as the worker's user. Off unless
// the operator sets ALLOW_SHELL_JOBS=true (on the web app, which registers, and on the workers,
// which run): whoever may create one can run anything the worker can.
//
// Each command runs in its own session and process group, and nothing in that group outlives its
// run: a timeout or the worker's shutdown sends SIGTERM to the group and SIGKILL 5 s later, and
// so does the command's own end for whatever it left running. The SIGKILL is sent by a small
// watcher process beside each command (see WATCHER_SCRIPT), so it happens even when the worker
// exits or is killed before the 5 s are over.
import { spawn, type ChildProcess } from "node:child_process";
import { stat } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { StringDecoder } from "node:string_decoder";
import { z } from "zod";
import { env } from "../env";
import { defineEntrypoint, EntrypointError, type EntrypointSpec, type JsonValue, type RunContext } from "./types";

/** The most a command may hold: the string, or all argv items together (UTF-8). */
export const MAX_COMMAND_BYTES = 64 * 1024;
export const MAX_ARGV_ITEMS = 1000;
export const MAX_ENV_ENTRIES = 100;
/** The most the payload's variables may hold, names and values together (UTF-8). */
export const MAX_ENV_BYTES = 64 * 1024;
const MAX_ENV_NAME = 256;
const MAX_CWD = 4096;
/** How much of stdout and of stderr a run keeps: the last 64 KiB of each. */
export const OUTPUT_TAIL_BYTES = 64 * 1024;
/**
 * Between SIGTERM and SIGKILL: time for a command to clean up after itself, short enough that a
 * run's slot, or a worker's shutdown, is not held long by a command that ignores SIGTERM.
 */
export const KILL_AFTER_MS = 5_000;
/** The variables Almanac sets for each command, as the http job's delivery headers. */
export const RUN_ENV = { runId: "ALMANAC_RUN_ID", scheduleId: "ALMANAC_SCHEDULE_ID", scheduledFor: "ALMANAC_SCHEDULED_FOR", attempt: "ALMANAC_ATTEMPT" } as const;
const RESERVED_ENV_PREFIX = "ALMANAC_";
const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
/** Where a command runs whose PATH the worker does not have (a service started without one). */
const DEFAULT_PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";
/** The worker's own variables a command gets, when the worker has them: where things are and how text is encoded. Nothing else (the worker's holds DATABASE_URL, AUTH_SECRET, SECRETS_KEY). */
const PASSED_ENV = ["PATH", "LANG", "LC_ALL", "LC_CTYPE", "TZ", "TMPDIR"] as const;

export const SHELL_OFF_MESSAGE = "shell jobs are turned off: the operator turns them on with ALLOW_SHELL_JOBS=true on the web app and the workers";
export const SHELL_OFF_ON_WORKER = "shell jobs are turned off on this worker (its ALLOW_SHELL_JOBS is not true): the command was not run";

const bytes = (s: string) => Buffer.byteLength(s, "utf8");
const NUL = "\u0000";

// ---------------------------------------------------------------------------------------------
// Payloads

const commandText = z.string({ error: "must be a string" }).refine((s) => !s.includes(NUL), "must not contain NUL characters");

const userPayloadSchema = z
  .strictObject(
    {
      command: z
        // The limits are checked below (a union would hide their messages); meta shows them in the JSON Schema.
        .union([commandText.meta({ minLength: 1 }), z.array(commandText).meta({ minItems: 1, maxItems: MAX_ARGV_ITEMS })], {
          error: "must be a string (run by /bin/sh -c) or a list of strings (the program and its arguments, no shell)",
        })
        .meta({
          description:
            "A string is run by /bin/sh -c (pipes, &&, $VARS work); a list is the program and its arguments, run without a shell (the program is looked up in PATH). {{secrets.NAME}} is replaced by the team secret's value when the command runs",
        }),
      cwd: z
        .string({ error: "must be a string" })
        .max(MAX_CWD, `must be at most ${MAX_CWD} characters`)
        .refine((s) => path.isAbsolute(s), "must be an absolute path, such as /srv/backups")
        .refine((s) => !s.includes(NUL), "must not contain NUL characters")
        .optional()
        .meta({ description: "The directory the command runs in (an absolute path); default the worker user's home directory" }),
      env: z
        .record(
          z
            .string()
            .max(MAX_ENV_NAME, `a variable name must be at most ${MAX_ENV_NAME} characters`)
            .regex(ENV_NAME, "a variable name must be a letter or _, then letters, digits or _"),
          z.string({ error: "must be a string" }).refine((s) => !s.includes(NUL), "must not contain NUL characters"),
          { error: "must be an object of variable names to string values" },
        )
        .optional()
        .meta({
          description: `Environment variables for the command, beside PATH, HOME, LANG and the ALMANAC_* variables Almanac sets; at most ${MAX_ENV_ENTRIES}. Put credentials here as {{secrets.NAME}}`,
        }),
    },
    { error: "must be a JSON object" },
  )
  .superRefine((p, ctx) => {
    const commandIssue = (message: string) => ctx.addIssue({ code: "custom", path: ["command"], message });
    if (typeof p.command === "string" && p.command.trim() === "") commandIssue("must not be empty");
    if (Array.isArray(p.command)) {
      if (p.command.length === 0) commandIssue("must list at least the program to run");
      else if (p.command[0] === "") commandIssue("the program (the first item) must not be empty");
      if (p.command.length > MAX_ARGV_ITEMS) commandIssue(`must have at most ${MAX_ARGV_ITEMS} items`);
    }
    const size = typeof p.command === "string" ? bytes(p.command) : p.command.reduce((n, arg) => n + bytes(arg) + 1, 0);
    if (size > MAX_COMMAND_BYTES) commandIssue(`must be at most ${MAX_COMMAND_BYTES / 1024} KiB (is ${Math.ceil(size / 1024)} KiB)`);
    const vars = Object.entries(p.env ?? {});
    if (vars.length > MAX_ENV_ENTRIES) ctx.addIssue({ code: "custom", path: ["env"], message: `at most ${MAX_ENV_ENTRIES} variables (has ${vars.length})` });
    let envSize = 0;
    for (const [name, value] of vars) {
      envSize += bytes(name) + bytes(value) + 2;
      if (name.toUpperCase().startsWith(RESERVED_ENV_PREFIX)) {
        ctx.addIssue({ code: "custom", path: ["env", name], message: `"${name}" is set by Almanac (ALMANAC_* variables say which run this is) and cannot be given` });
      }
    }
    if (envSize > MAX_ENV_BYTES) ctx.addIssue({ code: "custom", path: ["env"], message: `must be at most ${MAX_ENV_BYTES / 1024} KiB in all (is ${Math.ceil(envSize / 1024)} KiB)` });
  });

const executionPayloadSchema = z.object({
  command: z.union([z.string().min(1), z.array(z.string()).min(1)]),
  cwd: z.string().optional(),
  env: z.record(z.string(), z.string()).optional(),
});

export type ShellUserPayload = z.output<typeof userPayloadSchema>;
export type ShellExecutionPayload = z.output<typeof executionPayloadSchema>;

/** What a run records. A stream's `...TruncatedBytes` says how much of its start was dropped to keep the last 64 KiB. */
export type ShellResult = {
  exitCode: number | null;
  signal: string | null;
  durationMs: number;
  stdout: string;
  stderr: string;
  stdoutTruncatedBytes?: number;
  stderrTruncatedBytes?: number;
};

/** The command did not exit with 0; `result` holds its exit and its output. */
export class ShellExitError extends Error {
  constructor(
    message: string,
    readonly result: ShellResult,
  ) {
    super(message);
    this.name = "ShellExitError";
  }
}

// ---------------------------------------------------------------------------------------------
// Output

/** The last `limit` bytes of a stream: whole chunks, oldest dropped first, so memory stays near `limit`. */
class Tail {
  private chunks: Buffer[] = [];
  private kept = 0;
  total = 0;
  constructor(private readonly limit: number) {}

  push(chunk: Buffer): void {
    this.total += chunk.length;
    // A chunk longer than the limit keeps its end only (copied: not a view holding the whole chunk).
    const piece = chunk.length > this.limit ? Buffer.from(chunk.subarray(chunk.length - this.limit)) : chunk;
    this.chunks.push(piece);
    this.kept += piece.length;
    while (this.chunks.length > 1 && this.kept - this.chunks[0].length >= this.limit) this.kept -= this.chunks.shift()!.length;
  }

  /** The kept text, decoded as UTF-8 from a character boundary, and how many bytes before it were dropped. */
  read(): { text: string; truncatedBytes: number } {
    let buf = Buffer.concat(this.chunks);
    if (buf.length > this.limit) buf = buf.subarray(buf.length - this.limit);
    // A cut inside a character: skip its continuation bytes (10xxxxxx), at most 3.
    let start = 0;
    while (start < 3 && start < buf.length && this.total > buf.length && (buf[start] & 0xc0) === 0x80) start++;
    buf = buf.subarray(start);
    return { text: buf.toString("utf8"), truncatedBytes: this.total - buf.length };
  }
}

/** How long `text` is inside a JSON string (escapes counted). */
const jsonLength = (text: string) => JSON.stringify(text).length - 2;

/** Drops characters from the front of `text` until its JSON length is at most `budget`; gives what is kept and the bytes dropped. */
function keepEnd(text: string, budget: number): { text: string; droppedBytes: number } {
  let excess = jsonLength(text) - budget;
  let cut = 0;
  for (const ch of text) {
    if (excess <= 0) break;
    excess -= jsonLength(ch);
    cut += ch.length;
  }
  return { text: text.slice(cut), droppedBytes: bytes(text.slice(0, cut)) };
}

/**
 * Keeps the result's JSON under `max` characters (lib/scheduler/execution.ts stores results up to
 * RESULT_MAX_BYTES): output full of control characters (\u0001 is 6 characters in JSON) is cut
 * further from its front, sharing what fits between the two streams.
 */
function fitResult(result: ShellResult, max: number): ShellResult {
  const excess = JSON.stringify(result).length - max;
  if (excess <= 0) return result;
  const out = jsonLength(result.stdout);
  const err = jsonLength(result.stderr);
  // 100: room for the truncation counters this may add.
  const budget = Math.max(0, out + err - excess - 100);
  const outBudget = Math.min(out, Math.max(Math.floor(budget / 2), budget - err));
  for (const [key, counter, keep] of [
    ["stdout", "stdoutTruncatedBytes", outBudget],
    ["stderr", "stderrTruncatedBytes", budget - outBudget],
  ] as const) {
    const kept = keepEnd(result[key], keep);
    if (kept.droppedBytes === 0) continue;
    result[key] = kept.text;
    result[counter] = (result[counter] ?? 0) + kept.droppedBytes;
  }
  return result;
}

/** JSON of the whole result (two tails, escaped) stays under this; lib/scheduler/execution.ts RESULT_MAX_BYTES is above it. */
export const SHELL_RESULT_MAX_CHARS = 2 * OUTPUT_TAIL_BYTES + 16 * 1024;

// ---------------------------------------------------------------------------------------------
// Processes

/**
 * The watcher beside each command, in its own session: it waits for a line, or for the end of its
 * stdin, which comes when the worker ends it or when the worker dies (even by SIGKILL: the kernel
 * closes the pipe). Then it sends SIGTERM to the command's group and, if there was anyone left to
 * send it to, SIGKILL 5 s later. It looks every second whether the group is gone, and then stops
 * looking: a group id is free for reuse once its last process is gone, and a SIGKILL must not
 * reach another group that got the same id. `kill -TERM -PGID` (no `--`): dash's kill does not
 * take `--`; whole seconds: POSIX sleep takes no fractions.
 */
const WATCHER_SCRIPT = [
  `read _`,
  `kill -TERM -"$1" 2>/dev/null || exit 0`,
  `i=0; while [ $i -lt ${KILL_AFTER_MS / 1000} ]; do sleep 1; kill -0 -"$1" 2>/dev/null || exit 0; i=$((i+1)); done`,
  `kill -KILL -"$1" 2>/dev/null; exit 0`,
].join("; ");

/** Commands running in this process, each settled when its group is gone (or given up on): shutdown waits for them. */
const running = new Set<Promise<void>>();

/** How many shell commands this process runs now. */
export function shellCommandsRunning(): number {
  return running.size;
}

/**
 * Resolves once every command this process started has ended and its process group is gone (or
 * was sent SIGKILL): at most KILL_AFTER_MS and a moment after they were aborted. The worker awaits
 * it on shutdown, after the scheduler's stop() aborted the runs still going.
 */
export async function shellCommandsGone(): Promise<void> {
  while (running.size > 0) await Promise.all([...running]);
}

/** The environment a command gets: a small base, the payload's variables, and the run's ALMANAC_* variables. */
export function commandEnv(payloadEnv: Record<string, string> | undefined, ctx: Pick<RunContext, "run" | "schedule">, from: NodeJS.ProcessEnv = process.env): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of PASSED_ENV) if (from[name]) out[name] = from[name]!;
  out.PATH ??= DEFAULT_PATH;
  out.LANG ??= "C.UTF-8";
  const user = safeUserInfo();
  out.HOME = user.home;
  if (user.name) Object.assign(out, { USER: user.name, LOGNAME: user.name });
  out.SHELL = "/bin/sh";
  for (const [name, value] of Object.entries(payloadEnv ?? {})) if (!name.toUpperCase().startsWith(RESERVED_ENV_PREFIX)) out[name] = value;
  out[RUN_ENV.runId] = ctx.run.id;
  out[RUN_ENV.scheduleId] = ctx.schedule.id;
  out[RUN_ENV.scheduledFor] = ctx.run.scheduledFor.toISOString();
  out[RUN_ENV.attempt] = String(ctx.run.attempt);
  return out;
}

function safeUserInfo(): { name: string | null; home: string } {
  try {
    const info = os.userInfo();
    return { name: info.username, home: info.homedir || os.homedir() };
  } catch {
    // A uid without a passwd entry (some containers).
    return { name: null, home: os.homedir() || "/" };
  }
}

async function isDirectory(dir: string): Promise<boolean> {
  return stat(dir).then(
    (s) => s.isDirectory(),
    () => false,
  );
}

function sendToGroup(pgid: number, signal: NodeJS.Signals): boolean {
  try {
    process.kill(-pgid, signal);
    return true;
  } catch {
    return false; // ESRCH: nobody left
  }
}

function describeExit(code: number | null, signal: NodeJS.Signals | null): string {
  return signal ? `the command was killed by ${signal}` : `the command exited with code ${code}`;
}

/** The last non-empty line of a stream, shortened, for the run's error message. */
function lastLine(text: string): string {
  const line = text.trimEnd().split("\n").at(-1)?.trim() ?? "";
  return line.length > 200 ? `${line.slice(0, 200)}…` : line;
}

/**
 * Runs one command to its end: spawns it in its own session with its watcher, streams its output
 * to ctx.output, stops its group on ctx.signal, and when its main process has exited, stops
 * whatever it left running. Resolves with the result, or rejects with ShellExitError (non-zero
 * exit or a signal) or an Error when it could not start.
 */
async function runCommand(payload: ShellExecutionPayload, ctx: RunContext, watcherShell: string): Promise<ShellResult> {
  if (ctx.aborted) ctx.signal.throwIfAborted();
  const cwd = payload.cwd ?? safeUserInfo().home;
  if (!(await isDirectory(cwd))) throw new Error(`cwd ${JSON.stringify(cwd)} is not a directory on this worker`);
  const [file, args] = typeof payload.command === "string" ? ["/bin/sh", ["-c", payload.command]] : [payload.command[0], payload.command.slice(1)];
  const signal = ctx.signal;
  signal.throwIfAborted();

  const startedAt = performance.now();
  // detached: setsid(), so the command leads its own session and process group (pgid = its pid).
  // The command's environment is exactly this (no NODE_ENV or anything else of the worker's).
  const childEnv = commandEnv(payload.env, ctx) as NodeJS.ProcessEnv;
  const child = spawn(file, args, { cwd, env: childEnv, detached: true, stdio: ["ignore", "pipe", "pipe"] });
  const pgid = child.pid;
  // Spawned in the same tick as the command: a worker killed between the two lines would leave the
  // command unwatched, a window of microseconds.
  const watcher: ChildProcess | null = pgid === undefined ? null : spawn(watcherShell, ["-c", WATCHER_SCRIPT, "almanac-shell-watch", String(pgid)], { detached: true, stdio: ["pipe", "ignore", "ignore"] });
  // A command nobody would stop if the worker died is not left running: no watcher (fork failed,
  // /bin/sh missing), no command.
  let unwatched: Error | null = null;
  if (watcher) {
    watcher.on("error", (err) => {
      unwatched = err;
      sendToGroup(pgid!, "SIGKILL");
    });
    watcher.stdin!.on("error", () => {}); // EPIPE if the watcher has gone
    watcher.unref();
    (watcher.stdin as unknown as { unref?: () => void }).unref?.();
  }
  /** Tells the watcher to stop the group now (SIGTERM, SIGKILL 5 s later if anyone is left). */
  const release = () => {
    if (watcher && !watcher.stdin!.destroyed) watcher.stdin!.end("\n");
  };

  // Live output is for watching: a failure to pass it on must not end the run, nor the worker.
  let outputBroken = false;
  const emit = (stream: "stdout" | "stderr", text: string) => {
    if (outputBroken) return;
    try {
      ctx.output(stream, text);
    } catch (err) {
      outputBroken = true;
      ctx.log("the command's live output could not be passed on; its result keeps the last 64 KiB", { error: (err as Error).message });
    }
  };
  const streams = { stdout: new Tail(OUTPUT_TAIL_BYTES), stderr: new Tail(OUTPUT_TAIL_BYTES) };
  for (const name of ["stdout", "stderr"] as const) {
    const decoder = new StringDecoder("utf8");
    const stream = child[name]!;
    stream.on("data", (chunk: Buffer) => {
      streams[name].push(chunk);
      const text = decoder.write(chunk);
      if (text) emit(name, text);
    });
    stream.on("end", () => {
      const rest = decoder.end();
      if (rest) emit(name, rest);
    });
  }

  const onAbort = () => {
    if (pgid !== undefined) sendToGroup(pgid, "SIGTERM");
    release();
  };

  const done = new Promise<ShellResult>((resolve, reject) => {
    let exit: { code: number | null; signal: NodeJS.Signals | null } | null = null;
    let closeCap: NodeJS.Timeout | null = null;
    let settled = false;
    const finish = (err?: Error) => {
      if (settled) return;
      settled = true;
      signal.removeEventListener("abort", onAbort);
      if (closeCap) clearTimeout(closeCap);
      release();
      if (err) return reject(err);
      if (unwatched) return reject(new Error(`could not start the process that watches the command (${(unwatched as Error).message}), so the command was killed`));
      const out = streams.stdout.read();
      const errOut = streams.stderr.read();
      const result: ShellResult = fitResult(
        {
          exitCode: exit!.code,
          signal: exit!.signal,
          durationMs: Math.round(performance.now() - startedAt),
          stdout: out.text,
          stderr: errOut.text,
          ...(out.truncatedBytes ? { stdoutTruncatedBytes: out.truncatedBytes } : {}),
          ...(errOut.truncatedBytes ? { stderrTruncatedBytes: errOut.truncatedBytes } : {}),
        },
        SHELL_RESULT_MAX_CHARS,
      );
      if (exit!.code === 0 && !signal.aborted) return resolve(result);
      const base = signal.aborted ? `${describeExit(exit!.code, exit!.signal)} after it was stopped (${(signal.reason as Error | undefined)?.message ?? "aborted"})` : describeExit(exit!.code, exit!.signal);
      const detail = lastLine(result.stderr);
      reject(new ShellExitError(detail ? `${base}: ${detail}` : base, result));
    };
    child.once("error", (err: NodeJS.ErrnoException) => {
      // Could not start (ENOENT, EACCES): there is no process, nor group.
      if (pgid === undefined) finish(new Error(`could not start ${JSON.stringify(file)}: ${err.code === "ENOENT" ? "no such program (looked up in PATH)" : err.message}`));
    });
    child.once("exit", (code, sig) => {
      exit = { code, signal: sig };
      // The main process is gone; whatever it left in its group is stopped now. Its output is
      // complete when every holder of the pipes has exited: at most KILL_AFTER_MS from here,
      // unless something left the group (setsid) holding them, which is not waited for.
      release();
      closeCap = setTimeout(() => {
        child.stdout?.destroy();
        child.stderr?.destroy();
        finish();
      }, KILL_AFTER_MS + 1_000);
    });
    child.once("close", () => {
      if (exit) finish();
    });
  });
  if (pgid !== undefined) {
    signal.addEventListener("abort", onAbort, { once: true });
    const tracked = done.then(
      () => undefined,
      () => undefined,
    );
    running.add(tracked);
    void tracked.then(() => running.delete(tracked));
  }
  return done;
}

// ---------------------------------------------------------------------------------------------
// The spec

export type ShellEntrypointOptions = {
  /** Whether this process may register and run shell jobs (default: ALLOW_SHELL_JOBS, read when asked). */
  enabled?: () => boolean;
  /** The shell the watcher beside each command runs in (for tests: one that cannot start). */
  watcherShell?: string;
};

export function createShellEntrypoint({ enabled = () => env().ALLOW_SHELL_JOBS, watcherShell = "/bin/sh" }: ShellEntrypointOptions = {}): EntrypointSpec<ShellUserPayload, ShellExecutionPayload> {
  return defineEntrypoint<ShellUserPayload, ShellExecutionPayload>({
    key: "shell",
    title: "Run a command",
    description:
      "Runs a command on the worker's machine as the worker's user, in its own process group: a string through /bin/sh -c, a list without a shell. Exit code 0 is success; the last 64 KiB of stdout and of stderr are kept. A timeout sends SIGTERM to the command and everything it started, SIGKILL 5 s later. Off unless the operator sets ALLOW_SHELL_JOBS=true; only team admins and owners may create or change shell schedules.",
    userPayloadSchema,
    executionPayloadSchema,

    async register(input) {
      if (!enabled()) throw new EntrypointError(SHELL_OFF_MESSAGE);
      const stored: ShellExecutionPayload = { command: input.command };
      if (input.cwd !== undefined) stored.cwd = input.cwd;
      if (input.env !== undefined && Object.keys(input.env).length > 0) stored.env = input.env;
      return stored;
    },

    async validateExecution() {
      if (!enabled()) throw new EntrypointError(SHELL_OFF_ON_WORKER);
    },

    async execute(payload, ctx) {
      const result = await runCommand(payload, ctx, watcherShell);
      return result as unknown as JsonValue;
    },

    // {{secrets.NAME}} in the command and the env values: filled in by the worker before each run.
    secretFields: ["command", "env"],

    present(payload) {
      const out: { [k: string]: JsonValue } = { command: payload.command };
      if (payload.cwd !== undefined) out.cwd = payload.cwd;
      if (payload.env !== undefined) out.env = payload.env;
      return out;
    },
  });
}

export const shellEntrypoint = createShellEntrypoint();
