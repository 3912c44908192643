// Failed-login throttle: too many failures for one email or from one address in a window are
// refused with 429 until the window passes. Kept in memory: one web process per database is the
// supported layout; several web replicas would each keep their own count.
export type Limiter = {
  /** Whether `key` may try now; if not, seconds until it may. */
  check(key: string, now?: number): { allowed: true } | { allowed: false; retryAfterSeconds: number };
  fail(key: string, now?: number): void;
  reset(key: string): void;
};

export function createLimiter({ max, windowMs }: { max: number; windowMs: number }): Limiter {
  const failures = new Map<string, { count: number; windowStart: number }>();
  const current = (key: string, now: number) => {
    const entry = failures.get(key);
    if (entry && now - entry.windowStart >= windowMs) {
      failures.delete(key);
      return undefined;
    }
    return entry;
  };
  return {
    check(key, now = Date.now()) {
      const entry = current(key, now);
      if (!entry || entry.count < max) return { allowed: true };
      return { allowed: false, retryAfterSeconds: Math.ceil((entry.windowStart + windowMs - now) / 1000) };
    },
    fail(key, now = Date.now()) {
      const entry = current(key, now);
      if (entry) entry.count += 1;
      else failures.set(key, { count: 1, windowStart: now });
      if (failures.size > 10_000) failures.delete(failures.keys().next().value!); // bound memory
    },
    reset(key) {
      failures.delete(key);
    },
  };
}
