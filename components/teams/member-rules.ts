// Which member changes the UI offers, mirroring lib/teams/teams.ts (the server decides anyway):
// admins manage members up to admin; only owners make, change or remove owners.
import type { MemberOut } from "@/lib/api";
import { roleAtLeast, TEAM_ROLES, type TeamRole } from "@/lib/teams/roles";

/** Why `mine` may not change or remove `member`, or null when they may. */
export function memberChangeRefusal(mine: TeamRole, member: Pick<MemberOut, "role">): string | null {
  if (!roleAtLeast(mine, "admin")) return "Managing members needs the admin role";
  if (member.role === "owner" && !roleAtLeast(mine, "owner")) return "Only an owner may change an owner's role";
  return null;
}

/** The roles `mine` may give: every role for owners, up to admin for admins. */
export function assignableRoles(mine: TeamRole): TeamRole[] {
  return TEAM_ROLES.filter((role) => role !== "owner" || roleAtLeast(mine, "owner"));
}
