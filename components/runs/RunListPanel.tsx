"use client";

import type { ReactNode } from "react";
import { History, RefreshCw } from "@/components/ui/icons";
import type { RunStatus } from "@/lib/api";
import { ErrorAlert } from "../ui/Alert";
import { Button } from "../ui/Button";
import { RUN_STATUS_LABELS } from "./run-status";
import { RunStatusFilter } from "./RunStatusFilter";
import { RunEndedContext } from "./run-ended";
import { RunTable } from "./RunTable";
import type { useRunList } from "./useRunList";

type Props = {
  list: ReturnType<typeof useRunList>;
  title: ReactNode;
  titleId: string;
  caption: string;
  showSchedule?: boolean;
  /** Shown when there are no runs at all (no filter). */
  empty: ReactNode;
  onStatusChange?: (status: RunStatus | undefined) => void;
  /** A run whose row starts open (showing its output): the one "Run now" just queued. */
  openRunId?: string | null;
};

/** A card with a run list: its heading and status filter, the table, errors, and "Load more". */
export function RunListPanel({ list, title, titleId, caption, showSchedule, empty, onStatusChange, openRunId }: Props) {
  const { runs, status, filtering, loadingMore, nextCursor, error } = list;
  return (
    <section aria-labelledby={titleId} className="rounded-xl bg-white shadow-sm ring-1 ring-zinc-200 dark:bg-zinc-900 dark:ring-white/10">
      <div className="flex flex-wrap items-center justify-between gap-3 border-b border-zinc-200 px-4 py-3 sm:px-5 dark:border-white/10">
        <h2 id={titleId} className="text-base font-semibold text-zinc-900 dark:text-white">
          {title}
        </h2>
        <RunStatusFilter
          id={`${titleId}-status`}
          value={status}
          onChange={(next) => {
            list.setStatus(next);
            onStatusChange?.(next);
          }}
        />
      </div>
      <div aria-busy={filtering || undefined} className={filtering ? "opacity-60 transition-opacity" : undefined}>
        {error && (
          <div className="p-4">
            <ErrorAlert
              action={
                <Button variant="secondary" size="sm" onClick={() => void list.retry()}>
                  <RefreshCw aria-hidden className="size-4" />
                  Try again
                </Button>
              }
            >
              <p className="font-medium">Could not load runs.</p>
              <p className="mt-0.5">{error}</p>
            </ErrorAlert>
          </div>
        )}
        {runs.length > 0 ? (
          <RunEndedContext.Provider value={list.refresh}>
            <RunTable runs={runs} caption={caption} showSchedule={showSchedule} openRunId={openRunId} />
          </RunEndedContext.Provider>
        ) : (
          !filtering && !error && (
            <div className="px-5 py-10 text-center">
              <History aria-hidden className="mx-auto size-8 text-zinc-300 dark:text-zinc-600" />
              {status ? <p className="mt-3 text-sm text-zinc-600 dark:text-zinc-400">No {RUN_STATUS_LABELS[status]} runs.</p> : empty}
            </div>
          )
        )}
      </div>
      <div className="flex items-center justify-between gap-3 px-4 py-3 sm:px-5">
        <p role="status" className="text-xs text-zinc-500 dark:text-zinc-400">
          {filtering ? "Loading runs…" : `${runs.length} ${runs.length === 1 ? "run" : "runs"} shown`}
        </p>
        {nextCursor && (
          <Button variant="secondary" size="sm" pending={loadingMore} disabled={filtering} onClick={() => void list.loadMore()}>
            Load more
          </Button>
        )}
      </div>
    </section>
  );
}
