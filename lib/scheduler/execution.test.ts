// One run executing (lib/scheduler/execution.ts): it ends once, whatever the job does: settles,
// throws without a promise, returns a value without one, or ignores its signal past its timeout.
import { expect, test } from "vitest";
import type { JsonValue } from "../entrypoints/types";
import type { Logger } from "../log";
import { createFakeClock } from "./clock";
import { ShutdownAbort, startExecution, type Job, type RunFn } from "./execution";
import type { Outcome, ScheduleSnapshot } from "./store";

const silent: Logger = { debug() {}, info() {}, warn() {}, error() {} };
const T0 = Date.UTC(2026, 11, 6, 12, 0, 0);

function job(timeoutSeconds = 30): Job {
  const schedule = { id: "s1", userId: "u1", name: "nightly", timezone: "UTC", entrypoint: "log", payload: { message: "m" }, timeoutSeconds } as unknown as ScheduleSnapshot;
  return { run: { id: "r1", scheduleId: "s1", scheduledFor: new Date(T0), attempt: 1, trigger: "schedule" }, schedule };
}

async function runOnce(run: RunFn, timeoutSeconds = 30, advanceMs = 0) {
  const clock = createFakeClock(T0);
  const outcomes: Outcome[] = [];
  const execution = startExecution(job(timeoutSeconds), { clock, log: silent, run }, (o) => outcomes.push(o));
  await clock.advance(advanceMs, () => new Promise((resolve) => setImmediate(resolve)));
  await execution.ended;
  return { outcomes, execution };
}

test("a job's value is its result; a job that throws, even without a promise, fails with its error", async () => {
  expect((await runOnce(async () => ({ ok: 1 }))).outcomes).toMatchObject([{ status: "succeeded", result: { ok: 1 } }]);
  expect((await runOnce((() => ({ plain: true })) as unknown as RunFn)).outcomes).toMatchObject([{ status: "succeeded", result: { plain: true } }]);
  const thrown = await runOnce(() => {
    throw new Error("no promise here");
  });
  expect(thrown.outcomes).toMatchObject([{ status: "failed", error: { name: "Error", message: "no promise here" } }]);
});

test("a job that ignores its signal ends at its timeout, once: its late result is dropped", async () => {
  let finish!: (v: JsonValue) => void;
  let signalSeen: AbortSignal | null = null;
  const { outcomes } = await runOnce(
    (_key, _payload, ctx) => {
      signalSeen = ctx.signal;
      return new Promise((resolve) => (finish = resolve));
    },
    2,
    2_000,
  );
  expect(outcomes).toMatchObject([{ status: "timed_out", error: { name: "Timeout", message: "timed out after 2 s" } }]);
  expect(signalSeen!.aborted).toBe(true);
  finish({ late: true });
  await new Promise((resolve) => setImmediate(resolve));
  expect(outcomes).toHaveLength(1);
});

test("shutdown ends a run at once as lost; ctx.aborted tells a job without making its signal", async () => {
  const clock = createFakeClock(T0);
  const outcomes: Outcome[] = [];
  let aborted: (() => boolean) | null = null;
  const execution = startExecution(job(), { clock, log: silent, run: (_k, _p, ctx) => ((aborted = () => ctx.aborted), new Promise(() => {})) }, (o) => outcomes.push(o));
  expect(aborted!()).toBe(false);
  execution.abort(new ShutdownAbort("worker shutdown"));
  await execution.ended;
  expect(aborted!()).toBe(true);
  expect(outcomes).toMatchObject([{ status: "lost", error: { name: "Lost", message: "worker shutdown" } }]);
});
