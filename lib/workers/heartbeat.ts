// Worker liveness: each worker beats (updates its row) every HEARTBEAT_INTERVAL_MS. The UI and
// /api/health call a worker online while its row is under ONLINE_WITHIN_MS old; a worker silent for
// STALE_AFTER_MS is considered gone: a peer reaps it (lib/scheduler/liveness.ts).
//
// The row is also the worker's fence. Its startedAt is the process's epoch; its startedThrough says
// which slots' runs, claimed ahead, have started (lib/scheduler/claims.ts); a peer that reaps it
// sets reapedAt in the same transaction that hands its unstarted runs to others. A beat or a slot's
// start that finds its row reaped (or another epoch's) changes nothing and tells the worker so.
import os from "node:os";
import type { Db } from "../db/client";

export const HEARTBEAT_INTERVAL_MS = 5_000;
export const ONLINE_WITHIN_MS = 15_000;
export const STALE_AFTER_MS = 30_000;

/** Registers a process under `workerId` (a new epoch, `startedAt`): not reaped, no slot started yet. */
export async function register(db: Db, workerId: string, startedAt: Date): Promise<void> {
  const row = { hostname: os.hostname(), pid: process.pid, startedAt, lastSeenAt: startedAt, startedThrough: null, reapedAt: null };
  await db.workerHeartbeat.upsert({ where: { id: workerId }, create: { id: workerId, ...row }, update: row });
}

/** Beats for the process registered at `epoch`; false if a peer reaped it (or its row is gone): it must start over. */
export async function beat(db: Db, workerId: string, epoch: Date, now = new Date()): Promise<boolean> {
  const { count } = await db.workerHeartbeat.updateMany({ where: { id: workerId, startedAt: epoch, reapedAt: null }, data: { lastSeenAt: now } });
  return count === 1;
}

/**
 * Records that every run this process claimed ahead for slots up to `slot` starts now; false if a
 * peer reaped it meanwhile (then those runs are the peer's to hand out, and none may start here).
 */
export async function markStartedThrough(db: Db, workerId: string, epoch: Date, slot: Date, now = new Date()): Promise<boolean> {
  const mine = { id: workerId, startedAt: epoch, reapedAt: null };
  const { count } = await db.workerHeartbeat.updateMany({
    where: { ...mine, OR: [{ startedThrough: null }, { startedThrough: { lte: slot } }] },
    data: { startedThrough: slot, lastSeenAt: now },
  });
  // No row matched: reaped, or a later slot is marked already (which covers this one).
  return count === 1 || (await db.workerHeartbeat.count({ where: mine })) === 1;
}

export async function retire(db: Db, workerId: string): Promise<void> {
  await db.workerHeartbeat.deleteMany({ where: { id: workerId } });
}

/** Whether any worker has been seen recently, and when the last one was. */
export async function workerStatus(db: Db, now = new Date()): Promise<{ online: boolean; lastSeenAt: string | null }> {
  const latest = await db.workerHeartbeat.findFirst({ orderBy: { lastSeenAt: "desc" } });
  if (!latest) return { online: false, lastSeenAt: null };
  return { online: now.getTime() - latest.lastSeenAt.getTime() <= ONLINE_WITHIN_MS, lastSeenAt: latest.lastSeenAt.toISOString() };
}
