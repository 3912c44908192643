// Claims: turning due slots into runs. A slot is claimed by inserting its run row (the unique key
// lets one worker's insert succeed); the slots this worker wins go to the executor. Slots whose
// claim failed (the database was away) are kept and tried again with each sync; when they have
// grown old meanwhile, the misfire policy decides, as after any downtime.
import type { Db } from "../db/client";
import type { Logger } from "../log";
import type { Clock } from "./clock";
import type { Executor } from "./executor";
import type { MetricsSink } from "./metrics";
import { catchUp, type CatchUp } from "./slots";
import { claimSlots, type Claimed, type ClaimRow } from "./sql";
import type { Store } from "./store";
import type { Tasks } from "./tasks";
import type { Timeline } from "./timeline";
import type { Due, Entry } from "./types";

/** Why slots were not run on time, as the skipped run that records them says. */
export const MISSED_BECAUSE = {
  noWorker: "while no worker was running",
  stalled: "while this worker was stalled (its timer fired late)",
  databaseAway: "while the database could not be reached to claim them",
} as const;
export type MissedBecause = (typeof MISSED_BECAUSE)[keyof typeof MISSED_BECAUSE];

export type ClaimsOptions = {
  db: Db;
  store: Store;
  workerId: string;
  clock: Clock;
  log: Logger;
  tasks: Tasks;
  misfireGraceMs: number;
  executor: Executor;
  timeline: () => Timeline;
  entry: (id: string) => Entry | undefined;
  metrics?: MetricsSink;
};

export type Claims = ReturnType<typeof createClaims>;

