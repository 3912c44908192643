"use client";

import { Clock, Plus, SearchX } from "@/components/ui/icons";
import type { ScheduleInput } from "@/lib/api";
import { Button } from "../ui/Button";
import { Card } from "../ui/Card";
import { EXAMPLE_SCHEDULES } from "./examples";

/** The list has nothing to show: no schedules at all (with examples to start from), or none for this search. */
export function NoSchedules({ search, filter, onCreate, readOnlyReason, onClearSearch }: {
  search: string;
  filter: "all" | "enabled" | "disabled";
  /** Left out when the user may not create here (a viewer): `readOnlyReason` says why instead. */
  onCreate?: (draft?: Partial<ScheduleInput>) => void;
  readOnlyReason?: string;
  onClearSearch: () => void;
}) {
  if (search || filter !== "all") {
    const what = filter === "all" ? "schedules" : `${filter} schedules`;
    return (
      <Card className="px-5 py-10 text-center">
        <SearchX aria-hidden className="mx-auto size-8 text-zinc-300 dark:text-zinc-600" />
        <p className="mt-3 font-medium text-zinc-900 dark:text-white">{search ? `No ${what} match “${search}”` : `No ${what}`}</p>
        <p className="mt-1 text-sm text-zinc-600 dark:text-zinc-400">Search looks in names and descriptions.</p>
        <Button variant="secondary" size="sm" className="mt-4" onClick={onClearSearch}>
          Show all schedules
        </Button>
      </Card>
    );
  }

  if (!onCreate) {
    return (
      <Card className="px-5 py-10 text-center">
        <Clock aria-hidden className="mx-auto size-8 text-zinc-300 dark:text-zinc-600" />
        <h2 className="mt-3 font-medium text-zinc-900 dark:text-white">No schedules yet</h2>
        <p className="mt-1 text-sm text-zinc-600 dark:text-zinc-400">{readOnlyReason}.</p>
      </Card>
    );
  }

  return (
    <Card className="px-5 py-10 text-center">
      <Clock aria-hidden className="mx-auto size-8 text-zinc-300 dark:text-zinc-600" />
      <h2 className="mt-3 font-medium text-zinc-900 dark:text-white">No schedules yet</h2>
      <p className="mt-1 text-sm text-zinc-600 dark:text-zinc-400">Create one, or start from an example and adjust it.</p>
      <Button className="mt-4" onClick={() => onCreate()}>
        <Plus aria-hidden className="size-4" />
        Create a schedule
      </Button>
      <h3 className="mt-8 text-xs font-semibold uppercase tracking-wider text-zinc-500 dark:text-zinc-400">Examples</h3>
      <ul className="mx-auto mt-3 grid max-w-2xl gap-2 text-left sm:grid-cols-2">
        {EXAMPLE_SCHEDULES.map((example) => (
          <li key={example.name}>
            <button
              type="button"
              onClick={() => onCreate({ name: example.name, cronExpression: example.cronExpression })}
              className="w-full rounded-lg px-3 py-2.5 text-left ring-1 ring-zinc-200 transition-colors hover:bg-zinc-50 focus-visible:outline-2 focus-visible:outline-brand-600 dark:ring-white/10 dark:hover:bg-zinc-800/50"
            >
              <span className="block text-sm font-medium text-zinc-900 dark:text-white">{example.name}</span>
              <span className="mt-0.5 flex flex-wrap items-baseline gap-x-2 text-xs text-zinc-600 dark:text-zinc-400">
                <code className="font-mono">{example.cronExpression}</code>
                {example.description}
              </span>
            </button>
          </li>
        ))}
      </ul>
    </Card>
  );
}
