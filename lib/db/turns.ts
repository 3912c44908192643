// better-sqlite3 runs every statement synchronously, so a promise from the SQLite client is
// already settled when it is awaited: a loop of awaited queries is one long chain of microtasks
// and never lets timers or I/O run. Loops over many statements call nextTurn() between them.

/** Resolves on the next turn of the event loop, after pending timers and I/O. */
export const nextTurn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));
