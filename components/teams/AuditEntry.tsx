import type { AuditEventOut } from "@/lib/api";
import { LocalTime } from "../runs/LocalTime";
import { actionLabel, actorLabel, targetLabel, valueText } from "./audit-labels";

/** One entry: "<who> <did what> <to what>", when, and each changed field from before to after. */
export function AuditEntry({ entry }: { entry: AuditEventOut }) {
  const changes = Object.entries(entry.changes ?? {});
  return (
    <li className="px-5 py-3 text-sm">
      <div className="flex flex-col gap-0.5 sm:flex-row sm:items-baseline sm:justify-between sm:gap-4">
        <p className="min-w-0 break-words text-zinc-800 dark:text-zinc-200">
          <span className="font-medium text-zinc-900 dark:text-white">{actorLabel(entry.actor)}</span> {actionLabel(entry.action)}{" "}
          <span className="font-medium text-zinc-900 dark:text-white">{targetLabel(entry.target)}</span>
        </p>
        <p className="shrink-0 text-xs text-zinc-500 dark:text-zinc-400">
          <LocalTime value={entry.at} mode="relative" />
        </p>
      </div>
      {changes.length > 0 && (
        <dl className="mt-2 space-y-1">
          {changes.map(([field, { from, to }]) => (
            <div key={field} className="flex flex-wrap items-baseline gap-x-2 gap-y-0.5 text-xs">
              <dt className="font-mono text-zinc-500 dark:text-zinc-400">{field}</dt>
              <dd className="flex min-w-0 flex-wrap items-baseline gap-x-1.5">
                <span className="sr-only">from</span>
                <del className="break-all rounded bg-red-50 px-1 font-mono text-red-800 no-underline dark:bg-red-500/10 dark:text-red-300">{valueText(from)}</del>
                <span aria-hidden className="text-zinc-400">→</span>
                <span className="sr-only">to</span>
                <ins className="break-all rounded bg-emerald-50 px-1 font-mono text-emerald-800 no-underline dark:bg-emerald-500/10 dark:text-emerald-300">{valueText(to)}</ins>
              </dd>
            </div>
          ))}
        </dl>
      )}
    </li>
  );
}
