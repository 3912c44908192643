// Counting attempts per key in a fixed window (the window opens at a key's first attempt): the
// mechanism behind every throttle (sign-in, registration, Run now, the assistant); the policies,
// which keys and how many, live with their callers (lib/auth/throttles.ts).
//
// State: one Map in this process, filled by attempt(), drained when a key's window passes (swept
// lazily) and, when the map is full, by evicting keys that are not blocked. A blocked key is never
// evicted: an attacker who floods the map with new keys must not reset a victim's count. When
// every entry is blocked, a new key is refused until room frees up (fail closed; that takes a
// flood from very many addresses, which the per-address limits make slow).
//
// In memory: one web process per database is the supported layout; several web replicas would each
// keep their own counts. The interface is async so that a store in the database (issue 3/6) can
// take its place without changing a caller; this one decides synchronously inside attempt(), so
// parallel requests cannot all pass between a check and a count.
export type Verdict = { allowed: true } | { allowed: false; retryAfterSeconds: number };

export type Limiter = {
  /** Counts one attempt for `key` if it is within its limit; refuses (counting nothing) if not. */
  attempt(key: string, now?: number): Promise<Verdict>;
  /** Gives back one counted attempt (e.g. a sign-in that turned out to be right). */
  release(key: string): Promise<void>;
  /** Forgets `key`'s attempts. */
  reset(key: string): Promise<void>;
};

/** Keys held at most, by default; about 100 bytes each. */
export const DEFAULT_CAPACITY = 10_000;

type Entry = { count: number; windowStart: number };

export function createLimiter({ max, windowMs, capacity = DEFAULT_CAPACITY }: { max: number; windowMs: number; capacity?: number }): Limiter {
  const entries = new Map<string, Entry>();
  const expired = (e: Entry, now: number) => now - e.windowStart >= windowMs;
  const retryAfter = (e: Entry, now: number) => Math.max(1, Math.ceil((e.windowStart + windowMs - now) / 1000));

  /** Makes room for one new key; false when every held key is still blocked. */
  const makeRoom = (now: number): boolean => {
    for (const [key, e] of entries) if (expired(e, now)) entries.delete(key);
    if (entries.size < capacity) return true;
    // Evict a tenth of the unblocked keys, oldest first, so a flood costs one pass per many keys.
    let toEvict = Math.max(1, Math.floor(capacity / 10));
    for (const [key, e] of entries) {
      if (e.count >= max) continue;
      entries.delete(key);
      if (--toEvict === 0) break;
    }
    return entries.size < capacity;
  };

  const attempt = (key: string, now: number): Verdict => {
    let entry = entries.get(key);
    if (entry && expired(entry, now)) {
      entries.delete(key);
      entry = undefined;
    }
    if (entry) {
      if (entry.count >= max) return { allowed: false, retryAfterSeconds: retryAfter(entry, now) };
      entry.count += 1;
      return { allowed: true };
    }
    if (entries.size >= capacity && !makeRoom(now)) {
      const soonest = Math.min(...[...entries.values()].map((e) => retryAfter(e, now)));
      return { allowed: false, retryAfterSeconds: soonest };
    }
    entries.set(key, { count: 1, windowStart: now });
    return { allowed: true };
  };

  return {
    async attempt(key, now = Date.now()) {
      return attempt(key, now);
    },
    async release(key) {
      const entry = entries.get(key);
      if (entry && entry.count > 0) entry.count -= 1;
    },
    async reset(key) {
      entries.delete(key);
    },
  };
}
