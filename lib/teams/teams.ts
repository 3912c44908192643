// Teams and their members: the rules, shared by the REST API and the UI. Who may do what is in
// lib/teams/roles.ts; every call carries the caller's TeamAccess (lib/teams/access.ts), so a team
// the caller is not in is a 404, and a role too low a 403 naming the role needed.
import { ApiError, notFound } from "../api/errors";
import { readerOf, type Db, type Prisma } from "../db/client";
import { requireRole, type TeamAccess } from "./access";
import { changesOf, recordAudit } from "./audit";
import { roleAtLeast, type TeamRole } from "./roles";

const TEAM_NOT_FOUND = "No such team";
const MEMBER_NOT_FOUND = "No such member of this team";

export type TeamOut = { id: string; name: string; role: TeamRole; personal: boolean };
export type MemberOut = { userId: string; email: string; name: string | null; role: TeamRole };

const teamOut = (t: { id: string; name: string; personalOfId: string | null }, role: TeamRole): TeamOut => ({ id: t.id, name: t.name, role, personal: t.personalOfId !== null });

// Every signed-in page lists the user's teams (the sidebar's switcher): through the driver when the
// client has a reader. The caller's access may be narrower than their memberships (a token bound
// to one team), so the rows are kept to its teams.
const USER_TEAMS = {
  sqlite: `SELECT t."id", t."name", t."personalOfId" FROM "Team" t JOIN "Membership" m ON m."teamId" = t."id" WHERE m."userId" = ?`,
  postgresql: `SELECT t."id", t."name", t."personalOfId" FROM "Team" t JOIN "Membership" m ON m."teamId" = t."id" WHERE m."userId" = $1`,
};

/** The caller's teams, by name. */
export async function listTeams(db: Db, access: TeamAccess): Promise<{ items: TeamOut[] }> {
  const reader = readerOf(db);
  const teams = reader
    ? (await reader.all<{ id: string; name: string; personalOfId: string | null }>(USER_TEAMS, [access.userId])).filter((t) => access.roles.has(t.id))
    : await db.team.findMany({ where: { id: { in: [...access.roles.keys()] } }, select: { id: true, name: true, personalOfId: true } });
  const items = teams.map((t) => teamOut(t, access.roles.get(t.id)!));
  items.sort((a, b) => a.name.localeCompare(b.name) || a.id.localeCompare(b.id));
  return { items };
}

/** A new shared team, its creator its owner. */
export async function createTeam(db: Db, access: TeamAccess, input: { name: string }): Promise<TeamOut> {
  const team = await db.$transaction(async (tx) => {
    const team = await tx.team.create({ data: { name: input.name, memberships: { create: { userId: access.userId, role: "owner" } } }, select: { id: true, name: true, personalOfId: true } });
    await recordAudit(tx, access.actor, { teamId: team.id, action: "team.created", target: { type: "team", id: team.id, name: team.name } });
    return team;
  });
  return teamOut(team, "owner");
}

export async function getTeam(db: Db, access: TeamAccess, teamId: string): Promise<TeamOut> {
  const role = requireRole(access, teamId, "viewer", TEAM_NOT_FOUND);
  const team = await db.team.findUnique({ where: { id: teamId }, select: { id: true, name: true, personalOfId: true } });
  if (!team) throw notFound(TEAM_NOT_FOUND);
  return teamOut(team, role);
}

/** Renames the team (owners). */
export async function renameTeam(db: Db, access: TeamAccess, teamId: string, input: { name: string }): Promise<TeamOut> {
  const role = requireRole(access, teamId, "owner", TEAM_NOT_FOUND);
  const team = await db.$transaction(async (tx) => {
    const before = await tx.team.findUniqueOrThrow({ where: { id: teamId }, select: { name: true } });
    const team = await tx.team.update({ where: { id: teamId }, data: { name: input.name }, select: { id: true, name: true, personalOfId: true } });
    await recordAudit(tx, access.actor, { teamId, action: "team.updated", target: { type: "team", id: teamId, name: team.name }, changes: changesOf(before, team, ["name"]) });
    return team;
  });
  return teamOut(team, role);
}

