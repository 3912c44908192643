"use client";

import { useCallback, useEffect, useRef, useState, type ReactNode } from "react";
import { usePathname, useRouter } from "next/navigation";
import { ClipboardPaste, Download, Plus, RefreshCw } from "@/components/ui/icons";
import { api, errorMessage, type ScheduleInput, type ScheduleOut } from "@/lib/api";
import { compareScheduleNames } from "@/lib/schedules/name-order";
import type { ScheduleListOut } from "@/lib/validation/schedules";
import { useAssistant, useAssistantChanges } from "../assistant/AssistantProvider";
import { ErrorAlert } from "../ui/Alert";
import { Button, buttonClasses } from "../ui/Button";
import { useToast } from "../ui/Toast";
import { cn } from "../ui/cn";
import { CronBar } from "./CronBar";
import { CrontabImportDialog } from "./CrontabImportDialog";
import { NEW_SCHEDULE_CARD_ID, NewScheduleCard } from "./NewScheduleCard";
import { NoSchedules } from "./NoSchedules";
import { ScheduleCard } from "./ScheduleCard";
import { ScheduleFilters, type Filter } from "./ScheduleFilters";
import { ScheduleListSkeleton } from "./ScheduleListSkeleton";
import { useDebounced } from "./use-debounced";
import { useTeamPermission, useTeams } from "../teams/TeamContext";

const PAGE_SIZE = 50; // as app/(app)/schedules/page.tsx loads the first page
const SEARCH_DELAY_MS = 300;

type Counts = ScheduleListOut["counts"];
type Props = {
  /** The first page for `query`, loaded by the server page. */
  initial: ScheduleListOut;
  query: { q: string; filter: Filter };
  /** Passed on to the @cron bar; by default it opens the chat assistant with the text. */
  onAskAssistant?: (text: string) => void;
};

type Status = { state: "ready" } | { state: "loading" } | { state: "error"; message: string };

const enabledParam = (filter: Filter) => (filter === "all" ? undefined : filter === "enabled" ? "true" : "false");

/** Whether a schedule belongs in the list shown for this search and filter. */
function belongs(s: ScheduleOut, q: string, filter: Filter): boolean {
  if (filter !== "all" && s.isEnabled !== (filter === "enabled")) return false;
  const needle = q.trim().toLowerCase();
  return !needle || s.name.toLowerCase().includes(needle) || (s.description ?? "").toLowerCase().includes(needle);
}

/** Moves one schedule between the counts when it is added (+1), removed (-1) or its state flips. */
function recount(counts: Counts, s: ScheduleOut, delta: 1 | -1): Counts {
  return { all: counts.all + delta, enabled: counts.enabled + (s.isEnabled ? delta : 0), disabled: counts.disabled + (s.isEnabled ? 0 : delta) };
}

