import type { RunOut } from "@/lib/api";
import { JsonBlock } from "./JsonBlock";
import { LocalTime } from "./LocalTime";
import { isActiveRun } from "./run-status";
import { RunOutputPanel } from "./RunOutputPanel";

/** What an expanded run shows: its output (live while it runs), its error and result as JSON, and when it finished. */
export function RunDetails({ run }: { run: RunOut }) {
  const hasError = run.error !== null && run.error !== undefined;
  const hasResult = run.result !== null && run.result !== undefined;
  return (
    <div className="space-y-3">
      {run.status !== "skipped" && <RunOutputPanel runId={run.id} active={isActiveRun(run.status)} />}
      {hasError && (
        <div>
          <h3 className="mb-1 text-xs font-semibold uppercase tracking-wide text-red-700 dark:text-red-400">Error</h3>
          <JsonBlock value={run.error} label="Error" />
        </div>
      )}
      {hasResult && (
        <div>
          <h3 className="mb-1 text-xs font-semibold uppercase tracking-wide text-zinc-600 dark:text-zinc-400">Result</h3>
          <JsonBlock value={run.result} label="Result" />
        </div>
      )}
      {!hasError && !hasResult && (
        <p className="text-sm text-zinc-600 dark:text-zinc-400">
          {run.status === "queued" || run.status === "running" ? "This run has not finished yet." : "This run recorded no result."}
        </p>
      )}
      <p className="text-xs text-zinc-500 dark:text-zinc-400">
        {run.finishedAt ? (
          <>
            Finished <LocalTime value={run.finishedAt} />
            {" · "}
          </>
        ) : null}
        Run <code className="font-mono">{run.id}</code>
      </p>
    </div>
  );
}
