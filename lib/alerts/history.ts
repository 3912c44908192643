// Alert history: a team's or a schedule's events, newest first, each with its deliveries and their
// latest attempts. Any member of the team may read it.
import { decodeCursor, paginate } from "../api/pagination";
import { notFound, validationError } from "../api/errors";
import type { Db, Prisma } from "../db/client";
import { requireRole, type TeamAccess } from "../teams/access";
import type { AlertEventOut, AlertListQuery } from "../validation/alerts";
import type { AlertType } from "./payload";

const ATTEMPTS_SHOWN = 10;
const iso = (d: Date | null) => d?.toISOString() ?? null;

async function list(db: Db, where: Prisma.AlertEventWhereInput, query: AlertListQuery): Promise<{ items: AlertEventOut[]; nextCursor: string | null }> {
  const filter: Prisma.AlertEventWhereInput = { ...where, ...(query.type ? { type: query.type } : {}) };
  if (query.cursor) {
    let at: Date;
    let id: string;
    try {
      const [when, last] = decodeCursor(query.cursor, 2);
      [at, id] = [new Date(when), last];
      if (Number.isNaN(at.getTime())) throw new Error("bad instant");
    } catch {
      throw validationError({ cursor: "invalid cursor: pass nextCursor from the previous page unchanged" });
    }
    filter.OR = [{ createdAt: { lt: at } }, { createdAt: at, id: { lt: id } }];
  }
  const rows = await db.alertEvent.findMany({
    where: filter,
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: query.limit + 1,
    include: { deliveries: { orderBy: { createdAt: "asc" }, include: { attemptLog: { orderBy: { at: "desc" }, take: ATTEMPTS_SHOWN } } } },
  });
  const { page, nextCursor } = paginate(rows, query.limit, (r) => [r.createdAt.toISOString(), r.id]);
  return {
    items: page.map((e) => ({
      id: e.id,
      type: e.type as AlertType,
      at: e.createdAt.toISOString(),
      scheduleId: e.scheduleId,
      runId: e.runId,
      payload: e.payload as Record<string, unknown>,
      deliveries: e.deliveries.map((d) => ({
        id: d.id,
        channelId: d.channelId,
        channelName: d.channelName,
        channelType: d.channelType,
        status: d.status,
        attempts: d.attempts,
        nextAttemptAt: d.status === "pending" ? d.nextAttemptAt.toISOString() : null,
        deliveredAt: iso(d.deliveredAt),
        lastStatus: d.lastStatus,
        lastError: d.lastError,
        attemptLog: d.attemptLog.map((a) => ({ at: a.at.toISOString(), ok: a.ok, status: a.status, error: a.error, durationMs: a.durationMs })),
      })),
    })),
    nextCursor,
  };
}

export async function listTeamAlerts(db: Db, access: TeamAccess, teamId: string, query: AlertListQuery) {
  requireRole(access, teamId, "viewer", "No such team");
  return list(db, { teamId }, query);
}

export async function listScheduleAlerts(db: Db, access: TeamAccess, scheduleId: string, query: AlertListQuery) {
  const schedule = await db.schedule.findUnique({ where: { id: scheduleId }, select: { teamId: true } });
  if (!schedule || !access.roles.has(schedule.teamId)) throw notFound("No such schedule");
  return list(db, { scheduleId, teamId: schedule.teamId }, query);
}

/**
 * Deletes alert events older than `olderThan` (ALERT_RETENTION_DAYS; the workers' retention
 * pass), with their deliveries and attempts; an event with a delivery still pending is kept.
 * At most 500 per call, so a pass never holds the database long.
 */
export async function pruneAlerts(db: Db, olderThan: Date): Promise<{ deleted: number }> {
  const old = await db.alertEvent.findMany({ where: { createdAt: { lt: olderThan }, deliveries: { none: { status: "pending" } } }, select: { id: true }, take: 500 });
  if (old.length === 0) return { deleted: 0 };
  const { count } = await db.alertEvent.deleteMany({ where: { id: { in: old.map((e) => e.id) } } });
  return { deleted: count };
}
