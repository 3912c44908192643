"use client";

import { useEffect, useState } from "react";
import { sameZoneName } from "@/lib/cron/zone-aliases";
import { browserTimezone, formatInZone, formatRelative, stableUtc } from "../format/time";

const TICK_MS = 30_000;

/** When a schedule fires next: "in 4 minutes", with the exact time in both zones on hover. */
export function NextRun({ at, timezone }: { at: string | null; timezone: string }) {
  // Null until mounted: relative and local times differ between server and browser.
  const [now, setNow] = useState<Date | null>(null);
  useEffect(() => {
    setNow(new Date());
    const timer = setInterval(() => setNow(new Date()), TICK_MS);
    return () => clearInterval(timer);
  }, []);

  if (!at) return <span className="text-zinc-500 dark:text-zinc-400">not scheduled</span>;
  if (!now) return <time dateTime={at}>{stableUtc(at)}</time>;

  const local = browserTimezone();
  const title =
    local && !sameZoneName(local, timezone) ? `${formatInZone(at)} your time (${local})\n${formatInZone(at, timezone)} ${timezone}` : `${formatInZone(at, timezone)} ${timezone}`;
  return (
    <time dateTime={at} title={title}>
      {formatRelative(at, now)}
    </time>
  );
}