/** The schedules page: @cron bar, create card, search and filter (kept in the URL), and the cards. */
export function SchedulesView({ initial, query, onAskAssistant }: Props) {
  const router = useRouter();
  const pathname = usePathname();
  const toast = useToast();
  const [search, setSearch] = useState(query.q);
  const [filter, setFilter] = useState<Filter>(query.filter);
  // One state, so that a change to the items and to the counts it implies happen together.
  const [list, setList] = useState<ScheduleListOut>(initial);
  const { items, nextCursor, counts } = list;
  const [status, setStatus] = useState<Status>({ state: "ready" });
  const [loadingMore, setLoadingMore] = useState(false);
  const [creating, setCreating] = useState<{ key: number; draft?: Partial<ScheduleInput> } | null>(null);
  const [importing, setImporting] = useState(false);
  const listHeading = useRef<HTMLHeadingElement>(null);
  const q = useDebounced(search, SEARCH_DELAY_MS);
  // The query the items on screen answer; the first one came with the page.
  const shown = useRef({ q: query.q, filter: query.filter });
  // The query last asked for: its answer replaces whatever is in flight.
  const wanted = useRef({ q: query.q, filter: query.filter });
  const request = useRef<AbortController | null>(null);
  const assistant = useAssistant();
  // The team chosen in the sidebar: the server page listed it, and more pages come from it too.
  const teams = useTeams();
  const teamId = teams?.current.id;
  const create = useTeamPermission(teamId, "editor");

  const load = useCallback(async (nextQ: string, nextFilter: Filter) => {
    request.current?.abort();
    const controller = new AbortController();
    request.current = controller;
    setStatus({ state: "loading" });
    try {
      const page = await api.schedules.list({ q: nextQ.trim(), enabled: enabledParam(nextFilter), limit: PAGE_SIZE, teamId }, controller.signal);
      shown.current = { q: nextQ, filter: nextFilter };
      setList({ items: page.items, nextCursor: page.nextCursor, counts: page.counts });
      setStatus({ state: "ready" });
    } catch (err) {
      if (!controller.signal.aborted) setStatus({ state: "error", message: errorMessage(err) });
    }
  }, [teamId]);

  // Search (once typing pauses) and filter go into the URL, so a view can be shared or reloaded.
  useEffect(() => {
    if (wanted.current.q === q && wanted.current.filter === filter) return;
    wanted.current = { q, filter };
    const params = new URLSearchParams();
    if (q.trim()) params.set("q", q.trim());
    if (filter !== "all") params.set("filter", filter);
    const qs = params.toString();
    // The native history API: Next keeps useSearchParams in step, and unlike router.replace it
    // does not render the server page again (this component loads the list itself).
    window.history.replaceState(window.history.state, "", qs ? `${pathname}?${qs}` : pathname);
    void load(q, filter);
  }, [q, filter, load, pathname]);

  useEffect(() => () => request.current?.abort(), []);

  // The assistant created, changed or deleted a schedule: what is on screen (and the server-rendered
  // pages in the router cache) may be stale.
  useAssistantChanges(() => {
    router.refresh();
    void load(wanted.current.q, wanted.current.filter);
  });

  async function loadMore() {
    if (!nextCursor) return;
    setLoadingMore(true);
    try {
      const page = await api.schedules.list({ q: shown.current.q.trim(), enabled: enabledParam(shown.current.filter), limit: PAGE_SIZE, cursor: nextCursor, teamId });
      setList((l) => ({ ...l, items: [...l.items, ...page.items.filter((s) => !l.items.some((t) => t.id === s.id))], nextCursor: page.nextCursor }));
    } catch (err) {
      toast.show(`Could not load more schedules: ${errorMessage(err)}`, "error");
    } finally {
      setLoadingMore(false);
    }
  }

  function openCreate(draft?: Partial<ScheduleInput>) {
    // "New schedule" again keeps what was typed so far and goes back to it; a draft starts afresh.
    if (creating && !draft) return document.getElementById(NEW_SCHEDULE_CARD_ID)?.querySelector<HTMLInputElement>("input")?.focus();
    setCreating((c) => ({ key: (c?.key ?? 0) + 1, draft }));
  }

  function closeCreate() {
    setCreating(null);
    // The form held focus; give it back to the button that opened it.
    requestAnimationFrame(() => document.getElementById("new-schedule-button")?.focus());
  }

  function onCreated(s: ScheduleOut) {
    closeCreate();
    const { q: shownQ, filter: shownFilter } = shown.current;
    setList((l) => {
      const counts = belongs(s, shownQ, "all") ? recount(l.counts, s, 1) : l.counts;
      // Only where it sorts among what is loaded: past the last item, "Load more" brings it.
      const last = l.items[l.items.length - 1];
      if (!belongs(s, shownQ, shownFilter) || (l.nextCursor && last && compareScheduleNames(s.name, last.name) > 0)) return { ...l, counts };
      const items = [...l.items, s].sort((a, b) => compareScheduleNames(a.name, b.name));
      return { ...l, items, counts };
    });
    toast.show(`Created “${s.name}”.`, "success");
  }

  function onChange(s: ScheduleOut) {
    setList((l) => {
      const before = l.items.find((t) => t.id === s.id);
      if (!before) return l;
      return { ...l, items: l.items.map((t) => (t.id === s.id ? s : t)), counts: recount(recount(l.counts, before, -1), s, 1) };
    });
  }

  function onDeleted(s: ScheduleOut) {
    setList((l) => ({ ...l, items: l.items.filter((t) => t.id !== s.id), counts: recount(l.counts, s, -1) }));
    // Its card (and the Delete button focus would return to) is gone.
    requestAnimationFrame(() => listHeading.current?.focus());
  }

  const clearSearch = () => {
    setSearch("");
    setFilter("all");
  };

  return (
    <div className="space-y-6">
      <header className="flex flex-wrap items-end justify-between gap-3">
        <div>
          <h1 className="text-2xl font-semibold tracking-tight text-zinc-900 dark:text-white">Schedules</h1>
          <p className="mt-1 text-sm text-zinc-600 dark:text-zinc-400">
            What runs, and when, in each schedule&apos;s own time zone{teams ? <>, in <span className="font-medium text-zinc-800 dark:text-zinc-200">{teams.current.name}</span></> : null}.
          </p>
        </div>
        {create.allowed ? (
          <div className="flex flex-wrap gap-2">
            <ExportLink teamId={teamId} />
            <Button variant="secondary" onClick={() => setImporting(true)}>
              <ClipboardPaste aria-hidden className="size-4" />
              Paste a crontab
            </Button>
            <Button id="new-schedule-button" onClick={() => openCreate()}>
              <Plus aria-hidden className="size-4" />
              New schedule
            </Button>
          </div>
        ) : (
          <div className="flex flex-wrap items-center gap-3">
            <p className="text-sm text-zinc-500 dark:text-zinc-400">{create.reason}.</p>
            <ExportLink teamId={teamId} />
          </div>
        )}
      </header>

      {/* Mounted only while open: each opening starts afresh, and the server's render of the page
          does none of its work (its time zone lookup alone took a quarter of a millisecond). */}
      {create.allowed && importing && (
        <CrontabImportDialog
          open
          teamId={teamId}
          onClose={() => setImporting(false)}
          onImported={() => {
            setImporting(false);
            router.refresh();
            void load(wanted.current.q, wanted.current.filter);
          }}
        />
      )}

      {create.allowed && <CronBar onCreate={openCreate} onAskAssistant={onAskAssistant ?? assistant?.open} />}

      {creating && <NewScheduleCard key={creating.key} draft={creating.draft} onSaved={onCreated} onClose={closeCreate} />}

      <section aria-labelledby="schedule-list-title" className="space-y-4">
        <h2 id="schedule-list-title" ref={listHeading} tabIndex={-1} className="sr-only">
          Your schedules
        </h2>
        <ScheduleFilters search={search} onSearch={setSearch} filter={filter} onFilter={setFilter} counts={counts} />
        <ListBody
          status={status}
          items={items}
          empty={<NoSchedules search={counts.all === 0 && !q.trim() ? "" : q.trim()} filter={counts.all === 0 && !q.trim() ? "all" : filter} onCreate={create.allowed ? openCreate : undefined} readOnlyReason={create.reason} onClearSearch={clearSearch} />}
          onRetry={() => void load(q, filter)}
          onChange={onChange}
          onDeleted={onDeleted}
        />
        {status.state === "ready" && nextCursor && (
          <div className="flex justify-center">
            <Button variant="secondary" onClick={loadMore} pending={loadingMore}>
              Load more
            </Button>
          </div>
        )}
      </section>
    </div>
  );
}

