// A run's output on the worker (lib/runs/output.ts): numbered in order, capped with the rest
// counted, secrets' values hidden even when split across writes, log lines as a stream of their own.
import { expect, test } from "vitest";
import type { Logger } from "../log";
import { createFakeClock } from "../scheduler/clock";
import { startExecution, type Job } from "../scheduler/execution";
import type { Outcome, ScheduleSnapshot } from "../scheduler/store";
import { Redactor } from "../secrets/references";
import { cutUtf8, OUTPUT_MAX_BYTES, RunOutputWriter, type OutputChunk } from "./output";

const T0 = Date.UTC(2026, 11, 6, 12, 0, 0);
const silent: Logger = { debug() {}, info() {}, warn() {}, error() {} };

function open(redactor: Redactor | null = null) {
  let now = T0;
  const pendingCalls: number[] = [];
  const output = new RunOutputWriter(
    "r1",
    () => now++,
    () => redactor,
    () => pendingCalls.push(now),
  );
  return { output, pendingCalls };
}

/** Everything the run stored, as the reader sees it: the text per stream, in seq order. */
const textOf = (chunks: readonly OutputChunk[], stream?: string) =>
  chunks
    .filter((c) => (stream ? c.stream === stream : c.stream !== "dropped"))
    .map((c) => c.text)
    .join("");

test("chunks are numbered 1, 2, 3 in the order written; writes to one stream between flushes join one chunk", () => {
  const { output, pendingCalls } = open();
  output.write("stdout", "a\n");
  output.write("stdout", "b\n");
  output.write("stderr", "oops\n");
  output.write("stdout", "c\n");
  expect(pendingCalls).toHaveLength(1); // the flusher is told once, not per write
  const first = output.take();
  expect(first.map((c) => [c.seq, c.stream, c.text])).toEqual([
    [1, "stdout", "a\nb\n"],
    [2, "stderr", "oops\n"],
    [3, "stdout", "c\n"],
  ]);
  output.write("stdout", "d\n"); // taken chunks are not appended to: a new one
  expect(pendingCalls).toHaveLength(2);
  output.close();
  expect(output.remaining().map((c) => [c.seq, c.stream, c.text])).toEqual([[4, "stdout", "d\n"]]);
  output.write("stdout", "after the end\n");
  expect(output.remaining()).toHaveLength(1);
});

test("a flush that failed puts its chunks back before the newer ones, in seq order", () => {
  const { output } = open();
  output.write("stdout", "one");
  const taken = output.take();
  output.write("stderr", "two");
  output.putBack(taken);
  output.close();
  expect(output.remaining().map((c) => c.seq)).toEqual([1, 2]);
});

test("output is capped at 1 MiB of UTF-8: what fits is kept, the rest counted in one last `dropped` chunk", () => {
  const { output } = open();
  const line = "é".repeat(1000) + "\n"; // 2001 bytes
  let written = 0;
  for (let i = 0; i < 600; i++) {
    output.write(i % 2 ? "stderr" : "stdout", line);
    written += 2001;
  }
  output.write("log", "a late log line\n");
  written += 16;
  output.close();
  const chunks = output.remaining();
  const kept = Buffer.byteLength(textOf(chunks));
  expect(kept).toBeLessThanOrEqual(OUTPUT_MAX_BYTES);
  expect(kept).toBeGreaterThan(OUTPUT_MAX_BYTES - 2); // cut between characters, not a character early
  expect(textOf(chunks)).not.toContain("\uFFFD");
  const last = chunks.at(-1)!;
  expect(last.stream).toBe("dropped");
  expect(Number(last.text)).toBe(written - kept);
  expect(chunks.map((c) => c.seq)).toEqual(chunks.map((_, i) => i + 1));
  expect(textOf(chunks)).not.toContain("late log line"); // nothing kept after the cap: no holes
});

test("cutUtf8 never splits a character", () => {
  expect(cutUtf8("aé", 2)).toBe("a");
  expect(cutUtf8("aé", 3)).toBe("aé");
  expect(cutUtf8("😀x", 3)).toBe("");
  expect(cutUtf8("abc", 0)).toBe("");
});

