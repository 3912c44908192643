// The workers' look over heartbeat checks (every few seconds, with the other alert watches,
// lib/scheduler/engine.ts): checks with a slot past its grace, or a run started by a ping and
// unfinished past the schedule's timeout, are settled (lib/heartbeats/settle.ts). Every worker
// looks; settling is conditional on what it read, so each missed slot is recorded once.
import type { Db } from "../db/client";
import { graceMsOf, HEARTBEAT } from "../entrypoints/heartbeat";
import { settleCheck } from "./settle";

/** Checks settled per look at most: the rest wait for the next one. */
const LOOK_MAX = 500;

/** One look: returns how many missed and timed-out runs it recorded. */
export async function watchHeartbeats(db: Db, now: Date): Promise<number> {
  // The shortest grace is a second: checks whose cursor is older than that, read with their grace.
  const waiting = await db.schedule.findMany({
    where: { isEnabled: true, nextRunAt: { lte: new Date(now.getTime() - 1000) }, entrypoint: HEARTBEAT },
    select: { id: true, nextRunAt: true, payload: true },
    take: LOOK_MAX,
  });
  const due = new Set(waiting.filter((c) => c.nextRunAt!.getTime() + graceMsOf(c.payload) <= now.getTime()).map((c) => c.id));
  const started = await db.run.findMany({
    where: { status: "running", trigger: "ping" },
    select: { scheduleId: true, startedAt: true, schedule: { select: { timeoutSeconds: true } } },
    take: LOOK_MAX,
  });
  for (const r of started) if (r.startedAt && r.startedAt.getTime() + r.schedule.timeoutSeconds * 1000 <= now.getTime()) due.add(r.scheduleId);
  let recorded = 0;
  for (const id of due) {
    const settled = await settleCheck(db, { id }, now);
    recorded += (settled?.missed ?? 0) + (settled?.timedOut ?? 0);
  }
  return recorded;
}
