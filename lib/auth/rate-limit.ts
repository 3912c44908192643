// Counting attempts per key in a fixed window (the window opens at a key's first attempt): the
// mechanism behind every throttle (sign-in, registration, Run now, the assistant); the policies,
// which keys and how many, live with their callers (lib/auth/throttles.ts).
//
// State: one row per (throttle, key) in the RateLimit table, so that every web process (several
// replicas behind one load balancer) shares one count. An attempt is one statement that counts and
// checks at once (an upsert that only updates a row under its limit), so parallel requests, in
// one process or several, cannot all pass between a check and a count. Keys are stored hashed.
// Rows whose window has passed are deleted by pruneRateLimits (the workers' retention pass).
import { createHash } from "node:crypto";
import type { Db } from "../db/client";

export type Verdict = { allowed: true } | { allowed: false; retryAfterSeconds: number };

export type Limiter = {
  /** Counts one attempt for `key` if it is within its limit; refuses (counting nothing) if not. */
  attempt(key: string, now?: number): Promise<Verdict>;
  /** Gives back one counted attempt (e.g. a sign-in that turned out to be right). */
  release(key: string): Promise<void>;
  /** Forgets `key`'s attempts. */
  reset(key: string): Promise<void>;
};

/** The longest window any throttle uses may not exceed this: older rows are pruned. */
export const RATE_LIMIT_MAX_WINDOW_MS = 24 * 3600_000;

const hashed = (key: string) => createHash("sha256").update(key).digest("hex");

export function createLimiter({ db, scope, max, windowMs }: { db: () => Promise<Db>; scope: string; max: number; windowMs: number }): Limiter {
  if (windowMs > RATE_LIMIT_MAX_WINDOW_MS) throw new Error(`a throttle's window may be at most ${RATE_LIMIT_MAX_WINDOW_MS} ms`);
  return {
    async attempt(key, now = Date.now()) {
      const k = hashed(key);
      const expiredBefore = now - windowMs;
      // A new key, or a key whose window has passed, starts a window at 1; a key under its limit
      // counts one more; a key at its limit is left alone and no row comes back.
      const counted = await (
        await db()
      ).$queryRaw<{ count: number }[]>`
        INSERT INTO "RateLimit" ("scope", "key", "count", "windowStartMs") VALUES (${scope}, ${k}, 1, ${now})
        ON CONFLICT ("scope", "key") DO UPDATE SET
          "count" = CASE WHEN "RateLimit"."windowStartMs" <= ${expiredBefore} THEN 1 ELSE "RateLimit"."count" + 1 END,
          "windowStartMs" = CASE WHEN "RateLimit"."windowStartMs" <= ${expiredBefore} THEN ${now} ELSE "RateLimit"."windowStartMs" END
        WHERE "RateLimit"."windowStartMs" <= ${expiredBefore} OR "RateLimit"."count" < ${max}
        RETURNING "count"`;
      if (counted.length > 0) return { allowed: true };
      const row = await (await db()).rateLimit.findUnique({ where: { scope_key: { scope, key: k } }, select: { windowStartMs: true } });
      const endsAt = (row?.windowStartMs ?? now) + windowMs;
      return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil((endsAt - now) / 1000)) };
    },
    async release(key) {
      await (await db()).rateLimit.updateMany({ where: { scope, key: hashed(key), count: { gt: 0 } }, data: { count: { decrement: 1 } } });
    },
    async reset(key) {
      await (await db()).rateLimit.deleteMany({ where: { scope, key: hashed(key) } });
    },
  };
}

/** Deletes the rows of windows that ended before `now` minus the longest window. */
export async function pruneRateLimits(db: Db, now = Date.now()): Promise<{ deleted: number }> {
  const { count } = await db.rateLimit.deleteMany({ where: { windowStartMs: { lt: now - RATE_LIMIT_MAX_WINDOW_MS } } });
  return { deleted: count };
}
