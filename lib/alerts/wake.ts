// "Alerts were just written": what lets this process's sender (dispatch.ts) start on them at once
// instead of at its next poll. Only a hint: another process's alerts are found by the poll.
import type { Db } from "../db/client";

const listeners = new WeakMap<Db, Set<() => void>>();

/** Tells this process's senders on `db` that a commit wrote alerts. */
export function alertsWritten(db: Db): void {
  for (const listener of listeners.get(db) ?? []) listener();
}

/** Calls `listener` after each commit on `db` that wrote alerts; returns the unsubscribe. */
export function onAlertsWritten(db: Db, listener: () => void): () => void {
  let set = listeners.get(db);
  if (!set) listeners.set(db, (set = new Set()));
  set.add(listener);
  return () => set.delete(listener);
}
