import { afterEach, expect, test, vi } from "vitest";
import { scaledClock } from "./clock";

afterEach(() => vi.useRealTimers());

test("a scaled clock reads real time at its origin, then runs `rate` times faster; its timers wait ms / rate", () => {
  vi.useFakeTimers({ now: 1_000_000 });
  const clock = scaledClock(10, 1_000_000);
  expect(clock.now()).toBe(1_000_000);
  const fired: number[] = [];
  clock.setTimer(() => fired.push(clock.now()), 60_000); // a fake minute: 6 real seconds
  vi.advanceTimersByTime(5_999);
  expect(fired).toEqual([]);
  vi.advanceTimersByTime(1);
  expect(fired).toEqual([1_060_000]);
});

test("two clocks given the same origin read the same time, whenever each was made", () => {
  vi.useFakeTimers({ now: 2_000_000 });
  const first = scaledClock(12, 2_000_000);
  vi.advanceTimersByTime(3_000);
  const second = scaledClock(12, 2_000_000);
  expect(second.now()).toBe(first.now());
  expect(first.now()).toBe(2_036_000);
  const handle = second.setTimer(() => {
    throw new Error("cancelled");
  }, 1_000);
  handle.cancel();
  vi.advanceTimersByTime(1_000);
  expect(() => scaledClock(0)).toThrow("clock rate must be a positive number, not 0");
});
