// A run's output: stdout chunks to stdout, stderr chunks and the job's log lines to stderr (log
// lines dimmed on a terminal). Printing what is stored pages through the JSON form; following a
// run reads the Server-Sent Events form until its `end` event, reconnecting after a dropped
// connection from the last chunk seen (Last-Event-ID).
import type { Client } from "./client";
import { CliError, EXIT } from "./errors";
import { painter, useColor } from "./format";

export type Chunk = { seq: number; stream: "stdout" | "stderr" | "log"; text: string; at: string };
type Page = { runId: string; status: string; finished: boolean; chunks: Chunk[]; droppedBytes: number; nextAfter: number | null };
export type RunEnd = { status: string | null; droppedBytes: number };

/** Attempts to reconnect a dropped stream before giving up (a server restart takes a few seconds). */
const RECONNECTS = 10;
const RECONNECT_DELAY_MS = 1000;

export function chunkWriter(out: NodeJS.WriteStream = process.stdout, err: NodeJS.WriteStream = process.stderr) {
  const dim = painter(useColor(err));
  return (chunk: Chunk) => {
    if (chunk.stream === "stdout") out.write(chunk.text);
    else if (chunk.stream === "stderr") err.write(chunk.text);
    else err.write(dim("dim", chunk.text));
  };
}

/** Prints what the run has written so far; returns its status then. */
export async function printOutput(client: Client, runId: string, write = chunkWriter()): Promise<RunEnd & { finished: boolean }> {
  let after = 0;
  for (;;) {
    const page = await client.get<Page>(`/api/v1/runs/${encodeURIComponent(runId)}/output`, { after, limit: 5000 });
    for (const c of page.chunks) write(c);
    if (page.nextAfter === null) return { status: page.status, droppedBytes: page.droppedBytes, finished: page.finished };
    after = page.nextAfter;
  }
}

export type SseEvent = { id?: string; event: string; data: string };

/** Splits an SSE byte stream into events (comments, the keep-alives, skipped). */
export async function* sseEvents(body: ReadableStream<Uint8Array>): AsyncGenerator<SseEvent> {
  const decoder = new TextDecoder();
  let buffer = "";
  // A read that ends in "\r" may be half of a "\r\n": it waits for the next read.
  let pendingCr = "";
  for await (const bytes of body as unknown as AsyncIterable<Uint8Array>) {
    let text = pendingCr + decoder.decode(bytes, { stream: true });
    pendingCr = text.endsWith("\r") ? "\r" : "";
    if (pendingCr) text = text.slice(0, -1);
    buffer += text.replace(/\r\n?/g, "\n");
    for (let end = buffer.indexOf("\n\n"); end >= 0; end = buffer.indexOf("\n\n")) {
      const block = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      const event: SseEvent = { event: "message", data: "" };
      const data: string[] = [];
      let fields = 0;
      for (const line of block.split("\n")) {
        if (!line || line.startsWith(":")) continue;
        const colon = line.indexOf(":");
        const name = colon < 0 ? line : line.slice(0, colon);
        const value = colon < 0 ? "" : line.slice(colon + 1).replace(/^ /, "");
        if (name === "id") event.id = value;
        else if (name === "event") event.event = value;
        else if (name === "data") data.push(value);
        else continue;
        fields++;
      }
      event.data = data.join("\n");
      if (fields > 0) yield event;
    }
  }
}

/** Follows the run's output until it ends; returns how it ended. */
export async function followOutput(client: Client, runId: string, write = chunkWriter()): Promise<RunEnd> {
  let lastSeq = 0;
  let failures = 0;
  for (;;) {
    try {
      const res = await client.send("GET", `/api/v1/runs/${encodeURIComponent(runId)}/output`, {
        headers: { accept: "text/event-stream", ...(lastSeq ? { "last-event-id": String(lastSeq) } : {}) },
        timeout: false,
      });
      if (!res.body) throw new CliError("the server sent no output stream", EXIT.failed);
      for await (const event of sseEvents(res.body)) {
        failures = 0;
        if (event.event === "output") {
          const chunk = JSON.parse(event.data) as Chunk;
          if (chunk.seq <= lastSeq) continue;
          lastSeq = chunk.seq;
          write(chunk);
        } else if (event.event === "end") {
          return JSON.parse(event.data) as RunEnd;
        }
      }
      // The stream closed without its end event: the connection dropped. Resume below.
      if (++failures > RECONNECTS) throw new CliError("the output stream kept closing before the run ended", EXIT.unreachable);
    } catch (err) {
      // API errors (404, 401) are final; a lost connection is tried again.
      if (err instanceof CliError && err.exitCode !== EXIT.unreachable) throw err;
      if (++failures > RECONNECTS) throw err instanceof CliError ? err : new CliError(`lost the output stream: ${(err as Error).message}`, EXIT.unreachable);
    }
    await new Promise((r) => setTimeout(r, RECONNECT_DELAY_MS));
  }
}

/** A footer on stderr for a followed run: how it ended and what was dropped. */
export function endNote(end: RunEnd): string {
  const dropped = end.droppedBytes > 0 ? ` (${end.droppedBytes} bytes of output past the cap were dropped)` : "";
  return `run ${end.status ?? "deleted"}${dropped}`;
}
