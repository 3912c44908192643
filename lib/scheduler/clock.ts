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
