/** As lib/validation/teams.ts TEAM_NAME_MAX (not imported: that module pulls in server code). */
export const TEAM_NAME_MAX = 100;

/** A message for a team name the server would refuse, or null; the server checks again. */
export function teamNameProblem(name: string): string | null {
  const trimmed = name.trim();
  if (!trimmed) return "Name is required";
  if (trimmed.length > TEAM_NAME_MAX) return `Name must be at most ${TEAM_NAME_MAX} characters`;
  return null;
}
