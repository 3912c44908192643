// Who may do what in which team: every request that touches team-owned rows resolves the caller's
// teams once (one query) and checks each row's team against them. A team the caller is not in is
// a 404 (its rows' existence is not revealed); a role too low is a 403 that names the role needed.
import { ApiError, notFound } from "../api/errors";
import { readerOf, type Db } from "../db/client";
import type { Actor } from "./audit";
import { lowerRole, ROLE_GRANTS, roleAtLeast, type TeamRole } from "./roles";

/**
 * The caller, their role in each of their teams, the team a create goes to when none is named
 * (their personal team), and who the audit log names for what they do.
 */
export type TeamAccess = { userId: string; roles: ReadonlyMap<string, TeamRole>; defaultTeamId: string; actor: Actor };

/** One of a user's teams with their role there, as the database holds it. */
export type MembershipRow = { teamId: string; role: string };

/**
 * The id of a user's personal team. The database makes it with the account and gives it the
 * user's own id (trigger User_personal_team, migration teams), so no lookup is needed.
 */
export const personalTeamId = (userId: string): string => userId;

/**
 * The user's teams; `actor` is who acts for them (by default the user, signed in). A team-bound
 * API token narrows them to its team, at most with its role, and never above the user's role
 * there now: a member removed or demoted takes their tokens' power with them.
 */
export async function teamAccess(
  db: Db,
  user: { id: string; email: string },
  actor: Actor = { type: "user", id: user.id, email: user.email },
  binding?: { teamId: string | null; role: TeamRole | null },
): Promise<TeamAccess> {
  return accessFrom(user, actor, binding, await readMemberships(db, user.id, binding?.teamId ?? null));
}

/**
 * teamAccess from memberships already read (all of the user's: a token bound to one team keeps
 * that one), as when they came in the round trip of the caller's API token.
 */
export function accessFrom(
  user: { id: string },
  actor: Actor,
  binding: { teamId: string | null; role: TeamRole | null } | undefined,
  memberships: readonly MembershipRow[],
): TeamAccess {
  const boundTo = binding?.teamId ?? null;
  const kept = boundTo ? memberships.filter((m) => m.teamId === boundTo) : memberships;
  const roles = new Map(kept.map((m) => [m.teamId, binding?.role ? lowerRole(m.role as TeamRole, binding.role) : (m.role as TeamRole)]));
  return { userId: user.id, roles, defaultTeamId: boundTo ?? personalTeamId(user.id), actor };
}

// Every team-scoped request starts here: read through the driver (lib/db/reader.ts) when the
// client has a reader, as Prisma's per-query work was a visible share of a small request (bench:api).
const MEMBERSHIPS = {
  all: { sqlite: `SELECT "teamId", "role" FROM "Membership" WHERE "userId" = ?`, postgresql: `SELECT "teamId", "role"::text AS "role" FROM "Membership" WHERE "userId" = $1` },
  one: {
    sqlite: `SELECT "teamId", "role" FROM "Membership" WHERE "userId" = ? AND "teamId" = ?`,
    postgresql: `SELECT "teamId", "role"::text AS "role" FROM "Membership" WHERE "userId" = $1 AND "teamId" = $2`,
  },
};

async function readMemberships(db: Db, userId: string, teamId: string | null): Promise<MembershipRow[]> {
  const reader = readerOf(db);
  if (!reader) return db.membership.findMany({ where: { userId, ...(teamId ? { teamId } : {}) }, select: { teamId: true, role: true } });
  return teamId ? reader.all(MEMBERSHIPS.one, [userId, teamId]) : reader.all(MEMBERSHIPS.all, [userId]);
}

/** The teams whose rows the caller may read: all of theirs, or the one named (a 404 if not theirs). */
export function readableTeams(access: TeamAccess, teamId?: string): string[] {
  if (teamId === undefined) return [...access.roles.keys()];
  requireRole(access, teamId, "viewer", "No such team");
  return [teamId];
}

/**
 * Checks that the caller holds at least `needed` in `teamId`: a 404 saying `notFoundMessage` when
 * they are not a member (a row of that team is simply not found), a 403 naming the role otherwise.
 */
export function requireRole(access: TeamAccess, teamId: string, needed: TeamRole, notFoundMessage: string): TeamRole {
  const role = access.roles.get(teamId);
  if (!role) throw notFound(notFoundMessage);
  if (!roleAtLeast(role, needed)) {
    throw new ApiError("forbidden", `This needs the ${needed} role in this team (to ${ROLE_GRANTS[needed]}); you are ${/^[aeiou]/.test(role) ? "an" : "a"} ${role}`);
  }
  return role;
}
