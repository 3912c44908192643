// Date text for the schedules UI. Everything here depends on the viewer's locale and zone, so call
// it only in the browser after mount (or after a user action), never during the server render.

/** "Nov 22, 2026, 9:00 AM" in `timeZone` (the viewer's own when left out). */
export function formatInZone(iso: string, timeZone?: string): string {
  return new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeStyle: "short", timeZone }).format(new Date(iso));
}

/** "Mon, Nov 23, 09:00" in `timeZone`: compact, for lists of upcoming runs. */
export function formatRunTime(iso: string, timeZone: string): string {
  return new Intl.DateTimeFormat(undefined, { weekday: "short", month: "short", day: "numeric", hour: "2-digit", minute: "2-digit", timeZone }).format(new Date(iso));
}

/** The same text on server and client ("2026-11-22 09:00 UTC"), shown until the browser formats it. */
export function stableUtc(iso: string): string {
  return `${iso.slice(0, 16).replace("T", " ")} UTC`;
}

/** The viewer's IANA zone, or null if the browser does not say. */
export function browserTimezone(): string | null {
  try {
    return Intl.DateTimeFormat().resolvedOptions().timeZone || null;
  } catch {
    return null;
  }
}
