"use client";

// The chosen team and the user's role in each of their teams, for every signed-in page: lists
// and creates act in the chosen team, and controls a role may not use are not offered.
import { createContext, useContext, type ReactNode } from "react";
import type { TeamOut } from "@/lib/teams/teams";
import { roleAtLeast, type TeamRole } from "@/lib/teams/roles";

export type TeamContextValue = { userId: string; teams: TeamOut[]; current: TeamOut };

const TeamContext = createContext<TeamContextValue | null>(null);

export function TeamProvider({ value, children }: { value: TeamContextValue; children: ReactNode }) {
  return <TeamContext.Provider value={value}>{children}</TeamContext.Provider>;
}

/** The chosen team, or null outside the signed-in shell (component tests, the auth pages). */
export function useTeams(): TeamContextValue | null {
  return useContext(TeamContext);
}

/**
 * The user's role in `teamId` (a schedule's team). Outside a TeamProvider there is nothing to
 * check against, so every control is offered and the server decides, as before teams.
 */
export function useRoleIn(teamId: string | undefined): TeamRole | "unknown" {
  const teams = useTeams();
  if (!teams || !teamId) return "unknown";
  return teams.teams.find((t) => t.id === teamId)?.role ?? "unknown";
}

/**
 * Whether the user may do what `needed` may in `teamId`, and if not, why (shown beside a disabled
 * control). The server refuses anyway; this spares the user a control that can only fail.
 */
export function useTeamPermission(teamId: string | undefined, needed: TeamRole): { allowed: boolean; reason?: string } {
  const role = useRoleIn(teamId);
  if (role === "unknown" || roleAtLeast(role, needed)) return { allowed: true };
  return { allowed: false, reason: `You are ${/^[aeiou]/.test(role) ? "an" : "a"} ${role} in this team: this needs the ${needed} role` };
}
