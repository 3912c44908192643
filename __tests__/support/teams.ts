// Team access for tests that act as one user in their own personal team (its id is the user's:
// lib/teams/access.ts), without a lookup.
import { personalTeamId, type TeamAccess } from "../../lib/teams/access";

export function ownerAccess(userId: string): TeamAccess {
  return { userId, roles: new Map([[personalTeamId(userId), "owner"]]), defaultTeamId: personalTeamId(userId), actor: { type: "user", id: userId, email: null } };
}
