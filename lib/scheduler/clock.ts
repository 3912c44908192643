// Time for the scheduler engine, injectable so tests run on a fake clock without waiting.
export type TimerHandle = { cancel(): void };

export type Clock = {
  now(): number;
  /** Calls `fn` after `ms` (at least 0). */
  setTimer(fn: () => void, ms: number): TimerHandle;
};

// setTimeout takes at most 2^31-1 ms; the engine re-arms long waits in steps anyway.
const MAX_DELAY = 2_147_483_647;

export const systemClock: Clock = {
  now: () => Date.now(),
  setTimer(fn, ms) {
    const t = setTimeout(fn, Math.min(Math.max(0, ms), MAX_DELAY));
    return { cancel: () => clearTimeout(t) };
  },
};

/**
 * The system's clock running `rate` times faster from `origin` (epoch ms): at `origin` it reads
 * the real time, then gains (rate - 1) ms per real ms, and a timer of `ms` fires after ms / rate
 * real ms. For process tests, which then meet a minute boundary every 60 / rate real seconds
 * instead of waiting for real ones. Processes given the same rate and origin read the same time.
 */
export function scaledClock(rate: number, origin: number = Date.now()): Clock {
  if (!Number.isFinite(rate) || rate <= 0) throw new RangeError(`clock rate must be a positive number, not ${rate}`);
  return {
    now: () => Math.floor(origin + (Date.now() - origin) * rate),
    setTimer(fn, ms) {
      const t = setTimeout(fn, Math.min(Math.max(0, ms) / rate, MAX_DELAY));
      return { cancel: () => clearTimeout(t) };
    },
  };
}

/**
 * The clock ALMANAC_CLOCK_RATE and ALMANAC_CLOCK_ORIGIN set (process tests run workers, and the web
 * app's heartbeat pings, on one faster clock); null at the real rate.
 */
export function configuredClock(config: { ALMANAC_CLOCK_RATE: number; ALMANAC_CLOCK_ORIGIN?: number }): Clock | null {
  return config.ALMANAC_CLOCK_RATE === 1 ? null : scaledClock(config.ALMANAC_CLOCK_RATE, config.ALMANAC_CLOCK_ORIGIN);
}

/** A clock that only moves when told to; timers fire in time order as it passes them. */
export function createFakeClock(start: number) {
  let now = start;
  let seq = 0;
  const timers = new Map<number, { at: number; fn: () => void }>();
  const clock: Clock & { advance(ms: number, settle: () => Promise<void>): Promise<void>; jump(ms: number): void; pending(): number } = {
    now: () => now,
    setTimer(fn, ms) {
      const id = ++seq;
      timers.set(id, { at: now + Math.max(0, ms), fn });
      return { cancel: () => timers.delete(id) };
    },
    /** Moves time forward by `ms`, firing due timers one at a time and letting `settle` finish the work each starts. */
    async advance(ms, settle) {
      const target = now + ms;
      for (;;) {
        let nextId = -1;
        let nextAt = Infinity;
        for (const [id, t] of timers) if (t.at <= target && (t.at < nextAt || (t.at === nextAt && id < nextId))) [nextId, nextAt] = [id, t.at];
        if (nextId === -1) break;
        const timer = timers.get(nextId)!;
        timers.delete(nextId);
        now = Math.max(now, timer.at);
        timer.fn();
        await settle();
      }
      now = target;
      await settle();
    },
    /** Moves time forward without firing anything, as when a process stalls or a machine sleeps. */
    jump(ms) {
      now += ms;
    },
    pending: () => timers.size,
  };
  return clock;
}
