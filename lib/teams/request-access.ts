// One way in for handlers and pages of team-owned rows: the authenticated caller
// (lib/auth/require-user.ts, lib/auth/current-user.ts) and their teams, resolved once per request.
import { requirePageUser } from "../auth/current-user";
import { requireUser, type AuthUser } from "../auth/require-user";
import type { PublicUser } from "../users/accounts";
import { getDb, type Db } from "../db/client";
import { teamAccess, type TeamAccess } from "./access";

export async function requireAccess(request: Request): Promise<{ user: AuthUser; access: TeamAccess; db: Db }> {
  const user = await requireUser(request);
  const db = await getDb();
  return { user, access: await teamAccess(db, user.id), db };
}

/** The signed-in user of a page (or a redirect to sign in) and their teams. */
export async function requirePageAccess(): Promise<{ user: PublicUser; access: TeamAccess; db: Db }> {
  const user = await requirePageUser();
  const db = await getDb();
  return { user, access: await teamAccess(db, user.id), db };
}
