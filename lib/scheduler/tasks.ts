// The engine's background work: every promise it starts without awaiting is tracked here, so that
// stop() and tests can wait for it, and every periodic loop runs through here, so that stop()
// cancels them all at once.
import type { Logger } from "../log";
import type { Clock, TimerHandle } from "./clock";

export type Tasks = ReturnType<typeof createTasks>;

export function createTasks(clock: Clock, log: Logger) {
  // Filled by track() (every promise started and not awaited); drained as each one settles.
  const inflight = new Set<Promise<unknown>>();
  // Filled by every() (the next tick of each loop); emptied by stop().
  const loops = new Set<TimerHandle>();
  let stopped = false;

  const track = <T>(p: Promise<T>): Promise<T> => {
    inflight.add(p);
    void p.finally(() => inflight.delete(p)).catch(() => undefined);
    return p;
  };

  /** Starts `fn` in the background; a failure is logged, never thrown. */
  const safely = (what: string, fn: () => Promise<unknown>): Promise<void> =>
    track(
      fn().then(
        () => undefined,
        (err) => log.warn(`${what} failed`, { error: (err as Error).message }),
      ),
    );

  return {
    track,
    safely,
    /** Runs `task` every `ms`, never two at once; failures are logged and the loop goes on. */
    every(ms: number, what: string, task: () => Promise<void>) {
      const loop = () => {
        const handle = clock.setTimer(() => {
          loops.delete(handle);
          if (stopped) return;
          void safely(what, task).finally(() => {
            if (!stopped) loop();
          });
        }, ms);
        loops.add(handle);
      };
      loop();
    },
    /** Cancels every loop; work already started goes on (see settled). */
    stop() {
      stopped = true;
      for (const t of loops) t.cancel();
      loops.clear();
    },
    /** Resolves when everything started so far has settled. */
    async settled() {
      await Promise.allSettled([...inflight]);
    },
    /** Resolves when nothing is in flight any more (for tests on a fake clock). */
    async idle() {
      while (inflight.size > 0) await Promise.allSettled([...inflight]);
    },
  };
}