type ListBodyProps = {
  status: Status;
  items: ScheduleOut[];
  empty: ReactNode;
  onRetry: () => void;
  onChange: (s: ScheduleOut) => void;
  onDeleted: (s: ScheduleOut) => void;
};

function ListBody({ status, items, empty, onRetry, onChange, onDeleted }: ListBodyProps) {
  // While a new search loads, the old results stay (dimmed) rather than jump to placeholders.
  if (status.state === "loading" && items.length === 0) return <ScheduleListSkeleton count={2} />;
  if (status.state === "error") {
    return (
      <ErrorAlert
        action={
          <Button variant="secondary" size="sm" onClick={onRetry}>
            <RefreshCw aria-hidden className="size-4" />
            Retry
          </Button>
        }
      >
        <p className="font-medium">Could not load your schedules.</p>
        <p className="mt-0.5">{status.message}</p>
      </ErrorAlert>
    );
  }
  if (items.length === 0) return <>{empty}</>;
  return (
    <ul aria-busy={status.state === "loading" || undefined} className={cn("space-y-3 transition-opacity", status.state === "loading" && "opacity-60")}>
      {items.map((s) => (
        <li key={s.id}>
          <ScheduleCard schedule={s} onChange={onChange} onDeleted={onDeleted} />
        </li>
      ))}
    </ul>
  );
}

/** The team's schedules as a YAML document (docs/schedules-as-code.md), for git and `almanac apply`. */
function ExportLink({ teamId }: { teamId?: string }) {
  const query = new URLSearchParams({ format: "yaml", ...(teamId ? { teamId } : {}) });
  return (
    <a href={`/api/v1/schedules/export?${query}`} download className={buttonClasses("secondary")}>
      <Download aria-hidden className="size-4" />
      Export YAML
    </a>
  );
}
