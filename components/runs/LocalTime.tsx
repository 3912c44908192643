"use client";

import { formatDateTime, formatInNamedZone, formatRelative, stableUtc } from "../format/time";
import { useHydrated } from "./useHydrated";

type Props = {
  value: string;
  /** "absolute" (the default) in the viewer's zone, or "relative" ("3 minutes ago"). */
  mode?: "absolute" | "relative";
  /** Format in this IANA zone instead of the viewer's, naming it. */
  timeZone?: string;
};

/** A date that is formatted for the viewer only after hydration, so server and client HTML agree. */
export function LocalTime({ value, mode = "absolute", timeZone }: Props) {
  const hydrated = useHydrated();
  let text = stableUtc(value);
  if (hydrated) text = timeZone ? formatInNamedZone(value, timeZone) : mode === "relative" ? formatRelative(value) : formatDateTime(value);
  return (
    <time dateTime={value} title={hydrated && mode === "relative" ? formatDateTime(value) : undefined}>
      {text}
    </time>
  );
}
