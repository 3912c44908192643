// API tokens as team resources: a token bound to a team is made by an admin of it (the team's API
// tokens are theirs to manage), with a role no higher than their own; making and revoking a token
// leaves an audit row in its team (an unbound token's: its user's personal team).
import { ApiError, notFound } from "../api/errors";
import { createApiToken } from "../auth/api-tokens";
import type { Db } from "../db/client";
import { personalTeamId, requireRole, type TeamAccess } from "./access";
import { recordAudit } from "./audit";
import { roleAtLeast, type TeamRole } from "./roles";

export async function createToken(db: Db, access: TeamAccess, input: { name: string; teamId?: string; role?: TeamRole }, expiresAt: Date | null) {
  if (input.teamId !== undefined) {
    const mine = requireRole(access, input.teamId, "admin", "No such team");
    if (input.role && !roleAtLeast(mine, input.role)) throw new ApiError("forbidden", `A token's role may not be above yours: you are ${/^[aeiou]/.test(mine) ? "an" : "a"} ${mine} in this team`);
  }
  const teamId = input.teamId ?? personalTeamId(access.userId);
  return db.$transaction(async (tx) => {
    const created = await createApiToken(tx, access.userId, input, expiresAt);
    await recordAudit(tx, access.actor, { teamId, action: "token.created", target: { type: "token", id: created.id, name: created.name }, changes: input.role ? { role: { from: null, to: input.role } } : undefined });
    return created;
  });
}

export async function revokeToken(db: Db, access: TeamAccess, id: string): Promise<void> {
  await db.$transaction(async (tx) => {
    const token = await tx.apiToken.findFirst({ where: { id, userId: access.userId }, select: { name: true, teamId: true } });
    if (!token) throw notFound("No such API token");
    await tx.apiToken.delete({ where: { id } });
    await recordAudit(tx, access.actor, { teamId: token.teamId ?? personalTeamId(access.userId), action: "token.revoked", target: { type: "token", id, name: token.name } });
  });
}
