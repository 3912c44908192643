// Date display shared by the UI. Apart from stableUtc, everything here depends on the viewer's
// locale and zone: call it only in the browser after hydration (or after a user action), never
// during the server render.
import { currentZoneName } from "@/lib/cron/zone-aliases";

const UNITS: Array<[Intl.RelativeTimeFormatUnit, number]> = [
  ["year", 365 * 86_400_000],
  ["month", 30 * 86_400_000],
  ["week", 7 * 86_400_000],
  ["day", 86_400_000],
  ["hour", 3_600_000],
  ["minute", 60_000],
  ["second", 1_000],
];

/** "3 minutes ago", "in 2 days", "just now". */
export function formatRelative(value: string | Date, now: Date = new Date()): string {
  const diff = new Date(value).getTime() - now.getTime();
  if (Math.abs(diff) < 10_000) return "just now";
  const rtf = new Intl.RelativeTimeFormat("en", { numeric: "auto" });
  for (const [unit, ms] of UNITS) {
    if (Math.abs(diff) >= ms || unit === "second") return rtf.format(Math.round(diff / ms), unit);
  }
  return "just now";
}

export function formatDate(value: string | Date): string {
  return new Intl.DateTimeFormat(undefined, { dateStyle: "medium" }).format(new Date(value));
}

export function formatDateTime(value: string | Date): string {
  return new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeStyle: "short" }).format(new Date(value));
}

/** "Nov 22, 2026, 9:00 AM" in `timeZone` (the viewer's own when left out). */
export function formatInZone(iso: string, timeZone?: string): string {
  return new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeStyle: "short", timeZone }).format(new Date(iso));
}

/** "Sun, Nov 22, 2026, 9:00 AM EST": in `timeZone`, naming it. */
export function formatInNamedZone(iso: string, timeZone: string): string {
  return new Intl.DateTimeFormat(undefined, { weekday: "short", year: "numeric", month: "short", day: "numeric", hour: "numeric", minute: "2-digit", timeZone, timeZoneName: "short" }).format(new Date(iso));
}

/** "Mon, Nov 23, 09:00" in `timeZone`: compact, for lists of upcoming runs. */
export function formatRunTime(iso: string, timeZone: string): string {
  return new Intl.DateTimeFormat(undefined, { weekday: "short", month: "short", day: "numeric", hour: "2-digit", minute: "2-digit", timeZone }).format(new Date(iso));
}

/** The same text on server and client ("2026-11-22 09:00 UTC"), shown until the browser formats it. */
export function stableUtc(iso: string): string {
  return `${iso.slice(0, 16).replace("T", " ")} UTC`;
}

/** The viewer's IANA zone by its current name ("Asia/Kolkata", not ICU's "Asia/Calcutta"), or null if the browser does not say. */
export function browserTimezone(): string | null {
  try {
    const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
    return zone ? currentZoneName(zone) : null;
  } catch {
    return null;
  }
}
