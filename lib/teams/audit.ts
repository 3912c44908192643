// The audit log: who changed what in a team. Every write path records its row through
// recordAudit() with the transaction client of the change itself (or, on the driver route, its
// auditRow() in the change's transaction), so a change and its row commit together or not at all. Rows never hold a secret's value: payloads are recorded as the API
// shows them (secrets masked).
import { decodeCursor, paginate } from "../api/pagination";
import { validationError } from "../api/errors";
import type { Db, Prisma } from "../db/client";
import { requireRole, type TeamAccess } from "./access";

export const AUDIT_ACTIONS = [
  "schedule.created",
  "schedule.updated",
  "schedule.deleted",
  "schedule.enabled",
  "schedule.disabled",
  "schedule.run_requested",
  "schedule.ping_key_rotated",
  "member.added",
  "member.role_changed",
  "member.removed",
  "invitation.created",
  "invitation.accepted",
  "invitation.revoked",
  "token.created",
  "token.revoked",
  "team.created",
  "team.updated",
  "team.alert_settings_updated",
  "team.llm_endpoint_changed",
  "channel.created",
  "channel.updated",
  "channel.deleted",
  "channel.secret_rotated",
  "secret.created",
  "secret.updated",
  "secret.deleted",
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

/** Who acts: a signed-in user, an API token (its owner's email), the assistant for a user, or the system. */
export type Actor = { type: "user" | "token" | "assistant" | "system"; id: string | null; email: string | null };

export type AuditTarget = { type: "schedule" | "member" | "invitation" | "token" | "team" | "channel" | "secret"; id: string; name?: string | null };
export type Changes = Record<string, { from: unknown; to: unknown }>;

export type AuditEntry = { teamId: string; action: AuditAction; target: AuditTarget; changes?: Changes };

/**
 * The audit row of `entry`, for recordAudit and for the writes that insert it through the driver
 * (lib/schedules/schedule-writes.ts). Without its id: Prisma makes one (a uuid), and so does that route.
 */
export function auditRow(actor: Actor, entry: AuditEntry, at = new Date()) {
  return {
    teamId: entry.teamId,
    at,
    actorType: actor.type,
    actorId: actor.id,
    actorEmail: actor.email,
    action: entry.action,
    targetType: entry.target.type,
    targetId: entry.target.id,
    targetName: entry.target.name ?? null,
    changes: entry.changes === undefined ? undefined : (entry.changes as Prisma.InputJsonValue),
  } satisfies Prisma.AuditEventUncheckedCreateInput;
}

/**
 * Writes one audit row: call it with the transaction client of the change it records (or put it
 * in the same batch transaction).
 */
export function recordAudit(tx: Pick<Prisma.TransactionClient, "auditEvent">, actor: Actor, entry: AuditEntry, at = new Date()) {
  return tx.auditEvent.create({ data: auditRow(actor, entry, at), select: { id: true } });
}

/** The fields that differ between `before` and `after`, among `fields`, as {field: {from, to}}. */
export function changesOf(before: Record<string, unknown>, after: Record<string, unknown>, fields: readonly string[]): Changes {
  const changes: Changes = {};
  for (const field of fields) {
    if (!(field in after)) continue;
    const [from, to] = [before[field] ?? null, after[field] ?? null];
    if (JSON.stringify(from) !== JSON.stringify(to)) changes[field] = { from, to };
  }
  return changes;
}

export type AuditEventOut = {
  id: string;
  at: string;
  actor: { type: Actor["type"]; id: string | null; email: string | null };
  action: string;
  target: { type: string; id: string; name?: string };
  changes?: Changes;
};

type AuditQuery = { limit: number; cursor?: string; action?: string; targetId?: string };

/** The team's log, newest first, by action or target when asked (any member may read it). */
export async function listAudit(db: Db, access: TeamAccess, teamId: string, query: AuditQuery): Promise<{ items: AuditEventOut[]; nextCursor: string | null }> {
  requireRole(access, teamId, "viewer", "No such team");
  const where: Prisma.AuditEventWhereInput = { teamId };
  if (query.action) where.action = query.action;
  if (query.targetId) where.targetId = query.targetId;
  if (query.cursor) {
    const [at, id] = decodeCursor(query.cursor, 2);
    const when = new Date(at);
    if (Number.isNaN(when.getTime())) throw validationError({ cursor: "invalid cursor: pass nextCursor from the previous page unchanged" });
    where.OR = [{ at: { lt: when } }, { at: when, id: { lt: id } }];
  }
  const rows = await db.auditEvent.findMany({ where, orderBy: [{ at: "desc" }, { id: "desc" }], take: query.limit + 1 });
  const { page, nextCursor } = paginate(rows, query.limit, (r) => [r.at.toISOString(), r.id]);
  return {
    items: page.map((r) => ({
      id: r.id,
      at: r.at.toISOString(),
      actor: { type: r.actorType as Actor["type"], id: r.actorId, email: r.actorEmail },
      action: r.action,
      target: { type: r.targetType, id: r.targetId, ...(r.targetName !== null ? { name: r.targetName } : {}) },
      ...(r.changes !== null ? { changes: r.changes as Changes } : {}),
    })),
    nextCursor,
  };
}

/** Deletes rows older than `olderThan` (AUDIT_RETENTION_DAYS; the workers' retention pass). */
export async function pruneAudit(db: Db, olderThan: Date): Promise<{ deleted: number }> {
  const { count } = await db.auditEvent.deleteMany({ where: { at: { lt: olderThan } } });
  return { deleted: count };
}
