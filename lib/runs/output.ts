// A run's output on the worker side: what its job writes (a process's stdout and stderr, the job's
// own log lines), redacted, capped and numbered, then written to RunOutput rows in group commits.
//
// Each run that writes gets a RunOutputWriter (opened by startExecution on the first write): it holds the
// chunks not yet handed to the database. The process's OutputFlusher takes the pending chunks of
// every open run every FLUSH_INTERVAL_MS and writes them in one statement; a run's last chunks go
// with its outcome instead (lib/scheduler/recorder.ts inserts them in the outcome's transaction,
// after waiting for a flush of that run still in flight), so a reader that sees the run finished
// has all of its output. A flush that fails hands its chunks back to their runs: the next flush,
// or the outcome, writes them.
import { providerOf, type Db } from "../db/client";
import type { OutputStream } from "../entrypoints/types";
import type { Logger } from "../log";
import type { Clock, TimerHandle } from "../scheduler/clock";
import { sqliteInstant } from "../scheduler/sql";
import type { Tasks } from "../scheduler/tasks";
import type { Redactor } from "../secrets/references";

/** Output kept per run, in UTF-8 bytes; the rest is counted (a last chunk `dropped`) and dropped. */
export const OUTPUT_MAX_BYTES = 1024 * 1024;
/**
 * How often pending output is written: often enough to look live on the schedule page, seldom
 * enough that a burst of thousands of runs writing costs a few statements a second, not one per chunk.
 */
export const FLUSH_INTERVAL_MS = 250;
/** Consecutive writes to one stream between two flushes join one chunk up to this many bytes. */
const CHUNK_MAX_BYTES = 64 * 1024;
/** Rows per insert statement, and text bytes at most (a flush of many chatty runs takes a few). */
const ROWS_PER_STATEMENT = 500;
const BYTES_PER_STATEMENT = 4 * 1024 * 1024;
/** A failed flush is tried again after 0.5 s, doubling up to 30 s. */
const RETRY_FIRST_MS = 500;
const RETRY_MAX_MS = 30_000;

/** The stream of the last chunk of a run that wrote past OUTPUT_MAX_BYTES: its text is the count of bytes dropped. */
export const DROPPED_STREAM = "dropped";

export type OutputChunk = { runId: string; seq: number; stream: OutputStream | typeof DROPPED_STREAM; text: string; at: Date };

/** What the recorder needs of a finished run's output: its chunks not yet written, once any flush of them has settled. */
export type OutputTail = {
  /** The flush this run's chunks are part of, while it commits; never rejects. */
  readonly inFlight: Promise<void> | null;
  /** The chunks still to write (after the run ended: all of them, the held-back tail and `dropped` included). */
  remaining(): readonly OutputChunk[];
};

const utf8 = (s: string) => Buffer.byteLength(s, "utf8");

/** The longest start of `text` that is at most `bytes` UTF-8 bytes, cut between characters. */
export function cutUtf8(text: string, bytes: number): string {
  if (bytes <= 0) return "";
  const buf = Buffer.from(text, "utf8");
  if (buf.length <= bytes) return text;
  let end = bytes;
  while (end > 0 && (buf[end] & 0xc0) === 0x80) end--; // not inside a character's continuation bytes
  return buf.subarray(0, end).toString("utf8");
}

/** One line of the job's log as its output shows it: the message, then its fields as key=value. */
export function logLine(message: string, fields?: Record<string, unknown>): string {
  let line = message;
  if (fields) {
    for (const [k, v] of Object.entries(fields)) {
      if (v !== undefined) line += ` ${k}=${typeof v === "string" ? v : JSON.stringify(v)}`;
    }
  }
  return line.endsWith("\n") ? line : `${line}\n`;
}

/**
 * One run's output while it runs. Filled by write() (ctx.output, ctx.log); drained by the flusher
 * (take) while the run is open and by the recorder (remaining) once it is closed.
 */
export class RunOutputWriter implements OutputTail {
  private seq = 0;
  private kept = 0;
  private dropped = 0;
  private lastChunkBytes = 0;
  private pending: OutputChunk[] = [];
  // The end of a stream's text that could be the start of a secret's value: kept back until more
  // text comes (then redacted with it) or the run ends.
  private held = { stdout: "", stderr: "" };
  closed = false;
  inFlight: Promise<void> | null = null;

