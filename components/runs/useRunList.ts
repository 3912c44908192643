"use client";

import { useCallback, useEffect, useRef, useState } from "react";
import { errorMessage, type Page, type RunOut, type RunStatus } from "@/lib/api";
import { POLL_MS, RUNS_PAGE_SIZE } from "./paging";
import { isActiveRun } from "./run-status";

export type RunQuery = { status?: RunStatus; cursor?: string; limit?: number };
export type LoadRuns = (query: RunQuery, signal?: AbortSignal) => Promise<Page<RunOut>>;


type Options = {
  load: LoadRuns;
  /** The first page for `initialStatus`, rendered by the server. */
  initial: Page<RunOut>;
  initialStatus?: RunStatus;
  pollMs?: number;
};

/** Newer runs first, then the existing ones with any refreshed copies swapped in. */
function merge(current: RunOut[], fresh: RunOut[]): RunOut[] {
  const byId = new Map(fresh.map((r) => [r.id, r]));
  const known = new Set(current.map((r) => r.id));
  const added = fresh.filter((r) => !known.has(r.id));
  return [...added, ...current.map((r) => byId.get(r.id) ?? r)];
}

/**
 * A paged, filterable run list: the status filter refetches from the first page, "Load more"
 * appends the next page, and while any run on screen has not finished the first page is
 * re-read every few seconds so queued runs are seen to start and finish.
 */
export function useRunList({ load, initial, initialStatus, pollMs = POLL_MS }: Options) {
  const [runs, setRuns] = useState(initial.items);
  const [nextCursor, setNextCursor] = useState(initial.nextCursor);
  const [status, setStatusState] = useState(initialStatus);
  const [filtering, setFiltering] = useState(false);
  const [loadingMore, setLoadingMore] = useState(false);
  // Which request failed decides what "Try again" repeats: the first page, or the next one.
  const [failure, setFailure] = useState<{ message: string; during: "filter" | "more" } | null>(null);
  // Aborts a filter request overtaken by the next one, so answers cannot arrive out of order.
  const filterRequest = useRef<AbortController | null>(null);
  const loadRef = useRef(load);
  useEffect(() => {
    loadRef.current = load;
  });

  useEffect(() => () => filterRequest.current?.abort(), []);

  // Bumped by each filter change, so a "Load more" answer for the previous filter is dropped.
  const generation = useRef(0);

  const fetchFirst = useCallback(async (next: RunStatus | undefined) => {
    generation.current += 1;
    filterRequest.current?.abort();
    const controller = new AbortController();
    filterRequest.current = controller;
    setFiltering(true);
    setFailure(null);
    try {
      const page = await loadRef.current({ status: next, limit: RUNS_PAGE_SIZE }, controller.signal);
      if (controller.signal.aborted) return;
      setRuns(page.items);
      setNextCursor(page.nextCursor);
    } catch (err) {
      if (controller.signal.aborted) return;
      // The runs on screen are of the previous filter: showing them under the new one would mislead.
      setRuns([]);
      setNextCursor(null);
      setFailure({ message: errorMessage(err), during: "filter" });
    } finally {
      if (filterRequest.current === controller) setFiltering(false);
    }
  }, []);

  const setStatus = useCallback(
    (next: RunStatus | undefined) => {
      setStatusState(next);
      void fetchFirst(next);
    },
    [fetchFirst],
  );

  const loadMore = useCallback(async () => {
    if (!nextCursor || loadingMore) return;
    setLoadingMore(true);
    setFailure(null);
    const asked = generation.current;
    try {
      const page = await loadRef.current({ status, cursor: nextCursor, limit: RUNS_PAGE_SIZE });
      if (asked !== generation.current) return;
      setRuns((prev) => {
        const known = new Set(prev.map((r) => r.id));
        return [...prev, ...page.items.filter((r) => !known.has(r.id))];
      });
      setNextCursor(page.nextCursor);
    } catch (err) {
      if (asked === generation.current) setFailure({ message: errorMessage(err), during: "more" });
    } finally {
      setLoadingMore(false);
    }
  }, [nextCursor, loadingMore, status]);

  /** Puts a run just created (Run now) at the top, if it passes the current filter. */
  const prepend = useCallback(
    (run: RunOut) => {
      if (status && run.status !== status) return false;
      setRuns((prev) => merge(prev, [run]));
      return true;
    },
    [status],
  );

  /** Re-reads the first page now (a run on screen has just ended: its row shows it at once). */
  const refresh = useCallback(async () => {
    try {
      const page = await loadRef.current({ status, limit: RUNS_PAGE_SIZE });
      setRuns((prev) => merge(prev, page.items));
    } catch {
      // The regular refresh catches up.
    }
  }, [status]);

  const hasActive = runs.some((r) => isActiveRun(r.status));
  const [polls, setPolls] = useState(0);
  useEffect(() => {
    if (!hasActive || filtering) return;
    const controller = new AbortController();
    const timer = setTimeout(async () => {
      // A hidden tab skips its refresh (and catches up when shown) rather than poll for nobody.
      if (document.visibilityState === "hidden") return setPolls((n) => n + 1);
      try {
        const page = await loadRef.current({ status, limit: RUNS_PAGE_SIZE }, controller.signal);
        if (controller.signal.aborted) return;
        if (status && isActiveRun(status)) {
          // A run that finished has left a queued/running list: show the fresh page as it is.
          setRuns(page.items);
          setNextCursor(page.nextCursor);
        } else {
          setRuns((prev) => merge(prev, page.items));
        }
      } catch {
        // A missed refresh is simply retried on the next tick.
      }
      if (!controller.signal.aborted) setPolls((n) => n + 1);
    }, pollMs);
    return () => {
      clearTimeout(timer);
      controller.abort();
    };
  }, [hasActive, filtering, status, pollMs, polls]);

  const retry = () => (failure?.during === "more" ? loadMore() : fetchFirst(status));
  return { runs, nextCursor, status, setStatus, loadMore, loadingMore, filtering, error: failure?.message ?? null, prepend, retry, refresh };
}
