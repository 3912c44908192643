import type { RunOut } from "@/lib/api";
import { RunRow } from "./RunRow";

/**
 * Runs as a table (the row of `openRunId` starts open: a run just started from "Run now") that turns into cards below the md breakpoint. Changing a table's CSS display
 * drops its semantics in some browsers, so the roles are spelled out.
 */
export function RunTable({ runs, caption, showSchedule = false, openRunId }: { runs: RunOut[]; caption: string; showSchedule?: boolean; openRunId?: string | null }) {
  const headers = ["Status", ...(showSchedule ? ["Schedule"] : []), "Scheduled for", "Started", "Duration", "Trigger", "Attempt"];
  return (
    <table role="table" className="block w-full text-sm md:table">
      <caption className="sr-only">{caption}</caption>
      <thead role="rowgroup" className="sr-only md:not-sr-only md:table-header-group">
        <tr role="row" className="border-b border-zinc-200 text-left text-xs font-medium uppercase tracking-wide text-zinc-500 dark:border-white/10 dark:text-zinc-400">
          {headers.map((h, i) => (
            <th role="columnheader" key={h} scope="col" className={i === 0 ? "py-2 pl-4 pr-2 font-medium" : "px-2 py-2 font-medium"}>
              {h}
            </th>
          ))}
        </tr>
      </thead>
      <tbody role="rowgroup" className="block md:table-row-group">
        {runs.map((run) => (
          <RunRow key={run.id} run={run} showSchedule={showSchedule} columns={headers.length} defaultExpanded={run.id === openRunId} />
        ))}
      </tbody>
    </table>
  );
}
