// The timeline: when each schedule fires next. One min-heap of fire times and one timer for its
// top; the whole schedules due next, read a few seconds ahead; and nextRunAt written back for the
// API and the UI.
import { nextRun } from "../cron/next-runs";
import type { Db } from "../db/client";
import { giveWay, nextTurn } from "../db/turns";
import type { Logger } from "../log";
import type { Clock, TimerHandle } from "./clock";
import { MinHeap } from "./heap";
import { setNextRunsQueries } from "./sql";
import type { ScheduleSnapshot, Store } from "./store";
import type { Tasks } from "./tasks";
import type { Due, Entry } from "./types";

/** A timer is re-armed at least this often, so a clock that jumps is noticed within a minute. */
const MAX_TIMER_MS = 60_000;
/**
 * Slots are handed to `fire` (claimed) this long before they are due; at the slot only the start
 * of their runs remains (see claims.ts). Less than PREFETCH_LEAD_MS: the schedules are read first.
 */
export const CLAIM_AHEAD_MS = 2_000;
/** Whole schedules (payload and all) are read this long before their slot, for at most this many. */
const PREFETCH_LEAD_MS = 3_000;
const PREFETCH_MAX = 20_000;
/** Due slots handled per turn of the event loop: a burst of 10,000 never blocks it for long. */
const FIRE_CHUNK = 250;
/** A chunk of nextRunAt write-backs waits at most this long for runs that could start (a burst starts first). */
const GIVE_WAY_MAX_MS = 1_000;
/** nextRunAt values written per transaction. */
const WRITE_BACK_CHUNK = 500;

export type TimelineOptions = {
  db: Db;
  store: Store;
  clock: Clock;
  log: Logger;
  tasks: Tasks;
  misfireGraceMs: number;
  /** The entry for a schedule id, as the sync holds it now. */
  entry: (id: string) => Entry | undefined;
  /** Claims and runs due slots. */
  fire: (due: Due[]) => Promise<void>;
  /** While this says so, nextRunAt write-backs wait (GIVE_WAY_MAX_MS at most): starting runs comes first. */
  giveWayTo?: () => boolean;
  /** The slots to claim for `entry` when its slot `since` is found far in the past (the misfire policy decides). */
  overdue: (entry: Entry, since: number, now: number) => Due[];
};

export type Timeline = ReturnType<typeof createTimeline>;

