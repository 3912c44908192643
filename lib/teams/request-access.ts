// One way in for API handlers of team-owned rows: the authenticated caller
// (lib/auth/require-user.ts) and their teams, resolved once per request. Pages: page-access.ts.
import { requireUserWithMemberships, type AuthUser } from "../auth/require-user";
import { getDb, type Db } from "../db/client";
import { accessFrom, teamAccess, type TeamAccess } from "./access";
import type { Actor } from "./audit";

export async function requireAccess(request: Request): Promise<{ user: AuthUser; access: TeamAccess; db: Db }> {
  // With an API token, the owner's memberships come in the token's own round trip.
  const { user, memberships } = await requireUserWithMemberships(request);
  const db = await getDb();
  const actor: Actor = user.token ? { type: "token", id: user.token.id, email: user.email } : { type: "user", id: user.id, email: user.email };
  const access = memberships ? accessFrom(user, actor, user.token, memberships) : await teamAccess(db, user, actor, user.token);
  return { user, access, db };
}

