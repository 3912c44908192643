// Run history and manual runs, scoped to the caller's teams through the run's schedule (and its
// copy of the schedule's team, Run.teamId).
import { ApiError, isUniqueViolation, notFound, validationError } from "../api/errors";
import { decodeCursor, mergedPages, paginate } from "../api/pagination";
import type { Db, Prisma, Run } from "../db/client";
import { HEARTBEAT } from "../entrypoints/heartbeat";
import { setScheduleFieldsQuery } from "../scheduler/sql";
import { readableTeams, requireRole, type TeamAccess } from "../teams/access";
import { recordAudit } from "../teams/audit";
import type { AllRunsQuery, RunOut } from "../validation/schedules";

type RunRow = Run & { schedule: { name: string } };

const iso = (d: Date | null) => (d ? d.toISOString() : null);

export function toRunOut(r: RunRow): RunOut {
  return {
    id: r.id,
    scheduleId: r.scheduleId,
    scheduleName: r.schedule.name,
    trigger: r.trigger,
    scheduledFor: r.scheduledFor.toISOString(),
    attempt: r.attempt,
    status: r.status,
    // A slot's runs claimed ahead start with one write at the slot (lib/scheduler/claims.ts), not
    // one per run: until a run finishes (and records when it began), it started at its slot.
    startedAt: iso(r.startedAt ?? (r.status === "running" ? r.runAfter : null)),
    finishedAt: iso(r.finishedAt),
    durationMs: r.durationMs,
    result: r.result ?? null,
    error: r.error ?? null,
  };
}

/**
 * Runs whose slot has come: a worker claims a slot a little before it (lib/scheduler/claims.ts),
 * and that row, with runAfter = its slot (running but not started, or queued again if its worker
 * died), is not history yet (an edit may still withdraw it).
 */
export function dueRuns(now: Date): Prisma.RunWhereInput {
  return { OR: [{ trigger: { not: "schedule" } }, { status: { notIn: ["queued", "running"] } }, { runAfter: null }, { runAfter: { lte: now } }] };
}

/** The schedule's team (and name), if the caller is in it; a 404 otherwise. */
async function findSchedule(db: Db, access: TeamAccess, scheduleId: string): Promise<{ teamId: string; name: string; entrypoint: string }> {
  const schedule = await db.schedule.findUnique({ where: { id: scheduleId }, select: { teamId: true, name: true, entrypoint: true } });
  if (!schedule || !access.roles.has(schedule.teamId)) throw notFound("No such schedule");
  return schedule;
}

/** Newest first: the runs list's order (createdAt, then id, both descending). */
const newestFirst = (a: Run, b: Run) => b.createdAt.getTime() - a.createdAt.getTime() || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0);

/**
 * Runs newest first: of one schedule (404 if it is not in one of the caller's teams), or of every
 * schedule of the caller's teams (or of `query.teamId`). Each team's page is its own walk of the
 * run's team index (Run.teamId, set by a trigger on insert) and stops at the page's size, so a
 * page costs the same whatever the size of the history; several teams' pages are merged.
 */
export async function listRuns(db: Db, access: TeamAccess, query: AllRunsQuery, scheduleId?: string, now = new Date()): Promise<{ items: RunOut[]; nextCursor: string | null }> {
  const filter: Prisma.RunWhereInput = {
    ...(query.status ? { status: query.status } : {}),
    AND: [dueRuns(now)],
  };
  if (query.cursor) {
    const [createdAt, id] = decodeCursor(query.cursor, 2);
    const at = new Date(createdAt);
    if (Number.isNaN(at.getTime())) throw validationError({ cursor: "invalid cursor: pass nextCursor from the previous page unchanged" });
    filter.OR = [{ createdAt: { lt: at } }, { createdAt: at, id: { lt: id } }];
  }
  const take = query.limit + 1;
  const pageOf = (where: Prisma.RunWhereInput) =>
    db.run.findMany({ where: { ...filter, ...where }, orderBy: [{ createdAt: "desc" }, { id: "desc" }], take, include: { schedule: { select: { name: true } } } });
  let rows: RunRow[];
  if (scheduleId !== undefined) {
    await findSchedule(db, access, scheduleId);
    rows = await pageOf({ scheduleId });
  } else {
    const pages = await Promise.all(readableTeams(access, query.teamId).map((teamId) => pageOf({ teamId })));
    rows = mergedPages(pages, newestFirst, take);
  }
  const { page, nextCursor } = paginate(rows, query.limit, (r) => [r.createdAt.toISOString(), r.id]);
  return { items: page.map(toRunOut), nextCursor };
}

/**
 * Queues a manual run now, enabled or not (the editor role); the worker starts it within its next
 * poll. `admit` (the per-account rate limit) is asked once the schedule is found and the role
 * checked: a wrong id is a 404, not a spent attempt.
 */
export async function queueManualRun(db: Db, access: TeamAccess, scheduleId: string, now = new Date(), admit?: () => Promise<void>): Promise<RunOut> {
  const schedule = await findSchedule(db, access, scheduleId);
  requireRole(access, schedule.teamId, "editor", "No such schedule");
  if (schedule.entrypoint === HEARTBEAT) throw new ApiError("conflict", "A heartbeat check runs nothing here: its runs come from pings to its ping URL");
  await admit?.();
  // The slot key is (schedule, time asked for, attempt): two clicks in the same millisecond would
  // collide, so the second one moves on by a millisecond instead of failing. lastRunStatus is
  // bookkeeping, written without moving updatedAt: workers read a moved updatedAt as an edit and
  // reload the schedule, dropping their read-ahead copy of it.
  for (let shift = 0; ; shift++) {
    try {
      const [run] = await db.$transaction([
        db.run.create({
          data: { scheduleId, trigger: "manual", scheduledFor: new Date(now.getTime() + shift), attempt: 1, status: "queued", runAfter: now },
          include: { schedule: { select: { name: true } } },
        }),
        setScheduleFieldsQuery(db, scheduleId, { lastRunStatus: "queued" }),
        recordAudit(db, access.actor, { teamId: schedule.teamId, action: "schedule.run_requested", target: { type: "schedule", id: scheduleId, name: schedule.name } }, now),
      ]);
      return toRunOut(run);
    } catch (err) {
      if (!isUniqueViolation(err) || shift >= 50) throw err;
    }
  }
}