export function createTimeline(options: TimelineOptions) {
  const { db, store, clock, log, tasks } = options;
  // Filled by plan(); drained by onTimer() as slots come due. Items of replaced entries (an older
  // generation) stay until they reach the top and are dropped there.
  const heap = new MinHeap<{ at: number; id: string; generation: number }>((a, b) => a.at < b.at || (a.at === b.at && a.id < b.id));
  let fireTimer: TimerHandle | null = null;
  // Filled by prefetch() a few seconds before a slot; an entry is dropped when its run starts or
  // its schedule goes. A copy older than the entry's updatedAt is read again at the slot.
  const prefetched = new Map<string, ScheduleSnapshot>();
  let prefetchTimer: TimerHandle | null = null;
  let prefetchFor = -1;
  // Filled by writeBack(); drained by writeQueued(), one writer at a time, a chunk per transaction.
  // The newest value per schedule wins: a value whose write failed goes back only if nothing newer
  // was queued meanwhile.
  const nextRunAts = new Map<string, number | null>();
  // Set by writeBackAt() for slots claimed ahead; each removes itself when it fires; cancelled by stop().
  const slotTimers = new Set<TimerHandle>();
  let writing: Promise<void> | null = null;
  let writeFailed = false;
  let stopped = false;

  /** Sets the entry's next fire time and puts it on the heap. */
  function plan(entry: Entry, next: number | null) {
    entry.next = next;
    if (next !== null) heap.push({ at: next, id: entry.id, generation: entry.generation });
  }

  const isCurrent = (item: { id: string; generation: number }) => options.entry(item.id)?.generation === item.generation;

  function arm() {
    fireTimer?.cancel();
    fireTimer = null;
    if (stopped) return;
    let top = heap.peek();
    while (top && !isCurrent(top)) {
      heap.pop();
      top = heap.peek();
    }
    if (!top) return;
    fireTimer = clock.setTimer(onTimer, Math.min(MAX_TIMER_MS, top.at - CLAIM_AHEAD_MS - clock.now()));
    armPrefetch(top.at);
  }

  /**
   * Pops what is due within CLAIM_AHEAD_MS (a chunk per turn of the event loop), plans each
   * schedule's next slot, fires. nextRunAt moves on when the slot comes, not when it is claimed.
   */
  function onTimer() {
    fireTimer = null;
    const now = clock.now();
    const due: Due[] = [];
    const ahead: Due[] = [];
    let handled = 0;
    for (let top = heap.peek(); top && top.at <= now + CLAIM_AHEAD_MS && handled < FIRE_CHUNK; top = heap.peek()) {
      heap.pop();
      const entry = options.entry(top.id);
      if (!entry || entry.generation !== top.generation) continue;
      handled++;
      if (top.at < now - options.misfireGraceMs) {
        // The timer ran far behind (a stalled process, a suspended machine): the misfire policy
        // decides about the slots it slept through instead of running every one of them.
        due.push(...options.overdue(entry, top.at, now));
        plan(entry, nextRun(entry.cronExpression, entry.timezone, new Date(now))?.getTime() ?? null);
      } else {
        (top.at > now ? ahead : due).push({ entry, slot: top.at });
        plan(entry, nextRun(entry.cronExpression, entry.timezone, new Date(top.at))?.getTime() ?? null);
        if (top.at > now) continue;
      }
      writeBack(entry.id, entry.next);
    }
    if (ahead.length) writeBackAt(ahead);
    due.push(...ahead);
    if (due.length) tasks.safely("fire", () => options.fire(due));
    if (heap.peek() && heap.peek()!.at <= now + CLAIM_AHEAD_MS) {
      // More are due: the rest on the next turn, after the I/O this chunk started.
      fireTimer = clock.setTimer(onTimer, 0);
      return;
    }
    flushWriteBack();
    arm();
  }

  function armPrefetch(at: number) {
    if (at === prefetchFor || stopped) return;
    prefetchFor = at;
    prefetchTimer?.cancel();
    prefetchTimer = clock.setTimer(() => {
      prefetchTimer = null;
      tasks.safely("prefetch", () => prefetch(at));
    }, at - PREFETCH_LEAD_MS - clock.now());
  }

  /** Reads the schedules due at `at` a few seconds ahead, so firing them waits on no query. */
  async function prefetch(at: number) {
    for (const id of prefetched.keys()) if (!options.entry(id)) prefetched.delete(id);
    const ids: string[] = [];
    for (const item of heap.values()) {
      if (ids.length >= PREFETCH_MAX) break;
      if (item.at > at || !isCurrent(item)) continue;
      if (prefetched.get(item.id)?.updatedAt.getTime() !== options.entry(item.id)!.updatedAt) ids.push(item.id);
    }
    if (ids.length) for (const [id, snapshot] of await store.loadMany(ids)) prefetched.set(id, snapshot);
  }

  /** The whole schedules behind these ids: read ahead when still current, the rest read now. */
  async function schedules(ids: string[]): Promise<Map<string, ScheduleSnapshot>> {
    const found = new Map<string, ScheduleSnapshot>();
    const missing: string[] = [];
    for (const id of ids) {
      const copy = prefetched.get(id);
      const entry = options.entry(id);
      if (copy && (!entry || copy.updatedAt.getTime() === entry.updatedAt)) found.set(id, copy);
      else missing.push(id);
    }
    if (missing.length) for (const [id, snapshot] of await store.loadMany(missing)) found.set(id, snapshot);
    return found;
  }

  /** Writes back the next slot of these schedules when their slot (claimed ahead) comes, as they are then. */
  function writeBackAt(ahead: Due[]) {
    const slots = new Map<number, string[]>();
    for (const d of ahead) slots.set(d.slot, [...(slots.get(d.slot) ?? []), d.entry.id]);
    for (const [slot, ids] of slots) {
      const timer = clock.setTimer(() => {
        slotTimers.delete(timer);
        for (const id of ids) {
          const entry = options.entry(id);
          if (entry) writeBack(id, entry.next);
        }
        flushWriteBack();
      }, slot - clock.now());
      slotTimers.add(timer);
    }
  }

  /** Queues nextRunAt for the API and the UI; written by the next flushWriteBack(). */
  function writeBack(id: string, next: number | null) {
    nextRunAts.delete(id); // re-inserted last: Map order is the order values were queued in
    nextRunAts.set(id, next);
  }

  /** Starts writing the queued nextRunAt values, unless a write is under way (it takes them too). */
  function flushWriteBack() {
    if (nextRunAts.size === 0 || stopped || writing) return;
    writing = tasks.safely("record nextRunAt", writeQueued).finally(() => {
      writing = null;
      if (!writeFailed) flushWriteBack(); // values queued as the last chunk committed
    });
  }

  /** Drains the queue a chunk per transaction; after a failure the next flushWriteBack() tries again. */
  async function writeQueued(): Promise<void> {
    writeFailed = false;
    while (nextRunAts.size > 0 && !stopped) {
      await nextTurn();
      await giveWay(options.giveWayTo, GIVE_WAY_MAX_MS);
      const chunk: { id: string; next: number | null }[] = [];
      for (const [id, next] of nextRunAts) {
        if (chunk.length === WRITE_BACK_CHUNK) break;
        chunk.push({ id, next });
      }
      for (const it of chunk) nextRunAts.delete(it.id);
      try {
        await db.$transaction(setNextRunsQueries(db, chunk.map((it) => ({ id: it.id, next: it.next === null ? null : new Date(it.next) }))));
      } catch (err) {
        // Written with the next flush; a value queued since is newer and wins.
        for (const it of chunk) if (!nextRunAts.has(it.id)) nextRunAts.set(it.id, it.next);
        writeFailed = true;
        throw err;
      }
    }
  }

  return {
    plan,
    arm,
    schedules,
    writeBack,
    flushWriteBack,
    /** Forgets the copy read ahead for a schedule whose run has started. */
    used: (id: string) => prefetched.delete(id),
    nextFireAt: () => heap.peek()?.at ?? null,
    stop() {
      stopped = true;
      fireTimer?.cancel();
      fireTimer = null;
      prefetchTimer?.cancel();
      prefetchTimer = null;
      for (const timer of slotTimers) timer.cancel();
      slotTimers.clear();
      log.debug("timeline stopped", { pendingWriteBack: nextRunAts.size });
    },
  };
}
