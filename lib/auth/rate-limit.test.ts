// The throttles' counting, in the database, on both providers: what one process and several
// processes (two clients of one database) may do against one key.
import { afterAll, beforeAll, expect, test } from "vitest";
import { createDb, type Db } from "../db/client";
import { eachDatabase, unique } from "../../__tests__/support/databases";
import { createLimiter, pruneRateLimits, RATE_LIMIT_MAX_WINDOW_MS } from "./rate-limit";

const T0 = 1_000_000;

eachDatabase((target) => {
  let db: Db;
  let other: Db; // a second web process's client
  beforeAll(async () => {
    [db, other] = await Promise.all([createDb(target()), createDb(target())]);
  });
  afterAll(async () => {
    await Promise.all([db.$disconnect(), other.$disconnect()]);
  });
  const limiterOn = (client: Db, scope: string, max: number, windowMs = 60_000) => createLimiter({ db: async () => client, scope, max, windowMs });

  test("counts attempts up to max, then refuses until the window passes, and says how long to wait", async () => {
    const limiter = limiterOn(db, unique("scope"), 3);
    for (let i = 0; i < 3; i++) expect(await limiter.attempt("a", T0)).toEqual({ allowed: true });
    expect(await limiter.attempt("a", T0 + 1000)).toEqual({ allowed: false, retryAfterSeconds: 59 });
    expect((await limiter.attempt("b", T0 + 1000)).allowed).toBe(true); // other keys are not affected
    expect((await limiter.attempt("a", T0 + 60_000)).allowed).toBe(true);
    expect(await limiter.attempt("a", T0 + 60_001)).toEqual({ allowed: true }); // a new window: 2 of 3
  });

  test("two processes share one count: what one counted, the other sees", async () => {
    const scope = unique("scope");
    const [here, there] = [limiterOn(db, scope, 4), limiterOn(other, scope, 4)];
    for (let i = 0; i < 2; i++) expect((await here.attempt("victim", T0)).allowed).toBe(true);
    for (let i = 0; i < 2; i++) expect((await there.attempt("victim", T0)).allowed).toBe(true);
    expect((await here.attempt("victim", T0)).allowed).toBe(false);
    expect((await there.attempt("victim", T0)).allowed).toBe(false);
  });

  test("50 attempts at once from two processes: exactly max are let through (the count is taken as the check is made)", async () => {
    const scope = unique("scope");
    const [here, there] = [limiterOn(db, scope, 5), limiterOn(other, scope, 5)];
    const verdicts = await Promise.all(Array.from({ length: 50 }, (_, i) => (i % 2 ? here : there).attempt("victim")));
    expect(verdicts.filter((v) => v.allowed)).toHaveLength(5);
  });

  test("release gives one attempt back; reset forgets the key; scopes are separate", async () => {
    const scope = unique("scope");
    const limiter = limiterOn(db, scope, 1);
    await limiter.attempt("a");
    expect((await limiter.attempt("a")).allowed).toBe(false);
    expect((await limiterOn(db, unique("scope"), 1).attempt("a")).allowed).toBe(true);
    await limiter.release("a");
    expect((await limiter.attempt("a")).allowed).toBe(true);
    await limiter.reset("a");
    expect((await limiter.attempt("a")).allowed).toBe(true);
  });

  test("keys are stored hashed, and pruning removes only windows long past", async () => {
    const scope = unique("scope");
    const limiter = limiterOn(db, scope, 5);
    await limiter.attempt("203.0.113.9 ada@example.com", T0);
    await limiter.attempt("fresh", T0 + RATE_LIMIT_MAX_WINDOW_MS);
    const rows = await db.rateLimit.findMany({ where: { scope } });
    expect(rows.map((r) => r.key).join(" ")).not.toMatch(/ada|203\.0/);
    await pruneRateLimits(db, T0 + RATE_LIMIT_MAX_WINDOW_MS + 1);
    expect(await db.rateLimit.count({ where: { scope } })).toBe(1);
  });
});
