// A run's output as the API serves it (GET /api/v1/runs/{id}/output): one page of JSON, or Server-
// Sent Events that follow the run while it goes on. The web process and the workers are separate
// processes and the database is the single source of truth, so the events come from polling it:
// each poll reads the run's status first, then its chunks after the last one sent. A run's last
// chunks commit with its outcome (lib/scheduler/recorder.ts), so once a poll has seen the run
// finished, the chunks read after that are all there is: then `end`.
import { notFound } from "../api/errors";
import type { Db } from "../db/client";
import { readableTeams, type TeamAccess } from "../teams/access";
import type { OutputChunkOut, RunOutputEnd, RunOutputOut, RunOutputQuery } from "../validation/run-output";
import { DROPPED_STREAM } from "./output";

/** How often an event stream looks for new output: live enough to watch, a small query each time. */
export const POLL_MS = 400;
/** A comment this often keeps proxies from closing a quiet stream. */
export const HEARTBEAT_MS = 15_000;
/** Chunks read per poll; a run with more is read again at once. */
const READ_BATCH = 500;

const UNFINISHED = new Set(["queued", "running"]);
export const isFinished = (status: string) => !UNFINISHED.has(status);

type ChunkRow = { seq: number; stream: string; text: string; at: Date };
const chunkOut = (c: ChunkRow): OutputChunkOut => ({ seq: c.seq, stream: c.stream as OutputChunkOut["stream"], text: c.text, at: c.at.toISOString() });

/** The run, if it is a run of one of the caller's teams (any role); a 404 otherwise. */
export async function findRunForOutput(db: Db, access: TeamAccess, runId: string): Promise<{ id: string; status: string }> {
  const run = await db.run.findFirst({ where: { id: runId, schedule: { teamId: { in: readableTeams(access) } } }, select: { id: true, status: true } });
  if (!run) throw notFound("No such run");
  return run;
}

const readChunks = (db: Db, runId: string, after: number, take: number) =>
  db.runOutput.findMany({ where: { runId, seq: { gt: after } }, orderBy: { seq: "asc" }, take, select: { seq: true, stream: true, text: true, at: true } });

/** One page of the run's output, chunks after `query.after` in order. */
export async function readOutputPage(db: Db, run: { id: string; status: string }, query: RunOutputQuery): Promise<RunOutputOut> {
  // Status first, then chunks: a run seen finished has all its chunks in the read that follows.
  const status = (await db.run.findUnique({ where: { id: run.id }, select: { status: true } }))?.status ?? run.status;
  const rows = await readChunks(db, run.id, query.after, query.limit + 1);
  const more = rows.length > query.limit;
  const page = more ? rows.slice(0, query.limit) : rows;
  let droppedBytes = 0;
  const dropped = page.find((c) => c.stream === DROPPED_STREAM) ?? (more ? await db.runOutput.findFirst({ where: { runId: run.id, stream: DROPPED_STREAM }, select: { text: true } }) : null);
  if (dropped) droppedBytes = Number(dropped.text);
  const chunks = page.filter((c) => c.stream !== DROPPED_STREAM).map(chunkOut);
  return {
    runId: run.id,
    status,
    finished: isFinished(status),
    chunks,
    droppedBytes,
    bytes: chunks.reduce((n, c) => n + Buffer.byteLength(c.text, "utf8"), 0),
    nextAfter: more ? page[page.length - 1].seq : null,
  };
}

/**
 * The run's output as Server-Sent Events from after `after`: `output` events (id = seq), then one
 * `end` once the run is finished and every chunk has been sent; a comment every HEARTBEAT_MS.
 * Stops when `signal` aborts (the client went away). A database error closes the stream: the
 * browser's EventSource reconnects with Last-Event-ID and goes on from there.
 */
export function outputEvents(db: Db, runId: string, after: number, signal: AbortSignal, timing: { pollMs?: number; heartbeatMs?: number } = {}): ReadableStream<Uint8Array> {
  const pollMs = timing.pollMs ?? POLL_MS;
  const heartbeatMs = timing.heartbeatMs ?? HEARTBEAT_MS;
  const encoder = new TextEncoder();
  let closed = false;
  let wake: (() => void) | null = null;
  const stop = () => {
    closed = true;
    wake?.();
  };
  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(() => {
        wake = null;
        resolve();
      }, ms);
      wake = () => {
        clearTimeout(timer);
        wake = null;
        resolve();
      };
    });

  return new ReadableStream<Uint8Array>({
    async start(controller) {
      if (signal.aborted) return controller.close();
      signal.addEventListener("abort", stop, { once: true });
      let lastWrite = Date.now();
      const send = (text: string) => {
        if (closed) return;
        controller.enqueue(encoder.encode(text));
        lastWrite = Date.now();
      };
      let last = after;
      let droppedBytes = 0;
      try {
        send("retry: 2000\n\n");
        while (!closed) {
          const run = await db.run.findUnique({ where: { id: runId }, select: { status: true } });
          if (!run) {
            send(`event: end\ndata: ${JSON.stringify({ status: null, droppedBytes } satisfies RunOutputEnd)}\n\n`);
            break;
          }
          const rows = await readChunks(db, runId, last, READ_BATCH);
          for (const row of rows) {
            last = row.seq;
            if (row.stream === DROPPED_STREAM) droppedBytes = Number(row.text);
            else send(`id: ${row.seq}\nevent: output\ndata: ${JSON.stringify(chunkOut(row))}\n\n`);
          }
          if (rows.length === READ_BATCH) continue; // more to read now
          if (isFinished(run.status)) {
            send(`event: end\ndata: ${JSON.stringify({ status: run.status, droppedBytes } satisfies RunOutputEnd)}\n\n`);
            break;
          }
          if (Date.now() - lastWrite >= heartbeatMs) send(": keep-alive\n\n");
          await sleep(pollMs);
        }
      } catch {
        // Closed below; the client reconnects and resumes.
      } finally {
        signal.removeEventListener("abort", stop);
        closed = true;
        try {
          controller.close();
        } catch {
          // already closed: the client cancelled
        }
      }
    },
    cancel() {
      stop();
    },
  });
}
