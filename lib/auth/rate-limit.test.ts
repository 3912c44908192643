import { expect, test } from "vitest";
import { createLimiter } from "./rate-limit";

const T0 = 1_000_000;

test("counts attempts up to max, then refuses until the window passes, and says how long to wait", async () => {
  const limiter = createLimiter({ max: 3, windowMs: 60_000 });
  for (let i = 0; i < 3; i++) expect(await limiter.attempt("a", T0)).toEqual({ allowed: true });
  expect(await limiter.attempt("a", T0 + 1000)).toEqual({ allowed: false, retryAfterSeconds: 59 });
  expect((await limiter.attempt("b", T0 + 1000)).allowed).toBe(true); // other keys are not affected
  expect((await limiter.attempt("a", T0 + 60_000)).allowed).toBe(true);
});

test("50 attempts at once for one key: exactly max are let through (the count is taken as the check is made)", async () => {
  const limiter = createLimiter({ max: 5, windowMs: 60_000 });
  const verdicts = await Promise.all(Array.from({ length: 50 }, () => limiter.attempt("victim")));
  expect(verdicts.filter((v) => v.allowed)).toHaveLength(5);
});

test("release gives one attempt back; reset forgets the key", async () => {
  const limiter = createLimiter({ max: 1, windowMs: 60_000 });
  await limiter.attempt("a");
  expect((await limiter.attempt("a")).allowed).toBe(false);
  await limiter.release("a");
  expect((await limiter.attempt("a")).allowed).toBe(true);
  await limiter.reset("a");
  expect((await limiter.attempt("a")).allowed).toBe(true);
});

test("flooding 20,000 other keys does not reset a blocked victim (the store evicts only unblocked keys)", async () => {
  const limiter = createLimiter({ max: 5, windowMs: 15 * 60_000 }); // the default capacity, 10,000 keys
  for (let i = 0; i < 5; i++) await limiter.attempt("victim@example.com", T0);
  expect((await limiter.attempt("victim@example.com", T0)).allowed).toBe(false);
  for (let i = 0; i < 20_000; i++) await limiter.attempt(`flood-${i}@example.com`, T0 + 1);
  expect(await limiter.attempt("victim@example.com", T0 + 2)).toEqual({ allowed: false, retryAfterSeconds: 900 });
});

test("when every held key is blocked, a new key is refused until the oldest block ends (fail closed)", async () => {
  const limiter = createLimiter({ max: 1, windowMs: 60_000, capacity: 3 });
  for (const key of ["a", "b", "c"]) await limiter.attempt(key, T0);
  expect(await limiter.attempt("d", T0 + 10_000)).toEqual({ allowed: false, retryAfterSeconds: 50 });
  expect((await limiter.attempt("a", T0 + 10_000)).allowed).toBe(false); // still blocked, not evicted
  expect((await limiter.attempt("d", T0 + 60_000)).allowed).toBe(true); // the blocks ended: room again
});
