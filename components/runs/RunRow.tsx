"use client";

import { useId, useState, type ReactNode } from "react";
import Link from "next/link";
import { ChevronRight } from "@/components/ui/icons";
import type { RunOut } from "@/lib/api";
import { cn } from "../ui/cn";
import { formatDuration } from "./duration";
import { LocalTime } from "./LocalTime";
import { RunDetails } from "./RunDetails";
import { RunStatusBadge } from "./RunStatusBadge";

const TRIGGER_LABELS: Record<RunOut["trigger"], string> = { schedule: "Schedule", manual: "Manual", retry: "Retry", ping: "Ping" };

/** One run: a table row on wide screens, a card on narrow ones, expandable to its output, result or error. */
export function RunRow({ run, showSchedule, columns, defaultExpanded = false }: { run: RunOut; showSchedule: boolean; columns: number; defaultExpanded?: boolean }) {
  const [expanded, setExpanded] = useState(defaultExpanded);
  const detailsId = useId();
  return (
    <>
      <tr
        role="row"
        className={cn(
          "grid grid-cols-2 gap-x-4 gap-y-2 px-4 py-3 md:table-row md:p-0",
          expanded ? "bg-zinc-50 dark:bg-white/[0.03]" : "border-b border-zinc-200 dark:border-white/10",
        )}
      >
        <td role="cell" className="col-span-2 md:table-cell md:py-2.5 md:pl-4 md:pr-2">
          <button
            type="button"
            aria-expanded={expanded}
            aria-controls={detailsId}
            onClick={() => setExpanded((v) => !v)}
            className="-m-1 inline-flex items-center gap-1 rounded-md p-1 text-left hover:bg-zinc-100 focus-visible:outline-2 focus-visible:outline-offset-1 focus-visible:outline-brand-600 dark:hover:bg-zinc-800"
          >
            <ChevronRight aria-hidden className={cn("size-4 shrink-0 text-zinc-500 transition-transform motion-reduce:transition-none", expanded && "rotate-90")} />
            <span className="sr-only">Details of this run: </span>
            <RunStatusBadge status={run.status} />
          </button>
        </td>
        {showSchedule && (
          <Cell label="Schedule" wide>
            <Link
              href={`/schedules/${encodeURIComponent(run.scheduleId)}`}
              className="font-medium text-brand-700 underline-offset-2 hover:underline focus-visible:rounded focus-visible:outline-2 focus-visible:outline-brand-600 dark:text-brand-400"
            >
              {run.scheduleName}
            </Link>
          </Cell>
        )}
        <Cell label="Scheduled for">
          <LocalTime value={run.scheduledFor} />
        </Cell>
        <Cell label="Started">{run.startedAt ? <LocalTime value={run.startedAt} /> : <Muted>not yet</Muted>}</Cell>
        <Cell label="Duration">
          <span className="tabular-nums">{run.durationMs === null ? <Muted>—</Muted> : formatDuration(run.durationMs)}</span>
        </Cell>
        <Cell label="Trigger">{TRIGGER_LABELS[run.trigger]}</Cell>
        <Cell label="Attempt">
          <span className="tabular-nums">{run.attempt}</span>
        </Cell>
      </tr>
      {expanded && (
        <tr role="row" id={detailsId} className="block border-b border-zinc-200 bg-zinc-50 md:table-row dark:border-white/10 dark:bg-white/[0.03]">
          <td role="cell" colSpan={columns} className="block px-4 pb-4 pt-1 md:table-cell md:pl-11">
            <RunDetails run={run} />
          </td>
        </tr>
      )}
    </>
  );
}

function Cell({ label, wide, children }: { label: string; wide?: boolean; children: ReactNode }) {
  return (
    <td role="cell" className={cn("min-w-0 text-zinc-700 md:table-cell md:px-2 md:py-2.5 dark:text-zinc-300", wide && "col-span-2")}>
      {/* On narrow screens the header row is hidden, so each value carries its own label. */}
      <span aria-hidden className="block text-xs text-zinc-500 md:hidden dark:text-zinc-400">
        {label}
      </span>
      {children}
    </td>
  );
}

function Muted({ children }: { children: ReactNode }) {
  return <span className="text-zinc-400 dark:text-zinc-500">{children}</span>;
}
