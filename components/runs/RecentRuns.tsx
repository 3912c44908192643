"use client";

import { useCallback } from "react";
import Link from "next/link";
import { api, type Page, type RunOut, type RunStatus } from "@/lib/api";
import { RunListPanel } from "./RunListPanel";
import { useRunList, type LoadRuns } from "./useRunList";
import { useTeams } from "../teams/TeamContext";

/** The URL for a status filter, so a filtered list can be bookmarked and shared. */
export function runsHref(status: RunStatus | undefined): string {
  return status ? `/runs?status=${encodeURIComponent(status)}` : "/runs";
}

/** Recent runs of every schedule, each linking to its schedule; the filter is kept in ?status=. */
export function RecentRuns({ initial, initialStatus }: { initial: Page<RunOut>; initialStatus?: RunStatus }) {
  // The runs of the team chosen in the sidebar, as the server page listed them.
  const teamId = useTeams()?.current.id;
  const load = useCallback<LoadRuns>((query, signal) => api.runs.list({ ...query, teamId }, signal), [teamId]);
  const list = useRunList({ load, initial, initialStatus });
  return (
    <RunListPanel
      list={list}
      title="Recent runs"
      titleId="recent-runs-title"
      caption="Runs of all your schedules, newest first"
      showSchedule
      // Next.js keeps useSearchParams in step with replaceState, without a server round trip.
      onStatusChange={(status) => window.history.replaceState(null, "", runsHref(status))}
      empty={
        <>
          <p className="mt-3 font-medium text-zinc-900 dark:text-white">No runs yet</p>
          <p className="mt-1 text-sm text-zinc-600 dark:text-zinc-400">
            Runs appear here as your schedules fire.{" "}
            <Link href="/schedules" className="font-medium text-brand-700 underline underline-offset-2 dark:text-brand-400">
              Go to your schedules
            </Link>
          </p>
        </>
      }
    />
  );
}
