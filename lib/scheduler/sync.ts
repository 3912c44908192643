// The sync: which schedules this worker holds, kept equal to the enabled schedules in the database
// that run something (a heartbeat check runs nothing: its slots are settled by pings and by the
// alert watch, lib/heartbeats/, never claimed).
// A full load at start, an incremental sync of what changed (every second, and at once when the
// change feed says so), and a reconcile every minute that catches what the incremental sync cannot
// see (schedules deleted together with their user leave no tombstone).
import { nextRun } from "../cron/next-runs";
import { HEARTBEAT } from "../entrypoints/heartbeat";
import type { Logger } from "../log";
import { MISSED_BECAUSE, type Claims } from "./claims";
import type { Clock } from "./clock";
import type { Store, TimingRow } from "./store";
import type { Tasks } from "./tasks";
import type { Timeline } from "./timeline";
import type { Due, Entry } from "./types";

/** Changes are read again for this long after they were first seen: writers' clocks differ a little. */
const SYNC_OVERLAP_MS = 10_000;

/** Whether a worker holds (and fires) this schedule. */
const held = (row: Pick<TimingRow, "isEnabled" | "entrypoint">) => row.isEnabled && row.entrypoint !== HEARTBEAT;

export type SyncOptions = {
  store: Store;
  clock: Clock;
  log: Logger;
  tasks: Tasks;
  loadPageSize: number;
  timeline: () => Timeline;
  claims: () => Claims;
};

export type Sync = ReturnType<typeof createSync>;

export function createSync(options: SyncOptions) {
  const { store, clock, log, tasks } = options;
  // Filled by apply() with every enabled schedule read; drained by disables, tombstones and the reconcile.
  const entries = new Map<string, Entry>();
  // One copy of each expression, zone and policy string, however many schedules share it.
  const strings = new Map<string, string>();
  let generations = 0;
  // Counts every change to `entries` (an entry added, replaced or removed): while it stands still, nothing held here changed.
  let changes = 0;
  // The newest updatedAt seen, the start of the previous sync, the newest tombstone seen.
  let syncCursor = 0;
  let lastSyncStart = 0;
  let tombstoneCursor = 0;
  let syncing: Promise<void> | null = null;
  let again = false;

  const shared = <T extends string>(value: T): T => {
    const known = strings.get(value);
    if (known !== undefined) return known as T;
    strings.set(value, value);
    return value;
  };

  /**
   * Takes a row read from the database into memory. An unchanged row is ignored; a changed one
   * replaces the entry (its heap items become stale). Returns the slots a schedule new to this
   * worker missed, to claim now.
   */
  function apply(row: TimingRow, now: number): Due[] {
    const prev = entries.get(row.id);
    if (!held(row)) {
      if (prev && entries.delete(row.id)) changes++;
      return [];
    }
    if (prev && prev.updatedAt === row.updatedAt.getTime()) return [];
    const entry: Entry = {
      id: row.id,
      cronExpression: shared(row.cronExpression),
      timezone: shared(row.timezone),
      overlapPolicy: shared(row.overlapPolicy),
      misfirePolicy: shared(row.misfirePolicy),
      updatedAt: row.updatedAt.getTime(),
      generation: ++generations,
      next: null,
    };
    entries.set(row.id, entry);
    changes++;
    const timeline = options.timeline();
    if (prev && prev.cronExpression === row.cronExpression && prev.timezone === row.timezone) {
      // Only non-timing fields changed (payload, name, policies): the planned slot stands.
      timeline.plan(entry, prev.next);
      return [];
    }
    // New to this worker: catch up on the slots since its stored nextRunAt, which only a live
    // worker moves on. (A schedule whose timing changed starts afresh from now.)
    const since = row.nextRunAt?.getTime();
    const overdue = !prev && since !== undefined && since <= now ? options.claims().overdue(entry, since, now, MISSED_BECAUSE.noWorker) : [];
    timeline.plan(entry, nextRun(row.cronExpression, row.timezone, new Date(now))?.getTime() ?? null);
    if (row.nextRunAt?.getTime() !== (entry.next ?? undefined)) timeline.writeBack(entry.id, entry.next);
    return overdue;
  }

  function fireOverdue(due: Due[]) {
    if (due.length) tasks.safely("fire", () => options.claims().fire(due));
  }

  async function load() {
    const now = clock.now();
    let count = 0;
    for await (const page of store.timingPages(options.loadPageSize)) {
      const overdue: Due[] = [];
      for (const row of page) {
        if (!held(row)) continue;
        overdue.push(...apply(row, now));
        syncCursor = Math.max(syncCursor, row.updatedAt.getTime());
        count++;
      }
      fireOverdue(overdue);
    }
    tombstoneCursor = now;
    lastSyncStart = now;
    options.timeline().flushWriteBack();
    options.timeline().arm();
    log.info("schedules loaded", { count });
  }

  async function readChanges() {
    const now = clock.now();
    // Everything written before the previous sync started was seen by it: the window reaches back
    // only the overlap from there, so a bulk import is not re-read every second for ever.
    const since = Math.max(syncCursor, lastSyncStart) - SYNC_OVERLAP_MS;
    lastSyncStart = now;
    const overdue: Due[] = [];
    for (const row of await store.changedSince(new Date(since))) {
      overdue.push(...apply(row, now));
      syncCursor = Math.max(syncCursor, row.updatedAt.getTime());
    }
    fireOverdue(overdue);
    for (const t of await store.deletedSince(new Date(tombstoneCursor - SYNC_OVERLAP_MS))) {
      if (entries.delete(t.scheduleId)) changes++;
      tombstoneCursor = Math.max(tombstoneCursor, t.deletedAt.getTime());
    }
    options.timeline().flushWriteBack();
    options.timeline().arm();
  }

  return {
    load,
    /** Reads what changed since the last look; calls made while one runs are folded into one more. */
    changes(): Promise<void> {
      if (syncing) {
        again = true;
        return syncing;
      }
      syncing = tasks
        .track(
          (async () => {
            do {
              again = false;
              await readChanges();
            } while (again);
          })(),
        )
        .finally(() => (syncing = null));
      return syncing;
    },
    async reconcile() {
      const now = clock.now();
      const generationAtStart = generations;
      const present = new Set<string>();
      for await (const versions of store.versionPages(options.loadPageSize)) {
        const stale: string[] = [];
        for (const v of versions) {
          if (!held(v)) continue;
          present.add(v.id);
          if (entries.get(v.id)?.updatedAt !== v.updatedAt.getTime()) stale.push(v.id);
        }
        const overdue: Due[] = [];
        for (const row of await store.timingMany(stale)) overdue.push(...apply(row, now));
        fireOverdue(overdue);
      }
      // Held here but not held in the database: deleted, disabled or a heartbeat check now, and the sync missed it.
      // An entry the sync added while the pages were read may sit behind the cursor: it is kept.
      for (const [id, entry] of entries) if (!present.has(id) && entry.generation <= generationAtStart && entries.delete(id)) changes++;
      options.timeline().flushWriteBack();
      options.timeline().arm();
    },
    entry: (id: string) => entries.get(id),
    /** Moves with every change to what this worker holds. */
    version: () => changes,
    size: () => entries.size,
  };
}
