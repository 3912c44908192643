// One way in for API handlers of team-owned rows: the authenticated caller
// (lib/auth/require-user.ts) and their teams, resolved once per request. Pages: page-access.ts.
import { requireUserWithMemberships, type AuthUser } from "../auth/require-user";
import { getDb, readerFor, type Db } from "../db/client";
import { runPlan, type ReadPlan } from "../db/reader";
import { accessFrom, teamAccess, type TeamAccess } from "./access";
import type { Actor } from "./audit";

/**
 * The caller and their teams, and with `plan`, its result (`planned`): with an API token, the
 * owner's memberships and the plan's reads come in the token's own round trip. The plan's rows are
 * read before the caller is known: show them only to whom `access` allows.
 */
export async function requireAccess<T = undefined>(request: Request, plan?: ReadPlan<T>): Promise<{ user: AuthUser; access: TeamAccess; db: Db; planned: T }> {
  const { user, memberships, planned } = await requireUserWithMemberships(request, plan?.reads);
  const db = await getDb();
  const actor: Actor = user.token ? { type: "token", id: user.token.id, email: user.email } : { type: "user", id: user.id, email: user.email };
  const access = memberships ? accessFrom(user, actor, user.token, memberships) : await teamAccess(db, user, actor, user.token);
  if (!plan) return { user, access, db, planned: undefined as T };
  return { user, access, db, planned: planned ? plan.result(planned) : await runPlan(readerFor(db), plan) };
}

