// Which slot of a heartbeat check a ping answers, and which slots have passed their grace with no
// ping. Pure functions over the cron core; lib/heartbeats/settle.ts writes what they decide.
//
// A check's nextRunAt is its cursor: the oldest slot not yet answered by a ping nor recorded as
// missed (the API sets it to the next slot when the check is made, enabled or re-timed). A ping
// answers that slot once it has come (or comes within EARLY_PING_MS: the other machine's clock may
// run ahead), and the cursor moves to the following slot. The oldest waiting slot, not the latest:
// a job slower than its interval (every minute, taking 90 s) answers each of its slots in turn. A
// ping with no slot waiting (a second ping, a run by hand) is recorded as a run of its own. A slot
// whose grace has passed while it waited becomes a missed run.
import { nextRun } from "../cron/next-runs";
import { slotsBetween } from "../scheduler/slots";

/** A ping this long before its slot still answers it, or a quarter of the time between slots if that is less. */
export const EARLY_PING_MS = 60_000;
/** Missed runs recorded at one look per check: after a long silence, the newest; the oldest of them says more came before. */
export const MISSED_RUNS_MAX = 20;

type Expression = { cronExpression: string; timezone: string };
export type CheckTiming = Expression & { nextRunAt: number | null; graceMs: number };

export type Overdue = {
  /** Slots to record as missed, oldest first (the newest MISSED_RUNS_MAX). */
  missed: number[];
  /** Whether earlier slots also passed with no ping (not recorded one by one). */
  earlier: boolean;
  /** The cursor after them: the oldest slot still within its grace, or the next one to come. */
  next: number | null;
};

/** The first slot after `at`. */
const after = (e: Expression, at: number) => nextRun(e.cronExpression, e.timezone, new Date(at))?.getTime() ?? null;

/** The slots of `check` whose grace had passed by `now` with no ping. */
export function overdueSlots(check: CheckTiming, now: number): Overdue {
  const cursor = check.nextRunAt;
  const deadline = now - check.graceMs;
  if (cursor === null || cursor > deadline) return { missed: [], earlier: false, next: cursor };
  const { slots, capped } = slotsBetween(check.cronExpression, check.timezone, cursor, deadline, MISSED_RUNS_MAX);
  return { missed: slots, earlier: capped, next: after(check, deadline) };
}

/**
 * The slot a ping at `at` answers, given the cursor `next` (overdue slots already taken out), and
 * the cursor after it; `slot` null: no slot waits, the ping is a run of its own.
 */
export function answeredSlot(check: Expression, next: number | null, at: number): { slot: number | null; next: number | null } {
  if (next === null) return { slot: null, next };
  const following = after(check, next);
  const early = following === null ? EARLY_PING_MS : Math.min(EARLY_PING_MS, (following - next) / 4);
  return next <= at + early ? { slot: next, next: following } : { slot: null, next };
}