/** Deletes a shared team with its schedules and their runs (owners); a personal team goes only with its account. */
export async function deleteTeam(db: Db, access: TeamAccess, teamId: string): Promise<void> {
  requireRole(access, teamId, "owner", TEAM_NOT_FOUND);
  const team = await db.team.findUnique({ where: { id: teamId }, select: { personalOfId: true } });
  if (!team) throw notFound(TEAM_NOT_FOUND);
  if (team.personalOfId !== null) throw new ApiError("conflict", "A personal team cannot be deleted: it goes with its account");
  await db.team.delete({ where: { id: teamId } });
}

export async function listMembers(db: Db, access: TeamAccess, teamId: string): Promise<{ items: MemberOut[] }> {
  requireRole(access, teamId, "viewer", TEAM_NOT_FOUND);
  const rows = await db.membership.findMany({ where: { teamId }, select: { role: true, user: { select: { id: true, email: true, name: true } } } });
  const items = rows.map((m) => ({ userId: m.user.id, email: m.user.email, name: m.user.name, role: m.role as TeamRole }));
  items.sort((a, b) => a.email.localeCompare(b.email));
  return { items };
}

/**
 * Runs `change` on the team's memberships in one transaction that then counts the owners: a change
 * that would leave none is rolled back, however many such changes race (each holds the team's row).
 */
async function keepingAnOwner(db: Db, teamId: string, change: (tx: Prisma.TransactionClient) => Promise<void>, refusal: string): Promise<void> {
  await db.$transaction(async (tx) => {
    // Taking the team's row first serializes changes to one team's members (SQLite: the write lock).
    await tx.team.update({ where: { id: teamId }, data: { updatedAt: new Date() } });
    await change(tx);
    if ((await tx.membership.count({ where: { teamId, role: "owner" } })) === 0) throw new ApiError("conflict", refusal);
  });
}

/**
 * Gives a member another role. Admins manage members up to admin; only an owner makes or unmakes
 * owners. The last owner cannot be demoted.
 */
export async function changeRole(db: Db, access: TeamAccess, teamId: string, userId: string, role: TeamRole): Promise<MemberOut> {
  const mine = requireRole(access, teamId, "admin", TEAM_NOT_FOUND);
  const member = await db.membership.findUnique({ where: { teamId_userId: { teamId, userId } }, select: { role: true, user: { select: { email: true } } } });
  if (!member) throw notFound(MEMBER_NOT_FOUND);
  if ((role === "owner" || member.role === "owner") && !roleAtLeast(mine, "owner")) {
    throw new ApiError("forbidden", "Only an owner may make someone an owner or change an owner's role; you are an admin");
  }
  await keepingAnOwner(
    db,
    teamId,
    async (tx) => {
      await tx.membership.update({ where: { teamId_userId: { teamId, userId } }, data: { role } });
      await recordAudit(tx, access.actor, {
        teamId,
        action: "member.role_changed",
        target: { type: "member", id: userId, name: member.user.email },
        changes: { role: { from: member.role, to: role } },
      });
    },
    "A team needs an owner: make someone else an owner before this one steps down",
  );
  const updated = await db.membership.findUniqueOrThrow({ where: { teamId_userId: { teamId, userId } }, select: { role: true, user: { select: { email: true, name: true } } } });
  return { userId, email: updated.user.email, name: updated.user.name, role: updated.role as TeamRole };
}

/** Removes a member (admins; owners for an owner), or lets the caller leave. The last owner cannot go. */
export async function removeMember(db: Db, access: TeamAccess, teamId: string, userId: string): Promise<void> {
  const leaving = userId === access.userId;
  const mine = requireRole(access, teamId, leaving ? "viewer" : "admin", TEAM_NOT_FOUND);
  const member = await db.membership.findUnique({ where: { teamId_userId: { teamId, userId } }, select: { role: true, user: { select: { email: true } } } });
  if (!member) throw notFound(MEMBER_NOT_FOUND);
  if (!leaving && member.role === "owner" && !roleAtLeast(mine, "owner")) throw new ApiError("forbidden", "Only an owner may remove an owner; you are an admin");
  await keepingAnOwner(
    db,
    teamId,
    async (tx) => {
      await tx.membership.delete({ where: { teamId_userId: { teamId, userId } } });
      await recordAudit(tx, access.actor, { teamId, action: "member.removed", target: { type: "member", id: userId, name: member.user.email }, changes: { role: { from: member.role, to: null } } });
    },
    leaving ? "You are this team's last owner: make someone else an owner before you leave" : "A team needs an owner: this is its last one",
  );
}
