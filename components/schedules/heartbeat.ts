// What the UI treats differently for a heartbeat check (lib/entrypoints/heartbeat.ts): it runs
// nothing here (no Run now), its runs come from pings, and its nextRunAt is the oldest slot still
// waiting for its ping rather than a run to come.
import type { ScheduleOut } from "@/lib/api";
import { graceMsOf, HEARTBEAT } from "@/lib/entrypoints/heartbeat";

export const isHeartbeat = (schedule: Pick<ScheduleOut, "entrypoint">): boolean => schedule.entrypoint === HEARTBEAT;

/** How long after each slot a ping may come, in seconds (the job type's own reading of its payload). */
export const graceSecondsOf = (schedule: Pick<ScheduleOut, "payload">): number => graceMsOf(schedule.payload) / 1000;

/** The label for nextRunAt. */
export const nextRunLabel = (schedule: Pick<ScheduleOut, "entrypoint">): string => (isHeartbeat(schedule) ? "Expects a ping" : "Next run");
