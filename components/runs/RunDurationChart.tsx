"use client";

import type { RunOut, RunStatus } from "@/lib/api";
import { formatDateTime } from "../format/time";
import { formatDuration, median } from "./duration";
import { isActiveRun, RUN_STATUS_LABELS } from "./run-status";
import { useHydrated } from "./useHydrated";

export const CHART_RUNS = 30;

// The same hues as RunStatusBadge, so a red bar and a red badge mean the same thing.
const BAR_FILL: Record<RunStatus, string> = {
  queued: "fill-zinc-400",
  running: "fill-sky-500",
  succeeded: "fill-emerald-500",
  failed: "fill-red-500",
  timed_out: "fill-orange-500",
  skipped: "fill-zinc-300 dark:fill-zinc-600",
  lost: "fill-amber-400",
  missed: "fill-rose-400",
};

const WIDTH = 300;
const HEIGHT = 64;
const GAP = 2;
const MIN_BAR = 2; // runs with no duration (skipped, lost) still get a visible stub

/** The last finished runs, oldest first, from a newest-first list. */
export function finishedRuns(runs: RunOut[], count = CHART_RUNS): RunOut[] {
  return runs.filter((r) => !isActiveRun(r.status)).slice(0, count).reverse();
}

/** "27 of 30 succeeded, median 120 ms". */
export function chartSummary(runs: RunOut[]): string {
  const succeeded = runs.filter((r) => r.status === "succeeded").length;
  const mid = median(runs.flatMap((r) => (r.durationMs === null ? [] : [r.durationMs])));
  return `${succeeded} of ${runs.length} succeeded${mid === null ? "" : `, median ${formatDuration(mid)}`}`;
}

/** Durations of the last ~30 finished runs as bars coloured by status: the job's health at a glance. */
export function RunDurationChart({ runs }: { runs: RunOut[] }) {
  const hydrated = useHydrated();
  const bars = finishedRuns(runs);
  if (bars.length === 0) {
    return <p className="text-sm text-zinc-600 dark:text-zinc-400">No finished runs yet: the chart fills in as the schedule runs.</p>;
  }
  const summary = chartSummary(bars);
  const longest = Math.max(1, ...bars.map((r) => r.durationMs ?? 0));
  const slot = WIDTH / CHART_RUNS;
  return (
    <figure className="space-y-2">
      <svg
        role="group"
        aria-label={`Durations of the last ${bars.length} finished runs, oldest first`}
        viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
        preserveAspectRatio="none"
        className="h-16 w-full overflow-visible"
      >
        <line x1={0} x2={WIDTH} y1={HEIGHT - 0.5} y2={HEIGHT - 0.5} className="stroke-zinc-200 dark:stroke-zinc-700" strokeWidth={1} />
        {bars.map((run, i) => {
          const h = Math.max(MIN_BAR, ((run.durationMs ?? 0) / longest) * (HEIGHT - 4));
          // Times are in the viewer's zone, so they are added only after hydration.
          const label = `${RUN_STATUS_LABELS[run.status]}, ${formatDuration(run.durationMs)}${hydrated ? `, ${formatDateTime(run.scheduledFor)}` : ""}`;
          return (
            <rect
              key={run.id}
              role="img"
              aria-label={label}
              data-status={run.status}
              x={i * slot + GAP / 2}
              y={HEIGHT - h}
              width={slot - GAP}
              height={h}
              rx={1}
              className={BAR_FILL[run.status]}
            >
              <title>{label}</title>
            </rect>
          );
        })}
      </svg>
      <figcaption className="text-sm text-zinc-700 dark:text-zinc-300">{summary}</figcaption>
    </figure>
  );
}