export function createClaims(options: ClaimsOptions) {
  const { db, store, workerId, clock, log, tasks, executor } = options;
  // Filled by fire() with the slots of a claim that failed, and by insertSkipped() with misfire
  // records that could not be written; both drained by retryFailed() on each sync.
  const failed: { id: string; slot: number }[] = [];
  const failedRecords: ClaimRow[] = [];
  let stopped = false;

  /** Claims a batch of due slots (400 per statement) and hands the ones this worker won to the executor. */
  async function fire(due: Due[]): Promise<void> {
    if (stopped || due.length === 0) return;
    const claimedHere = new Set<string>();
    try {
      // "skip" overlap: a run of the schedule waiting or running here, or claimed or running elsewhere.
      const skipPolicy = [...new Set(due.filter((d) => d.entry.overlapPolicy === "skip").map((d) => d.entry.id))];
      const busyElsewhere = skipPolicy.length ? await store.busyAmong(skipPolicy) : new Set<string>();
      const rows: ClaimRow[] = due.map(({ entry, slot }) =>
        entry.overlapPolicy === "skip" && (executor.busy(entry.id) || busyElsewhere.has(entry.id))
          ? { scheduleId: entry.id, scheduledFor: new Date(slot), status: "skipped", error: { name: "Overlap", message: "skipped: the previous run was still running" } }
          : { scheduleId: entry.id, scheduledFor: new Date(slot), status: "queued" },
      );
      const handing: Promise<void>[] = [];
      await claimSlots(db, workerId, rows, new Date(clock.now()), (won) => {
        for (const run of won) claimedHere.add(`${run.scheduleId} ${run.scheduledFor.getTime()}`);
        if (won.length) handing.push(handOver(won));
      });
      await Promise.all(handing);
    } catch (err) {
      // Chunks already claimed are handed over; the rest are tried again with the next sync (a
      // slot claimed meanwhile by this or another worker is not claimed twice: the unique key holds).
      log.warn("claim failed; will try again", { slots: due.length, error: (err as Error).message });
      failed.push(...due.filter((d) => !claimedHere.has(`${d.entry.id} ${d.slot}`)).map((d) => ({ id: d.entry.id, slot: d.slot })));
    }
  }

  /** Hands won slots to the executor with their whole schedules (read ahead, or read now). */
  async function handOver(won: Claimed[]): Promise<void> {
    let schedules;
    try {
      schedules = await options.timeline().schedules([...new Set(won.map((r) => r.scheduleId))]);
    } catch (err) {
      // The runs stay queued under this worker: the executor reads them back with its next refill.
      log.warn("could not read the schedules of claimed runs; they wait in the queue", { runs: won.length, error: (err as Error).message });
      return;
    }
    const jobs = [];
    for (const run of won) {
      const schedule = schedules.get(run.scheduleId);
      options.timeline().used(run.scheduleId);
      if (!schedule) continue; // deleted meanwhile: its runs went with it
      const latenessMs = clock.now() - run.scheduledFor.getTime();
      log.info("fire", { schedule: schedule.name, slot: run.scheduledFor.toISOString(), latenessMs });
      options.metrics?.fired(latenessMs);
      jobs.push({ run: { ...run, attempt: 1, trigger: "schedule" as const }, schedule });
    }
    executor.admit(jobs);
  }

  /** Writes a skipped run (its insert is its claim: written once, whoever tries); kept to try again if it fails. */
  function insertSkipped(row: ClaimRow) {
    tasks.safely("record missed slots", async () => {
      try {
        await claimSlots(db, workerId, [row], new Date(clock.now()));
      } catch (err) {
        failedRecords.push(row);
        throw err;
      }
    });
  }

  /**
   * Records, per the misfire policy, slots nobody ran (one skipped run says how many and why),
   * and returns the slot to run now ("run_once": the latest) or null ("skip"). The caller claims
   * that slot with whatever else is due, in one batch.
   */
  function skipMissed(entry: Entry, missed: NonNullable<CatchUp["missed"]>, because: MissedBecause): number | null {
    const count = `${missed.count}${missed.capped ? "+" : ""}`;
    const record = (slot: number, message: string) => insertSkipped({ scheduleId: entry.id, scheduledFor: new Date(slot), status: "skipped", error: { name: "Misfire", message } });
    if (entry.misfirePolicy === "skip") {
      record(missed.latest, `${count} slot(s) missed ${because}; misfire policy "skip" runs none`);
      return null;
    }
    if (missed.previous !== null) record(missed.previous, `${count} slot(s) missed ${because}; misfire policy "run_once" runs only the latest`);
    return missed.latest;
  }

  /** The slots of `entry` from `since` to `now` to claim: recent ones as late, older ones per the misfire policy. */
  function overdue(entry: Entry, since: number, now: number, because: MissedBecause): Due[] {
    const plan = catchUp(entry.cronExpression, entry.timezone, since, now, options.misfireGraceMs);
    const missedSlot = plan.missed ? skipMissed(entry, plan.missed, because) : null;
    const slots = missedSlot === null ? plan.late : [missedSlot, ...plan.late];
    return slots.map((slot) => ({ entry, slot }));
  }

  return {
    fire,
    overdue,
    /** Claims again the slots whose claim failed: still due if recent, otherwise per the misfire policy. */
    async retryFailed(now: number) {
      for (const row of failedRecords.splice(0)) insertSkipped(row);
      const retry = failed.splice(0).sort((a, b) => a.slot - b.slot);
      const due: Due[] = [];
      const old = new Map<string, number[]>();
      for (const f of retry) {
        const entry = options.entry(f.id);
        if (!entry) continue; // disabled or deleted meanwhile
        if (f.slot >= now - options.misfireGraceMs) due.push({ entry, slot: f.slot });
        else old.set(f.id, [...(old.get(f.id) ?? []), f.slot]);
      }
      for (const [id, slots] of old) {
        const missed = { count: slots.length, capped: false, latest: slots[slots.length - 1], previous: slots.length > 1 ? slots[slots.length - 2] : null };
        const slot = skipMissed(options.entry(id)!, missed, MISSED_BECAUSE.databaseAway);
        if (slot !== null) due.push({ entry: options.entry(id)!, slot });
      }
      if (due.length) await fire(due);
    },
    stop() {
      stopped = true;
    },
  };
}
