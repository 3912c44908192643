import { expect, test } from "vitest";
import { createLimiter } from "./rate-limit";

test("refuses after max failures until the window passes, and says how long to wait", () => {
  const limiter = createLimiter({ max: 3, windowMs: 60_000 });
  const t0 = 1_000_000;
  for (let i = 0; i < 3; i++) {
    expect(limiter.check("a", t0).allowed).toBe(true);
    limiter.fail("a", t0);
  }
  expect(limiter.check("a", t0 + 1000)).toEqual({ allowed: false, retryAfterSeconds: 59 });
  expect(limiter.check("b", t0 + 1000).allowed).toBe(true); // other keys are not affected
  expect(limiter.check("a", t0 + 60_000).allowed).toBe(true);
});

test("reset clears a key's failures", () => {
  const limiter = createLimiter({ max: 1, windowMs: 60_000 });
  limiter.fail("a");
  expect(limiter.check("a").allowed).toBe(false);
  limiter.reset("a");
  expect(limiter.check("a").allowed).toBe(true);
});
