// What the engine's parts pass between them.
import type { TimingRow } from "./store";

/**
 * What the engine keeps per enabled schedule: its timing and claiming fields only. The rest (name,
 * payload, job type...) is read shortly before a slot fires: at 100,000 schedules the whole rows
 * would double the worker's memory.
 */
export type Entry = Pick<TimingRow, "id" | "cronExpression" | "timezone" | "overlapPolicy" | "misfirePolicy"> & {
  /** The schedule's updatedAt (ms) when this entry was read: tells an edit from the same row. */
  updatedAt: number;
  /** This entry's number in the worker's sequence of entries: heap items of an older entry are stale. */
  generation: number;
  /** The next fire time planned on the timeline, or null when there is none. */
  next: number | null;
};

/** A slot of a schedule that is due now. */
export type Due = { entry: Entry; slot: number };
