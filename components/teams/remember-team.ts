import { TEAM_COOKIE, TEAM_COOKIE_MAX_AGE_SECONDS, teamCookieValue } from "@/lib/teams/chosen-team";

/** Makes `teamId` the team the pages act in, for this user in this browser (read by the server pages). */
export function rememberTeam(userId: string, teamId: string): void {
  document.cookie = `${TEAM_COOKIE}=${teamCookieValue(userId, teamId)}; Path=/; Max-Age=${TEAM_COOKIE_MAX_AGE_SECONDS}; SameSite=Lax`;
}