test("a secret's value is hidden even when it arrives split across writes; the held-back tail is written at the end", () => {
  const redactor = new Redactor();
  redactor.add("TOKEN", "s3cr3t-value");
  const { output } = open(redactor);
  output.write("stdout", "token is s3c");
  // "s3c" could be the start of the value: held back, not stored yet.
  expect(textOf(output.take())).toBe("token is ");
  output.write("stdout", "r3t-val");
  output.write("stdout", "ue, done\nends with s3");
  output.write("stderr", "s3cr3t-value on stderr too\n");
  output.close();
  const chunks = output.remaining();
  expect(textOf(chunks, "stdout")).toBe("[secret TOKEN], done\nends with s3");
  expect(textOf(chunks, "stderr")).toBe("[secret TOKEN] on stderr too\n");
  expect(textOf(chunks)).not.toContain("s3cr3t-value");
});

test("a secret read while the run goes on is hidden from what it writes from then on", () => {
  let redactor: Redactor | null = null;
  const output = new RunOutputWriter("r1", () => T0, () => redactor);
  output.write("stdout", "before\n");
  redactor = new Redactor();
  redactor.add("KEY", "abcdef");
  output.write("stdout", "key abcdef\n");
  output.close();
  expect(textOf(output.remaining())).toBe("before\nkey [secret KEY]\n");
});

test("NUL bytes are stored as U+FFFD (PostgreSQL text cannot hold them)", () => {
  const { output } = open();
  output.write("stdout", "a\0b");
  output.close();
  expect(textOf(output.remaining())).toBe("a\uFFFDb");
});

const job: Job = {
  run: { id: "r1", scheduleId: "s1", scheduledFor: new Date(T0), attempt: 1, trigger: "manual" },
  schedule: { id: "s1", teamId: "t1", name: "n", timezone: "UTC", entrypoint: "log", payload: {}, timeoutSeconds: 30 } as unknown as ScheduleSnapshot,
};

test("ctx.log lines go to the output as stream `log` (with their fields, redacted); the outcome carries what is left", async () => {
  const outcomes: Outcome[] = [];
  const execution = startExecution(
    job,
    {
      clock: createFakeClock(T0),
      log: silent,
      run: async (_k, _p, ctx) => {
        ctx.log("GET https://example.com/");
        ctx.output("stdout", "hello\n");
        ctx.log("HTTP 200", { durationMs: 12 });
        return null;
      },
    },
    (o) => outcomes.push(o),
  );
  await execution.ended;
  const chunks = outcomes[0].output!.remaining();
  expect(chunks.map((c) => [c.seq, c.stream, c.text])).toEqual([
    [1, "log", "GET https://example.com/\n"],
    [2, "stdout", "hello\n"],
    [3, "log", "HTTP 200 durationMs=12\n"],
  ]);
});

test("a log line with a secret's value the run read is stored redacted", async () => {
  const outcomes: Outcome[] = [];
  const execution = startExecution(
    job,
    {
      clock: createFakeClock(T0),
      log: silent,
      secret: async () => "hunter2-long-value",
      run: async (_k, _p, ctx) => {
        const token = await ctx.secret("API_TOKEN");
        ctx.log(`calling with ${token}`, { header: `Bearer ${token}` });
        ctx.output("stderr", `echoed ${token.slice(0, 7)}`);
        ctx.output("stderr", `${token.slice(7)} back\n`);
        return null;
      },
    },
    (o) => outcomes.push(o),
  );
  await execution.ended;
  const chunks = outcomes[0].output!.remaining();
  expect(chunks.map((c) => [c.stream, c.text])).toEqual([
    ["log", "calling with [secret API_TOKEN] header=Bearer [secret API_TOKEN]\n"],
    ["stderr", "echoed [secret API_TOKEN] back\n"],
  ]);
});

test("a run that writes nothing has no output in its outcome", async () => {
  const outcomes: Outcome[] = [];
  const execution = startExecution(job, { clock: createFakeClock(T0), log: silent, run: async () => 1 }, (o) => outcomes.push(o));
  await execution.ended;
  expect(outcomes[0].output).toBeUndefined();
});
