// better-sqlite3 runs every statement synchronously, so a promise from the SQLite client is
// already settled when it is awaited: a loop of awaited queries is one long chain of microtasks
// and never lets timers or I/O run. Loops over many statements call nextTurn() between them.

/** Resolves on the next turn of the event loop, after pending timers and I/O. */
export const nextTurn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/** How often giveWay() looks again: waiting a turn at a time would spin the loop through a burst. */
const GIVE_WAY_POLL_MS = 5;

/**
 * Waits while `busy()` says more urgent work is under way (as long as `maxMs` at most), looking
 * again every few ms: on SQLite every statement blocks the loop, so a write that can wait lets
 * the urgent ones go first.
 */
export async function giveWay(busy: (() => boolean) | undefined, maxMs: number): Promise<void> {
  const since = performance.now();
  while (busy?.() && performance.now() - since < maxMs) await new Promise((resolve) => setTimeout(resolve, GIVE_WAY_POLL_MS));
}
