// Slot arithmetic for the engine: which fire times fell between two instants, and how a schedule
// catches up after downtime. Pure functions over the cron core.
import { nextRun } from "../cron/next-runs";

/** A cap on how far back missed slots are counted (a year of every-minute slots is 525,600). */
export const MAX_COUNTED_SLOTS = 1000;

/** Fire times in [from, to], oldest first, at most `cap` of them (the newest are kept). */
export function slotsBetween(cron: string, timezone: string, from: number, to: number, cap = MAX_COUNTED_SLOTS): { slots: number[]; capped: boolean } {
  const slots: number[] = [];
  let capped = false;
  // One slot at a time: asking for a batch would search far past `to` for a rare schedule
  // (0 0 29 2 * looks centuries ahead for 200 of them).
  for (let t = nextRun(cron, timezone, new Date(from - 1))?.getTime(); t !== undefined && t <= to; t = nextRun(cron, timezone, new Date(t))?.getTime()) {
    slots.push(t);
    if (slots.length > cap * 2) {
      slots.splice(0, slots.length - cap);
      capped = true;
    }
  }
  if (slots.length > cap) {
    slots.splice(0, slots.length - cap);
    capped = true;
  }
  return { slots, capped };
}

export type CatchUp = {
  /** Slots recent enough (within the grace period) to run now as merely late. */
  late: number[];
  /** Older slots nobody ran: how many (at least, when capped) and the newest two. */
  missed: { count: number; capped: boolean; latest: number; previous: number | null } | null;
};

/** What to do about the slots from `since` (the schedule's stored nextRunAt) up to `now`. */
export function catchUp(cron: string, timezone: string, since: number, now: number, graceMs: number): CatchUp {
  const { slots, capped } = slotsBetween(cron, timezone, since, now);
  const late = slots.filter((t) => t >= now - graceMs);
  const old = slots.filter((t) => t < now - graceMs);
  if (old.length === 0) return { late, missed: null };
  return { late, missed: { count: old.length, capped, latest: old[old.length - 1], previous: old.length > 1 ? old[old.length - 2] : null } };
}
