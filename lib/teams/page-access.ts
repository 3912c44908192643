// One way in for pages that show team-owned rows: the signed-in user (or a redirect to sign in)
// and their teams. Apart from request-access.ts: the page session pulls in next-auth, which reads
// the environment when it loads.
import { requirePageUser } from "../auth/current-user";
import { getDb, type Db } from "../db/client";
import type { PublicUser } from "../users/accounts";
import { teamAccess, type TeamAccess } from "./access";

/** The signed-in user of a page (or a redirect to sign in) and their teams. */
export async function requirePageAccess(): Promise<{ user: PublicUser; access: TeamAccess; db: Db }> {
  const user = await requirePageUser();
  const db = await getDb();
  return { user, access: await teamAccess(db, user), db };
}
