"use client";

import { sameZoneName } from "@/lib/cron/zone-aliases";
import { browserTimezone, formatRunTime, stableUtc } from "../format/time";
import { useHydrated } from "../runs/useHydrated";

/** The next runs in the schedule's zone and, when it differs, the viewer's. */
export function UpcomingRuns({ runs, timezone, enabled }: { runs: string[]; timezone: string; enabled: boolean }) {
  const hydrated = useHydrated();
  // The viewer's zone is only known in the browser; until then one column in UTC.
  const local = hydrated ? browserTimezone() : null;
  // A schedule saved as "Asia/Calcutta" is the viewer's zone too when the browser says "Asia/Kolkata".
  const twoZones = local !== null && !sameZoneName(local, timezone);
  if (runs.length === 0) return <p className="text-sm text-zinc-600 dark:text-zinc-400">This expression has no upcoming runs.</p>;
  return (
    <div className="space-y-2">
      {!enabled && <p className="text-sm text-amber-700 dark:text-amber-400">Paused: these are the times it will run once enabled.</p>}
      <table className="w-full text-sm">
        <caption className="sr-only">Next {runs.length} runs</caption>
        <thead>
          <tr className="text-left text-xs font-medium text-zinc-500 dark:text-zinc-400">
            <th scope="col" className="pb-1.5 pr-3 font-medium">
              {hydrated ? timezone : "UTC"}
            </th>
            {twoZones && (
              <th scope="col" className="pb-1.5 font-medium">
                Your time ({local})
              </th>
            )}
          </tr>
        </thead>
        <tbody className="divide-y divide-zinc-100 dark:divide-white/5">
          {runs.map((at) => (
            <tr key={at}>
              <td className="py-1.5 pr-3 tabular-nums text-zinc-900 dark:text-zinc-100">
                <time dateTime={at}>{hydrated ? formatRunTime(at, timezone) : stableUtc(at)}</time>
              </td>
              {twoZones && (
                <td className="py-1.5 tabular-nums text-zinc-600 dark:text-zinc-400">
                  <time dateTime={at}>{formatRunTime(at, local)}</time>
                </td>
              )}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
