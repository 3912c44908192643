// One way in for pages that show team-owned rows: the signed-in user (or a redirect to sign in),
// their teams and the team chosen in the sidebar. Apart from request-access.ts (API handlers): a
// page reads its request through next/headers, and a missing session is a redirect, not a 401.
import { cookies } from "next/headers";
import { cache } from "react";
import { requirePageUser } from "../auth/current-user";
import { getDb, type Db } from "../db/client";
import type { PublicUser } from "../users/accounts";
import { teamAccess, type TeamAccess } from "./access";
import { chosenTeamId, TEAM_COOKIE } from "./chosen-team";

/**
 * The signed-in user of a page (or a redirect to sign in), their teams and the chosen one; once
 * per request (React's `cache`): the signed-in layout asks, then the page.
 */
export const requirePageAccess = cache(async (): Promise<{ user: PublicUser; access: TeamAccess; db: Db; teamId: string }> => {
  const user = await requirePageUser();
  const db = await getDb();
  const access = await teamAccess(db, user);
  const teamId = chosenTeamId(user.id, (id) => access.roles.has(id), (await cookies()).get(TEAM_COOKIE)?.value);
  return { user, access, db, teamId };
});
