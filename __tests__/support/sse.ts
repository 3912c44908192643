// Reads Server-Sent Events from a response body as they come: each event's id, type and data,
// split by the CLI's own reader (cli/logs.ts), which `almanac logs -f` follows a run with.
import { sseEvents, type SseEvent } from "../../cli/logs";

export type { SseEvent };

export function sseReader(body: ReadableStream<Uint8Array>) {
  const events = sseEvents(body);
  return {
    /** The next event; null once the stream has ended. */
    async next(): Promise<SseEvent | null> {
      const step = await events.next();
      return step.done ? null : step.value;
    },
    /** Every event until the stream ends. */
    async rest(): Promise<SseEvent[]> {
      const all: SseEvent[] = [];
      for (let e = await this.next(); e; e = await this.next()) all.push(e);
      return all;
    },
    /** Stops reading and closes the connection (call it between reads). */
    cancel: () => events.return(undefined),
  };
}
