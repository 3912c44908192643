"use client";

import { Search } from "@/components/ui/icons";
import type { ScheduleListOut } from "@/lib/validation/schedules";
import { cn } from "../ui/cn";
import { inputClasses } from "./FieldParts";

export type Filter = "all" | "enabled" | "disabled";
export const FILTERS: { value: Filter; label: string }[] = [
  { value: "all", label: "All" },
  { value: "enabled", label: "Enabled" },
  { value: "disabled", label: "Disabled" },
];

type Props = {
  search: string;
  onSearch: (value: string) => void;
  filter: Filter;
  onFilter: (value: Filter) => void;
  counts: ScheduleListOut["counts"];
};

/** Search by name or description, and All / Enabled / Disabled with how many each holds. */
export function ScheduleFilters({ search, onSearch, filter, onFilter, counts }: Props) {
  return (
    <div className="flex flex-col gap-3 sm:flex-row sm:items-center sm:justify-between">
      <div className="relative sm:w-72">
        <label htmlFor="schedule-search" className="sr-only">
          Search schedules
        </label>
        <Search aria-hidden className="pointer-events-none absolute left-3 top-1/2 size-4 -translate-y-1/2 text-zinc-400" />
        <input
          id="schedule-search"
          type="search"
          value={search}
          onChange={(e) => onSearch(e.target.value)}
          placeholder="Search by name or description"
          maxLength={200}
          autoComplete="off"
          className={cn(inputClasses(false), "h-10 pl-9")}
        />
      </div>
      <div role="group" aria-label="Show" className="inline-flex self-start rounded-lg bg-zinc-100 p-1 dark:bg-zinc-800/70">
        {FILTERS.map(({ value, label }) => (
          <button
            key={value}
            type="button"
            aria-pressed={filter === value}
            onClick={() => onFilter(value)}
            className={cn(
              "rounded-md px-3 py-1.5 text-sm font-medium transition-colors focus-visible:outline-2 focus-visible:outline-brand-600",
              filter === value
                ? "bg-white text-zinc-900 shadow-sm dark:bg-zinc-900 dark:text-white"
                : "text-zinc-600 hover:text-zinc-900 dark:text-zinc-400 dark:hover:text-white",
            )}
          >
            {label} <span className="tabular-nums text-zinc-500 dark:text-zinc-400">{counts[value]}</span>
          </button>
        ))}
      </div>
    </div>
  );
}