  constructor(
    readonly runId: string,
    private readonly now: () => number,
    /** The run's redactor, once it has read a secret (it may gain values while the run goes on). */
    private readonly redactor: () => Redactor | null = () => null,
    /** Called when the run has chunks pending again: the flusher takes them at its next tick. */
    private readonly onPending: (output: RunOutputWriter) => void = () => {},
  ) {}

  write(stream: OutputStream, text: string): void {
    if (this.closed || !text) return;
    const redactor = this.redactor();
    if (!redactor || redactor.empty || stream === "log") {
      // Log lines come whole: nothing to hold back.
      let held = "";
      if (stream !== "log" && this.held[stream]) {
        held = this.held[stream];
        this.held[stream] = "";
      }
      this.keep(stream, redactor ? redactor.redact(held + text) : held + text);
      return;
    }
    const all = redactor.redact(this.held[stream] + text);
    let n = redactor.safeLength(all);
    if (n > 0 && n < all.length && isHighSurrogate(all.charCodeAt(n - 1))) n--; // a character is not split
    this.held[stream] = all.slice(n);
    if (n > 0) this.keep(stream, all.slice(0, n));
  }

  /** Ends the output: the held-back text is written as it is, and the count of bytes dropped, if any. */
  close(): void {
    if (this.closed) return;
    if (this.held.stdout) this.keep("stdout", this.held.stdout);
    if (this.held.stderr) this.keep("stderr", this.held.stderr);
    this.held = { stdout: "", stderr: "" };
    if (this.dropped > 0) this.pending.push({ runId: this.runId, seq: ++this.seq, stream: DROPPED_STREAM, text: String(this.dropped), at: new Date(this.now()) });
    this.closed = true;
  }

  /** Whether the run wrote anything at all (a run that did not costs its outcome nothing). */
  get written(): boolean {
    return this.seq > 0;
  }

  /** For the flusher: the chunks pending now, taken out. */
  take(): OutputChunk[] {
    const taken = this.pending;
    this.pending = [];
    return taken;
  }

  /** For the flusher: chunks it could not write, back in front of the ones written since. */
  putBack(chunks: OutputChunk[]): void {
    const wasEmpty = this.pending.length === 0;
    this.pending = [...chunks, ...this.pending];
    if (wasEmpty && !this.closed) this.onPending(this);
  }

  remaining(): readonly OutputChunk[] {
    return this.pending;
  }

  private keep(stream: OutputStream, raw: string): void {
    if (!raw) return;
    // PostgreSQL's text cannot hold NUL; a process may well write one.
    const text = raw.includes("\0") ? raw.replaceAll("\0", "\uFFFD") : raw;
    if (this.dropped > 0) {
      // Past the cap everything is dropped, so what is kept is a beginning, without holes.
      this.dropped += utf8(text);
      return;
    }
    let part = text;
    let size = utf8(text);
    if (this.kept + size > OUTPUT_MAX_BYTES) {
      part = cutUtf8(text, OUTPUT_MAX_BYTES - this.kept);
      const partSize = utf8(part);
      this.dropped += size - partSize;
      size = partSize;
      if (!part) return;
    }
    this.kept += size;
    const last = this.pending.at(-1);
    if (last && last.seq === this.seq && last.stream === stream && this.lastChunkBytes + size <= CHUNK_MAX_BYTES) {
      last.text += part;
      this.lastChunkBytes += size;
      return;
    }
    const wasEmpty = this.pending.length === 0;
    this.pending.push({ runId: this.runId, seq: ++this.seq, stream, text: part, at: new Date(this.now()) });
    this.lastChunkBytes = size;
    if (wasEmpty) this.onPending(this);
  }
}

const isHighSurrogate = (code: number) => code >= 0xd800 && code <= 0xdbff;

/**
 * Inserts chunks, leaving out those of runs that no longer exist (deleted with their schedule
 * meanwhile: without the guard, one such run would fail the whole statement with a foreign-key
 * violation) and those written already (a retried commit). Several statements for a large batch;
 * not awaited: for db.$transaction([...]). Inside an interactive transaction pass `provider`.
 */
