// Reading the run output stream: events split anywhere across network reads, CRLF line ends,
// keep-alive comments skipped; and where each chunk goes (stdout to stdout, the rest to stderr).
import { expect, test } from "vitest";
import { chunkWriter, sseEvents, type Chunk } from "../../cli/logs";

function streamOf(parts: string[]): ReadableStream<Uint8Array> {
  const enc = new TextEncoder();
  return new ReadableStream({
    start(c) {
      for (const p of parts) c.enqueue(enc.encode(p));
      c.close();
    },
  });
}

test("events split across reads, with CRLF and comments, come out whole and in order", async () => {
  const text = 'retry: 2000\r\n\r\nid: 1\r\nevent: output\r\ndata: {"seq":1}\r\n\r\n: keep-alive\n\nid: 2\nevent: output\ndata: {"seq":2}\n\nevent: end\ndata: {"status":"succeeded","droppedBytes":0}\n\n';
  // Every split point, including between the two characters of a "\r\n".
  for (let i = 1; i < text.length; i++) {
    const events = [];
    for await (const e of sseEvents(streamOf([text.slice(0, i), text.slice(i)]))) events.push(e);
    expect(events, `split at ${i}`).toEqual([
      { id: "1", event: "output", data: '{"seq":1}' },
      { id: "2", event: "output", data: '{"seq":2}' },
      { event: "end", data: '{"status":"succeeded","droppedBytes":0}' },
    ]);
  }
});

test("stdout chunks go to stdout; stderr chunks and log lines to stderr", () => {
  const out: string[] = [];
  const err: string[] = [];
  const fake = (into: string[]) => ({ isTTY: false, write: (s: string) => into.push(s) }) as unknown as NodeJS.WriteStream;
  const write = chunkWriter(fake(out), fake(err));
  const chunk = (seq: number, stream: Chunk["stream"], text: string): Chunk => ({ seq, stream, text, at: "" });
  write(chunk(1, "stdout", "a\n"));
  write(chunk(2, "stderr", "b\n"));
  write(chunk(3, "log", "c\n"));
  expect(out).toEqual(["a\n"]);
  expect(err).toEqual(["b\n", "c\n"]);
});
