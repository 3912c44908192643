"use client";

import { useEffect, useRef, useState } from "react";
import { ScrollText } from "@/components/ui/icons";
import { api, errorMessage, type AuditAction, type AuditEventOut, type Page } from "@/lib/api";
import { ErrorAlert } from "../ui/Alert";
import { Button } from "../ui/Button";
import { Card, CardHeader } from "../ui/Card";
import { SelectField } from "../ui/Field";
import { ACTION_LABELS, AUDIT_ACTIONS } from "./audit-labels";
import { AuditEntry } from "./AuditEntry";

type Filters = { action: AuditAction | ""; targetId: string };
type Props = { teamId: string; initial: Page<AuditEventOut>; pageSize: number; schedules: { id: string; name: string }[] };

/** Who changed what, newest first, filtered by action and by schedule; each change as before and after. */
export function AuditLogCard({ teamId, initial, pageSize, schedules }: Props) {
  const [filters, setFilters] = useState<Filters>({ action: "", targetId: "" });
  const [log, setLog] = useState(initial);
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const first = useRef(true);

  // The server page rendered the unfiltered first page: take it again after a refresh (a change
  // made on this page is then at its top) unless a filter is set.
  const unfiltered = !filters.action && !filters.targetId;
  useEffect(() => {
    if (unfiltered) setLog(initial);
  }, [initial]); // not on a filter change: that loads its own page below

  useEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    const controller = new AbortController();
    setLoading(true);
    setError(null);
    api.teams
      .audit(teamId, { action: filters.action || undefined, targetId: filters.targetId || undefined, limit: pageSize }, controller.signal)
      // A page that arrives after its filters changed again is not shown over the newer one's.
      .then((page) => !controller.signal.aborted && setLog(page), (err) => !controller.signal.aborted && setError(errorMessage(err)))
      .finally(() => !controller.signal.aborted && setLoading(false));
    return () => controller.abort();
  }, [teamId, filters, pageSize]);

  async function loadMore() {
    if (!log.nextCursor) return;
    setLoading(true);
    try {
      const page = await api.teams.audit(teamId, { action: filters.action || undefined, targetId: filters.targetId || undefined, limit: pageSize, cursor: log.nextCursor });
      setLog((l) => ({ items: [...l.items, ...page.items], nextCursor: page.nextCursor }));
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setLoading(false);
    }
  }

  return (
    <Card aria-labelledby="audit-title">
      <CardHeader titleId="audit-title" icon={<ScrollText className="size-4" />} title="Audit log" description="Every change to the team and its schedules: who, when, and what it was before and after." />
      <div className="grid gap-4 border-b border-zinc-200 px-5 py-4 sm:grid-cols-2 dark:border-white/10">
        <SelectField id="audit-action" label="Action" value={filters.action} onChange={(e) => setFilters((f) => ({ ...f, action: e.target.value as Filters["action"] }))}>
          <option value="">All actions</option>
          {AUDIT_ACTIONS.map((action) => (
            <option key={action} value={action}>
              {action} ({ACTION_LABELS[action]})
            </option>
          ))}
        </SelectField>
        <SelectField id="audit-schedule" label="Schedule" value={filters.targetId} onChange={(e) => setFilters((f) => ({ ...f, targetId: e.target.value }))}>
          <option value="">All schedules and members</option>
          {schedules.map((s) => (
            <option key={s.id} value={s.id}>
              {s.name}
            </option>
          ))}
        </SelectField>
      </div>
      {error && <ErrorAlert className="mx-5 mt-4">{error}</ErrorAlert>}
      {log.items.length === 0 ? (
        <p className="px-5 py-6 text-sm text-zinc-500 dark:text-zinc-400">{loading ? "Loading…" : "Nothing recorded for these filters."}</p>
      ) : (
        <ol aria-label="Audit log entries" aria-busy={loading || undefined} className={loading ? "divide-y divide-zinc-200 opacity-60 dark:divide-white/10" : "divide-y divide-zinc-200 dark:divide-white/10"}>
          {log.items.map((entry) => (
            <AuditEntry key={entry.id} entry={entry} />
          ))}
        </ol>
      )}
      {log.nextCursor && (
        <div className="flex justify-center border-t border-zinc-200 px-5 py-3 dark:border-white/10">
          <Button variant="secondary" size="sm" onClick={loadMore} pending={loading}>
            Load more
          </Button>
        </div>
      )}
    </Card>
  );
}
