import { expect, test, vi } from "vitest";
import { createLogEntrypoint, logEntrypoint } from "./log";
import { registerPayload } from "./registry";
import type { RunContext } from "./types";

const POLICY = { allowPrivateNetwork: false };

function context(log: RunContext["log"] = () => {}, signal = new AbortController().signal): RunContext {
  return {
    signal,
    get aborted() {
      return signal.aborted;
    },
    log,
    output: () => {}, secret: () => Promise.reject(new Error("no team secrets in this test")), schedule: { id: "s1", name: "nightly", teamId: "u1", timezone: "UTC" },
    run: { id: "r1", attempt: 1, scheduledFor: new Date("2026-01-01T00:00:00Z"), trigger: "schedule" },
  };
}

test("a valid payload is stored as given", async () => {
  expect(await registerPayload("log", { message: "hello" }, undefined, POLICY)).toEqual({ ok: true, payload: { message: "hello" } });
  expect(await registerPayload("log", { message: "hello", errorRate: 0.3 }, undefined, POLICY)).toEqual({ ok: true, payload: { message: "hello", errorRate: 0.3 } });
  expect(await registerPayload("log", { message: "x".repeat(1000), errorRate: 1 }, undefined, POLICY)).toMatchObject({ ok: true });
});

test.each([
  [{ message: "" }, "payload.message", "must not be empty"],
  [{ message: "x".repeat(1001) }, "payload.message", "must be at most 1000 characters"],
  [{}, "payload.message", "must be a string"],
  [{ message: 42 }, "payload.message", "must be a string"],
  [{ message: "hi", errorRate: 1.5 }, "payload.errorRate", "must be from 0 to 1"],
  [{ message: "hi", errorRate: -0.1 }, "payload.errorRate", "must be from 0 to 1"],
  [{ message: "hi", errorRate: "0.5" }, "payload.errorRate", "must be a number from 0 to 1"],
  [{ message: "hi", color: "red" }, "payload.color", 'unknown field "color"'],
  [null, "payload", "must be a JSON object"],
  ["hello", "payload", "must be a JSON object"],
])("%j is refused on %s", async (payload, field, message) => {
  expect(await registerPayload("log", payload, undefined, POLICY)).toEqual({ ok: false, field, message });
});

test("execute logs the message and returns it", async () => {
  const log = vi.fn();
  const result = await logEntrypoint.execute({ message: "hello" }, context(log), POLICY);
  expect(result).toEqual({ message: "hello" });
  expect(log).toHaveBeenCalledWith("hello");
});

test("errorRate 1 always fails, with the rate in the message", async () => {
  const spec = createLogEntrypoint(() => 0.999999);
  for (let i = 0; i < 5; i++) {
    await expect(spec.execute({ message: "m", errorRate: 1 }, context(), POLICY)).rejects.toThrow("simulated failure (errorRate 1)");
  }
});

test("errorRate 0 (or none) never fails", async () => {
  const spec = createLogEntrypoint(() => 0);
  await expect(spec.execute({ message: "m", errorRate: 0 }, context(), POLICY)).resolves.toEqual({ message: "m" });
  await expect(spec.execute({ message: "m" }, context(), POLICY)).resolves.toEqual({ message: "m" });
});

test("errorRate 0.3 fails when the draw is below it", async () => {
  await expect(createLogEntrypoint(() => 0.29).execute({ message: "m", errorRate: 0.3 }, context(), POLICY)).rejects.toThrow("simulated failure (errorRate 0.3)");
  await expect(createLogEntrypoint(() => 0.3).execute({ message: "m", errorRate: 0.3 }, context(), POLICY)).resolves.toEqual({ message: "m" });
});

test("an already aborted run does not start", async () => {
  const controller = new AbortController();
  controller.abort();
  const log = vi.fn();
  await expect(logEntrypoint.execute({ message: "m" }, context(log, controller.signal), POLICY)).rejects.toThrow();
  expect(log).not.toHaveBeenCalled();
});

test("validateExecution accepts a stored payload; present shows it as stored", async () => {
  await expect(logEntrypoint.validateExecution({ message: "m" }, POLICY)).resolves.toBeUndefined();
  expect(logEntrypoint.present({ message: "m", errorRate: 0.5 })).toEqual({ message: "m", errorRate: 0.5 });
});
