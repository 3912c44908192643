// Team roles, each including what the ones before it may do. No database imports here: the UI
// uses this module to decide which controls to offer (the server checks again).
export const TEAM_ROLES = ["viewer", "editor", "admin", "owner"] as const;
export type TeamRole = (typeof TEAM_ROLES)[number];

/** What each role adds, for messages and the UI. */
export const ROLE_GRANTS: Record<TeamRole, string> = {
  viewer: "read the team's schedules, runs, members and audit log",
  editor: "create, edit, delete, enable, disable and run schedules",
  admin: "manage members, invitations and the team's API tokens",
  owner: "rename or delete the team and make other owners",
};

/** Whether `role` may do what `needed` may. */
export function roleAtLeast(role: TeamRole, needed: TeamRole): boolean {
  return TEAM_ROLES.indexOf(role) >= TEAM_ROLES.indexOf(needed);
}

/** The lower of two roles (a team-bound token never acts above its creator's role). */
export function lowerRole(a: TeamRole, b: TeamRole): TeamRole {
  return roleAtLeast(a, b) ? b : a;
}
