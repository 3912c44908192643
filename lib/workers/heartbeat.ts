// Worker liveness: each worker upserts its row every HEARTBEAT_INTERVAL_MS. The UI and /api/health
// call a worker online while its row is under ONLINE_WITHIN_MS old; a worker silent for
// STALE_AFTER_MS is considered gone (its "running" runs can be taken over).
import os from "node:os";
import type { Db } from "../db/client";

export const HEARTBEAT_INTERVAL_MS = 5_000;
export const ONLINE_WITHIN_MS = 15_000;
export const STALE_AFTER_MS = 30_000;

export async function beat(db: Db, workerId: string, startedAt: Date, now = new Date()): Promise<void> {
  await db.workerHeartbeat.upsert({
    where: { id: workerId },
    create: { id: workerId, hostname: os.hostname(), pid: process.pid, startedAt, lastSeenAt: now },
    update: { lastSeenAt: now, hostname: os.hostname(), pid: process.pid },
  });
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
