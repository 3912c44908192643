// The team the UI acts in (the sidebar's switcher). Remembered in a cookie rather than the
// database: it is a view preference of one browser, and a page reads it in the same request
// without a query. The cookie names the user it was set for, so on a shared browser another
// account does not inherit it. No server imports: the switcher writes the cookie with the same
// functions the pages read it with.

export const TEAM_COOKIE = "almanac-team";
/** A year: the choice outlives a session, like the theme of an app. */
export const TEAM_COOKIE_MAX_AGE_SECONDS = 365 * 86_400;

/** The cookie's value for `userId` choosing `teamId`. */
export const teamCookieValue = (userId: string, teamId: string): string => `${encodeURIComponent(userId)}:${encodeURIComponent(teamId)}`;

/**
 * The team to act in: the cookie's, when it was set by this user and they are still in that team;
 * otherwise their personal team (whose id is theirs).
 */
export function chosenTeamId(userId: string, memberOf: (teamId: string) => boolean, cookie: string | undefined): string {
  if (cookie) {
    const [owner, team] = cookie.split(":").map((part) => safeDecode(part));
    if (owner === userId && team && memberOf(team)) return team;
  }
  return userId;
}

function safeDecode(part: string): string | null {
  try {
    return decodeURIComponent(part);
  } catch {
    return null;
  }
}
