// Run statuses in the order the UI lists them, with their words and chart colours.
import type { RunStatus } from "@/lib/api";

export const RUN_STATUSES: readonly RunStatus[] = ["queued", "running", "succeeded", "failed", "timed_out", "skipped", "lost", "missed"];

export const RUN_STATUS_LABELS: Record<RunStatus, string> = {
  queued: "queued",
  running: "running",
  succeeded: "succeeded",
  failed: "failed",
  timed_out: "timed out",
  skipped: "skipped",
  lost: "lost",
  missed: "missed",
};

/** Runs that have not finished yet: the history keeps polling while one is on screen. */
export const isActiveRun = (status: RunStatus) => status === "queued" || status === "running";

export function isRunStatus(value: string | null | undefined): value is RunStatus {
  return value != null && (RUN_STATUSES as readonly string[]).includes(value);
}