export function insertOutputQueries(db: Db, chunks: readonly OutputChunk[], provider = providerOf(db)) {
  const queries = [];
  for (const group of statementGroups(chunks)) {
    if (provider === "postgresql") {
      queries.push(
        db.$executeRawUnsafe(
          `INSERT INTO "RunOutput" ("runId", "seq", "stream", "text", "at")
           SELECT v.run_id, v.seq, v.stream, v.text, v.at
           FROM unnest($1::text[], $2::int[], $3::text[], $4::text[], $5::timestamp[]) AS v(run_id, seq, stream, text, at)
           WHERE EXISTS (SELECT 1 FROM "Run" r WHERE r."id" = v.run_id)
           ON CONFLICT DO NOTHING`,
          group.map((c) => c.runId),
          group.map((c) => c.seq),
          group.map((c) => c.stream),
          group.map((c) => c.text),
          group.map((c) => c.at.toISOString()),
        ),
      );
    } else {
      // The rows as one JSON parameter (see sql.ts); instants stored as Prisma stores them.
      queries.push(
        db.$executeRawUnsafe(
          `INSERT INTO "RunOutput" ("runId", "seq", "stream", "text", "at")
           SELECT value ->> 0, value ->> 1, value ->> 2, value ->> 3, value ->> 4 FROM json_each(?)
           WHERE EXISTS (SELECT 1 FROM "Run" WHERE "Run"."id" = value ->> 0)
           ON CONFLICT DO NOTHING`,
          JSON.stringify(group.map((c) => [c.runId, c.seq, c.stream, c.text, sqliteInstant(c.at)])),
        ),
      );
    }
  }
  return queries;
}

function statementGroups(chunks: readonly OutputChunk[]): OutputChunk[][] {
  const groups: OutputChunk[][] = [];
  let group: OutputChunk[] = [];
  let bytes = 0;
  for (const chunk of chunks) {
    // text.length: UTF-16 units, a cheap bound near enough to the bytes for sizing statements.
    if (group.length > 0 && (group.length >= ROWS_PER_STATEMENT || bytes + chunk.text.length > BYTES_PER_STATEMENT)) {
      groups.push(group);
      group = [];
      bytes = 0;
    }
    group.push(chunk);
    bytes += chunk.text.length;
  }
  if (group.length) groups.push(group);
  return groups;
}

export type OutputFlusher = ReturnType<typeof createOutputFlusher>;

/**
 * The process's writer of running runs' output: every FLUSH_INTERVAL_MS, the chunks pending in all
 * open runs in one statement (a few for a large flush), one flush at a time.
 */
export function createOutputFlusher(deps: { db: Db; clock: Clock; log: Logger; tasks: Tasks; intervalMs?: number }) {
  const { db, clock, log, tasks } = deps;
  const intervalMs = deps.intervalMs ?? FLUSH_INTERVAL_MS;
  // Filled by RunOutputWriter's onPending (a run with chunks pending again); drained by each flush.
  // Closed runs drop out: their chunks go with their outcome.
  const dirty = new Set<RunOutputWriter>();
  let timer: TimerHandle | null = null;
  let flight: Promise<void> | null = null;
  let failures = 0;
  let stopped = false;

  function arm(ms: number) {
    if (timer || stopped) return;
    timer = clock.setTimer(() => {
      timer = null;
      flush();
    }, ms);
  }

  function flush() {
    if (flight) return; // the flight re-arms when it lands
    const runs = [...dirty].filter((o) => !o.closed);
    dirty.clear();
    const taken = runs.map((o) => o.take());
    const chunks = taken.flat();
    if (chunks.length === 0) return;
    const current: Promise<void> = db.$transaction(insertOutputQueries(db, chunks)).then(
      () => {
        failures = 0;
      },
      (err: unknown) => {
        log.warn("could not write run output; will try again", { runs: runs.length, chunks: chunks.length, error: (err as Error).message });
        failures++;
        // Back to their runs: the next flush writes them, or the outcome of a run that ended meanwhile.
        runs.forEach((o, i) => o.putBack(taken[i]));
      },
    );
    flight = current;
    for (const o of runs) o.inFlight = current;
    tasks.track(
      current.finally(() => {
        flight = null;
        for (const o of runs) if (o.inFlight === current) o.inFlight = null;
        if (dirty.size > 0) arm(failures ? Math.min(RETRY_MAX_MS, RETRY_FIRST_MS * 2 ** (failures - 1)) : intervalMs);
      }),
    );
  }

  return {
    /** Opens the output of a run: chunks it writes are flushed at the next tick. */
    open(runId: string, redactor?: () => Redactor | null): RunOutputWriter {
      return new RunOutputWriter(runId, () => clock.now(), redactor, (o) => {
        dirty.add(o);
        arm(intervalMs);
      });
    },
    /** Stops the ticks and waits for a flush in flight (after the executions ended: their outcomes hold the rest). */
    async stop() {
      stopped = true;
      timer?.cancel();
      timer = null;
      await flight;
    },
  };
}
