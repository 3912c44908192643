"use client";

import type { RunStatus } from "@/lib/api";
import { cn } from "../ui/cn";
import { isRunStatus, RUN_STATUS_LABELS, RUN_STATUSES } from "./run-status";

type Props = { id: string; value: RunStatus | undefined; onChange: (status: RunStatus | undefined) => void; disabled?: boolean };

/** "All" or one status; a labelled native select, so it works with the keyboard and on phones. */
export function RunStatusFilter({ id, value, onChange, disabled }: Props) {
  return (
    <div className="flex items-center gap-2">
      <label htmlFor={id} className="text-sm font-medium text-zinc-700 dark:text-zinc-300">
        Status
      </label>
      <select
        id={id}
        value={value ?? ""}
        disabled={disabled}
        onChange={(event) => onChange(isRunStatus(event.target.value) ? event.target.value : undefined)}
        className={cn(
          "h-9 rounded-lg border border-zinc-300 bg-white pl-2.5 pr-8 text-sm text-zinc-900 shadow-sm",
          "focus:border-brand-500 focus:outline-none focus:ring-2 focus:ring-brand-500/40 disabled:opacity-60",
          "dark:border-zinc-700 dark:bg-zinc-950 dark:text-zinc-100",
        )}
      >
        <option value="">All</option>
        {RUN_STATUSES.map((status) => (
          <option key={status} value={status}>
            {RUN_STATUS_LABELS[status].charAt(0).toUpperCase() + RUN_STATUS_LABELS[status].slice(1)}
          </option>
        ))}
      </select>
    </div>
  );
}
