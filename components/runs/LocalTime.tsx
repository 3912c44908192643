"use client";

import { formatDateTime, formatRelative } from "../format/time";
import { useHydrated } from "./useHydrated";

type Props = {
  value: string;
  /** "absolute" (the default) in the viewer's zone, or "relative" ("3 minutes ago"). */
  mode?: "absolute" | "relative";
  /** Format in this IANA zone instead of the viewer's, naming it. */
  timeZone?: string;
};

/** "2026-11-22 00:52 UTC": identical on server and client, shown until the page has hydrated. */
function utcFallback(value: string): string {
  return `${value.slice(0, 16).replace("T", " ")} UTC`;
}

export function formatInZone(value: string, timeZone: string): string {
  return new Intl.DateTimeFormat(undefined, { weekday: "short", year: "numeric", month: "short", day: "numeric", hour: "numeric", minute: "2-digit", timeZone, timeZoneName: "short" }).format(new Date(value));
}

/** A date that is formatted for the viewer only after hydration, so server and client HTML agree. */
export function LocalTime({ value, mode = "absolute", timeZone }: Props) {
  const hydrated = useHydrated();
  let text = utcFallback(value);
  if (hydrated) text = timeZone ? formatInZone(value, timeZone) : mode === "relative" ? formatRelative(value) : formatDateTime(value);
  return (
    <time dateTime={value} title={hydrated && mode === "relative" ? formatDateTime(value) : undefined}>
      {text}
    </time>
  );
}
