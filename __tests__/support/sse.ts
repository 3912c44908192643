// Reads Server-Sent Events from a response body as they come: each event's id, type and data.
export type SseEvent = { id?: string; event: string; data: string };

export function sseReader(body: ReadableStream<Uint8Array>) {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let buffer = "";
  const queued: SseEvent[] = [];
  let done = false;

  function parse() {
    for (;;) {
      const end = buffer.indexOf("\n\n");
      if (end < 0) return;
      const block = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      const event: SseEvent = { event: "message", data: "" };
      const data: string[] = [];
      let fields = 0;
      for (const line of block.split("\n")) {
        if (!line || line.startsWith(":")) continue; // a comment: a heartbeat
        const colon = line.indexOf(":");
        const name = colon < 0 ? line : line.slice(0, colon);
        const value = colon < 0 ? "" : line.slice(colon + 1).replace(/^ /, "");
        if (name === "id") event.id = value;
        else if (name === "event") event.event = value;
        else if (name === "data") data.push(value);
        else continue; // retry:, unknown fields
        fields++;
      }
      event.data = data.join("\n");
      if (fields > 0) queued.push(event);
    }
  }

  return {
    /** The next event; null once the stream has ended. */
    async next(): Promise<SseEvent | null> {
      while (queued.length === 0) {
        if (done) return null;
        const chunk = await reader.read();
        if (chunk.done) done = true;
        else buffer += decoder.decode(chunk.value, { stream: true });
        parse();
      }
      return queued.shift()!;
    },
    /** Every event until the stream ends. */
    async rest(): Promise<SseEvent[]> {
      const all: SseEvent[] = [];
      for (let e = await this.next(); e; e = await this.next()) all.push(e);
      return all;
    },
    cancel: () => reader.cancel(),
  };
}
