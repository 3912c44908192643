// One way in for API handlers of team-owned rows: the authenticated caller
// (lib/auth/require-user.ts) and their teams, resolved once per request. Pages: page-access.ts.
import { requireUser, type AuthUser } from "../auth/require-user";
import { getDb, type Db } from "../db/client";
import { teamAccess, type TeamAccess } from "./access";
import type { Actor } from "./audit";

export async function requireAccess(request: Request): Promise<{ user: AuthUser; access: TeamAccess; db: Db }> {
  const user = await requireUser(request);
  const db = await getDb();
  const actor: Actor = user.token ? { type: "token", id: user.token.id, email: user.email } : { type: "user", id: user.id, email: user.email };
  return { user, access: await teamAccess(db, user, actor, user.token), db };
}

