// The workers' look over heartbeat checks (every few seconds, with the other alert watches,
// lib/scheduler/engine.ts): checks with a slot past its grace, or a run started by a ping and
// unfinished past the schedule's timeout, are settled (lib/heartbeats/settle.ts). Every worker
// looks; settling is conditional on what it read, so each missed slot is recorded once.
import type { Db } from "../db/client";
import { graceMsOf, HEARTBEAT } from "../entrypoints/heartbeat";
import { settleCheck } from "./settle";

/** Checks settled per look at most: the rest wait for the next one. Also the page size of its reads. */
const LOOK_MAX = 500;

/**
 * One look: returns how many missed and timed-out runs it recorded. `pageSize` is for tests: every
 * check whose slot has come is read, page by page, so checks waiting within a long grace never
 * hide one past a short grace behind them.
 */
export async function watchHeartbeats(db: Db, now: Date, pageSize = LOOK_MAX): Promise<number> {
  const t = now.getTime();
  const due = new Set<string>();
  // The shortest grace is a second: checks whose cursor is older than that, read with their grace.
  const base = { isEnabled: true, nextRunAt: { lte: new Date(t - 1000) }, entrypoint: HEARTBEAT };
  for (let after: { id: string; nextRunAt: Date } | null = null; due.size < LOOK_MAX; ) {
    const page: { id: string; nextRunAt: Date | null; payload: unknown }[] = await db.schedule.findMany({
      where: after ? { AND: [base, { OR: [{ nextRunAt: { gt: after.nextRunAt } }, { nextRunAt: after.nextRunAt, id: { gt: after.id } }] }] } : base,
      select: { id: true, nextRunAt: true, payload: true },
      orderBy: [{ nextRunAt: "asc" }, { id: "asc" }],
      take: pageSize,
    });
    for (const c of page) if (c.nextRunAt!.getTime() + graceMsOf(c.payload) <= t) due.add(c.id);
    if (page.length < pageSize) break;
    after = { id: page[page.length - 1].id, nextRunAt: page[page.length - 1].nextRunAt! };
  }
  // Runs started by a ping, oldest first, read the same way: those past their schedule's timeout.
  for (let after: { id: string; startedAt: Date } | null = null; due.size < LOOK_MAX; ) {
    const base = { status: "running" as const, trigger: "ping" as const };
    const page: { id: string; scheduleId: string; startedAt: Date | null; schedule: { timeoutSeconds: number } }[] = await db.run.findMany({
      where: after ? { AND: [base, { OR: [{ startedAt: { gt: after.startedAt } }, { startedAt: after.startedAt, id: { gt: after.id } }] }] } : base,
      select: { id: true, scheduleId: true, startedAt: true, schedule: { select: { timeoutSeconds: true } } },
      orderBy: [{ startedAt: "asc" }, { id: "asc" }],
      take: pageSize,
    });
    for (const r of page) if (r.startedAt && r.startedAt.getTime() + r.schedule.timeoutSeconds * 1000 <= t) due.add(r.scheduleId);
    if (page.length < pageSize) break;
    const last = page[page.length - 1];
    if (!last.startedAt) break; // a ping's run always has one
    after = { id: last.id, startedAt: last.startedAt };
  }
  let recorded = 0;
  for (const id of due) {
    const settled = await settleCheck(db, { id }, now);
    recorded += (settled?.missed ?? 0) + (settled?.timedOut ?? 0);
  }
  return recorded;
}
