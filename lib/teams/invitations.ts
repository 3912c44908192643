// Invitations: a link that lets someone join a team with a role. The token ("inv_" + 32 random
// bytes) is returned once, to whoever invites; only its SHA-256 is stored. An invitation made for
// an email is accepted only by the account with that email; one that was used, revoked or has
// expired is refused with a message that says which.
import { createHash, randomBytes } from "node:crypto";
import { ApiError, notFound } from "../api/errors";
import type { Db } from "../db/client";
import { env } from "../env";
import { requireRole, type TeamAccess } from "./access";
import { recordAudit, type Actor } from "./audit";
import { roleAtLeast, type TeamRole } from "./roles";

export const INVITATION_TOKEN_PREFIX = "inv_";
const DAY_MS = 86_400_000;

const hashToken = (token: string) => createHash("sha256").update(token).digest("hex");

export type InvitationOut = { id: string; email: string | null; role: TeamRole; expiresAt: string; createdAt: string };
export type InvitationCreated = { id: string; token: string; url: string; expiresAt: string };

/** Where an invitation's link points: the invitation page of this site. */
export const invitationPath = (token: string) => `/invitations/${encodeURIComponent(token)}`;

/**
 * Makes an invitation (admins; an owner's role only by an owner). `origin` is this site's, for the
 * link (NEXTAUTH_URL when set).
 */
export async function createInvitation(
  db: Db,
  access: TeamAccess,
  teamId: string,
  input: { email?: string; role: TeamRole },
  origin: string,
  now = new Date(),
): Promise<InvitationCreated> {
  const mine = requireRole(access, teamId, "admin", "No such team");
  if (input.role === "owner" && !roleAtLeast(mine, "owner")) throw new ApiError("forbidden", "Only an owner may invite an owner; you are an admin");
  const token = INVITATION_TOKEN_PREFIX + randomBytes(32).toString("base64url");
  const row = await db.$transaction(async (tx) => {
    const row = await tx.invitation.create({
      data: {
        teamId,
        email: input.email?.toLowerCase() ?? null,
        role: input.role,
        tokenHash: hashToken(token),
        expiresAt: new Date(now.getTime() + env().INVITATION_TTL_DAYS * DAY_MS),
        createdById: access.userId,
      },
    });
    await recordAudit(tx, access.actor, { teamId, action: "invitation.created", target: { type: "invitation", id: row.id, name: row.email }, changes: { role: { from: null, to: row.role } } }, now);
    return row;
  });
  return { id: row.id, token, url: new URL(invitationPath(token), origin).toString(), expiresAt: row.expiresAt.toISOString() };
}

/** The team's pending invitations (neither used, revoked nor expired), newest first (admins). */
export async function listInvitations(db: Db, access: TeamAccess, teamId: string, now = new Date()): Promise<{ items: InvitationOut[] }> {
  requireRole(access, teamId, "admin", "No such team");
  const rows = await db.invitation.findMany({
    where: { teamId, acceptedAt: null, revokedAt: null, expiresAt: { gt: now } },
    orderBy: { createdAt: "desc" },
  });
  return { items: rows.map((r) => ({ id: r.id, email: r.email, role: r.role as TeamRole, expiresAt: r.expiresAt.toISOString(), createdAt: r.createdAt.toISOString() })) };
}

/** Revokes a pending invitation (admins). */
export async function revokeInvitation(db: Db, access: TeamAccess, teamId: string, id: string, now = new Date()): Promise<void> {
  requireRole(access, teamId, "admin", "No such team");
  await db.$transaction(async (tx) => {
    const { count } = await tx.invitation.updateMany({ where: { id, teamId, acceptedAt: null, revokedAt: null }, data: { revokedAt: now } });
    if (count === 0) throw notFound("No such pending invitation in this team");
    const { email } = await tx.invitation.findUniqueOrThrow({ where: { id }, select: { email: true } });
    await recordAudit(tx, access.actor, { teamId, action: "invitation.revoked", target: { type: "invitation", id, name: email } }, now);
  });
}

/** What an invitation offers, for the page that asks whether to accept it; null when the token is unknown. */
export async function describeInvitation(db: Db, token: string): Promise<{ teamName: string; role: TeamRole; email: string | null; state: "pending" | "accepted" | "revoked" | "expired" } | null> {
  const row = await db.invitation.findUnique({ where: { tokenHash: hashToken(token) }, include: { team: { select: { name: true } } } });
  if (!row) return null;
  const state = row.acceptedAt ? "accepted" : row.revokedAt ? "revoked" : row.expiresAt <= new Date() ? "expired" : "pending";
  return { teamName: row.team.name, role: row.role as TeamRole, email: row.email, state };
}

/**
 * Accepts an invitation as `user`: they join its team with its role. Once: the invitation is
 * marked used in the same transaction as the membership is made, on condition that it still is
 * pending, so two accepts of one link make one member.
 */
export async function acceptInvitation(db: Db, user: { id: string; email: string }, actor: Actor, token: string, now = new Date()): Promise<{ teamId: string; role: TeamRole }> {
  const row = await db.invitation.findUnique({ where: { tokenHash: hashToken(token) } });
  if (!row) throw notFound("No such invitation: check the link, or ask for a new one");
  if (row.acceptedAt) throw new ApiError("gone", "This invitation was already used; ask for a new one");
  if (row.revokedAt) throw new ApiError("gone", "This invitation was revoked; ask for a new one");
  if (row.expiresAt <= now) throw new ApiError("gone", "This invitation has expired; ask for a new one");
  if (row.email && row.email !== user.email.toLowerCase()) {
    throw new ApiError("forbidden", "This invitation is for another email address: sign in with the account it was sent to");
  }
  if (await db.membership.findUnique({ where: { teamId_userId: { teamId: row.teamId, userId: user.id } } })) {
    throw new ApiError("conflict", "You are already a member of this team");
  }
  await db.$transaction(async (tx) => {
    const { count } = await tx.invitation.updateMany({ where: { id: row.id, acceptedAt: null, revokedAt: null }, data: { acceptedAt: now, acceptedById: user.id } });
    if (count === 0) throw new ApiError("gone", "This invitation was just used or revoked; ask for a new one");
    await tx.membership.create({ data: { teamId: row.teamId, userId: user.id, role: row.role } });
    await recordAudit(tx, actor, { teamId: row.teamId, action: "invitation.accepted", target: { type: "invitation", id: row.id, name: row.email } }, now);
    await recordAudit(tx, actor, { teamId: row.teamId, action: "member.added", target: { type: "member", id: user.id, name: user.email }, changes: { role: { from: null, to: row.role } } }, now);
  });
  return { teamId: row.teamId, role: row.role as TeamRole };
}
