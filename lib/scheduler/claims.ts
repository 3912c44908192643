// Claims: turning due slots into runs. A slot is claimed by inserting its run row (the unique key
// lets one worker's insert succeed); the slots this worker wins go to the executor. Slots whose
// claim failed (the database was away) are kept and tried again with each sync; when they have
// grown old meanwhile, the misfire policy decides, as after any downtime.
//
// The timeline hands slots over a little before they are due (CLAIM_AHEAD_MS), so that a burst of
// thousands is inserted before its minute, not at it. Such a run is inserted `running` with no
// startedAt and runAfter = its slot: no worker's queue holds it, and the API lists no run before
// its slot. At the slot, after a read of what changed, each starts only if its schedule still
// fires then: a disable, a delete or a new expression withdraws it (its row is deleted); an edit of
// anything else runs the edited schedule. The "skip" overlap policy is decided at the slot too.
//
// Then the slot's runs start with one write, not one per run: this worker's heartbeat row records
// that it started every run it claimed for slots up to this one (startedThrough). A worker killed
// before that write leaves them unstarted, and whoever reaps it hands them back to the queue; killed
// after, it leaves them started, and they are marked lost: never run twice. A peer's reap and this
// write exclude each other (lib/workers/heartbeat.ts): a worker that finds itself reaped starts
// nothing it holds and starts over (onFenced). If the write fails, the runs start one by one
// through the executor's start commits instead.
import { nextRun } from "../cron/next-runs";
import type { Db } from "../db/client";
import { nextTurn } from "../db/turns";
import type { Logger } from "../log";
import type { Clock, TimerHandle } from "./clock";
import type { Job } from "./execution";
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
  /** Moves whenever the entries change (the sync's version). */
  entriesVersion: () => number;
  /** Called for each job of a slot claimed ahead, when claimed: work done then is not done at the slot. */
  prepare?: (job: Job) => void;
  /** Reads what changed in the database (the sync), before a slot claimed ahead starts. */
  readChanges: () => Promise<void>;
  /** Records that every run claimed here for slots up to `slot` starts now; false if this worker was reaped. */
  markSlotStarted: (slot: number) => Promise<boolean>;
  /** Called when a peer has reaped this worker: nothing it claimed may start here any more. */
  onFenced: () => void;
  metrics?: MetricsSink;
};

/** Runs of a slot claimed ahead handed to the executor per turn of the event loop. */
const HAND_OVER_CHUNK = 500;

/** Why a slot was not run because the previous run still ran. */
const OVERLAP_SKIPPED = { name: "Overlap", message: "skipped: the previous run was still running" };

/**
 * A run claimed before its slot: the entry it was claimed for (and the entries' version then),
 * whether another worker was busy with the schedule then, and its job (the whole schedule, read
 * when claimed; null if that read failed): at the slot only what changed since is looked at.
 */
type ClaimedAhead = { run: Claimed; entry: Entry; version: number; busyElsewhere: boolean; job: Job | null };

/** Whether `entry` fires at `slot` (its expression and zone may have changed since the slot was claimed). */
const firesAt = (entry: Entry, slot: number) => nextRun(entry.cronExpression, entry.timezone, new Date(slot - 1))?.getTime() === slot;

export type Claims = ReturnType<typeof createClaims>;

export function createClaims(options: ClaimsOptions) {
  const { db, store, workerId, clock, log, tasks, executor } = options;
  // Filled by fire() with the slots of a claim that failed, and by insertSkipped() with misfire
  // records that could not be written; both drained by retryFailed() on each sync.
  const failed: { id: string; slot: number }[] = [];
  const failedRecords: ClaimRow[] = [];
  // Filled by fire() with the runs it claimed before their slot; drained by each slot's timer
  // (startAhead); withdrawn (deleted) by stop(). Rows whose withdrawal or skip could not be written
  // wait in `unsettled` for the next sync, and the executor's reads of queued runs skip them.
  const ahead = new Map<number, { runs: ClaimedAhead[]; timer: TimerHandle }>();
  // Runs the slot did not start for want of their schedule (its read failed) go to this worker's
  // queue (`requeue`), where the executor finds them.
  const unsettled: { withdraw: string[]; skip: string[]; requeue: string[] } = { withdraw: [], skip: [], requeue: [] };
  // Slots whose runs claimed ahead are being handed to the executor now (startAhead under way).
  let startingSlots = 0;
  let stopped = false;

  /**
   * Claims a batch of slots (400 per statement): those due now go to the executor as soon as their
   * chunk returns, those still ahead wait for their slot in `ahead`.
   */
  async function fire(due: Due[]): Promise<void> {
    if (stopped || due.length === 0) return;
    const now = clock.now();
    const claimedHere = new Set<string>();
    const key = (scheduleId: string, slot: number) => `${scheduleId} ${slot}`;
    try {
      // "skip" overlap: a run of the schedule waiting or running here, or claimed or running elsewhere.
      const skipPolicy = [...new Set(due.filter((d) => d.entry.overlapPolicy === "skip").map((d) => d.entry.id))];
      const busyElsewhere = skipPolicy.length ? await store.busyAmong(skipPolicy) : new Set<string>();
      const byKey = new Map(due.map((d) => [key(d.entry.id, d.slot), d]));
      const rows: ClaimRow[] = due.map(({ entry, slot }) => {
        if (slot > now) return { scheduleId: entry.id, scheduledFor: new Date(slot), status: "running", runAfter: new Date(slot) };
        return entry.overlapPolicy === "skip" && (executor.busy(entry.id) || busyElsewhere.has(entry.id))
          ? { scheduleId: entry.id, scheduledFor: new Date(slot), status: "skipped", error: OVERLAP_SKIPPED }
          : { scheduleId: entry.id, scheduledFor: new Date(slot), status: "queued" };
      });
      const handing: Promise<void>[] = [];
      const version = options.entriesVersion();
      await claimSlots(db, workerId, rows, new Date(now), (won) => {
        const dueNow: Claimed[] = [];
        const later: ClaimedAhead[] = [];
        for (const run of won) {
          const slot = run.scheduledFor.getTime();
          claimedHere.add(key(run.scheduleId, slot));
          if (slot <= now) dueNow.push(run);
          else later.push({ run, entry: byKey.get(key(run.scheduleId, slot))!.entry, version, busyElsewhere: busyElsewhere.has(run.scheduleId), job: null });
        }
        if (dueNow.length)
          handing.push(
            jobsFor(dueNow).then((jobs) => {
              if (jobs) release(jobs);
            }),
          );
        if (later.length) handing.push(holdUntilSlot(later));
      });
      await Promise.all(handing);
    } catch (err) {
      // Chunks already claimed are handed over; the rest are tried again with the next sync (a
      // slot claimed meanwhile by this or another worker is not claimed twice: the unique key holds).
      log.warn("claim failed; will try again", { slots: due.length, error: (err as Error).message });
      failed.push(...due.filter((d) => !claimedHere.has(key(d.entry.id, d.slot))).map((d) => ({ id: d.entry.id, slot: d.slot })));
    }
  }

  /** Keeps runs claimed ahead, with their jobs, until their slot. */
  async function holdUntilSlot(claimed: ClaimedAhead[]): Promise<void> {
    for (const c of claimed) {
      const slot = c.run.scheduledFor.getTime();
      let group = ahead.get(slot);
      if (!group) {
        group = { runs: [], timer: clock.setTimer(() => tasks.safely("start runs claimed ahead", () => startAhead(slot)), slot - clock.now()) };
        ahead.set(slot, group);
      }
      group.runs.push(c);
    }
    // Read now (from the copies read ahead, as a rule), so that the slot only releases them.
    const jobs = await jobsFor(claimed.map((c) => c.run));
    if (jobs) {
      for (const job of jobs) options.prepare?.(job);
      const byRun = new Map(jobs.map((j) => [j.run.id, j]));
      for (const c of claimed) c.job = byRun.get(c.run.id) ?? null;
    }
  }

  /** At the slot: the runs whose schedule still fires now go to the executor; the others are withdrawn or skipped. */
  async function startAhead(slot: number): Promise<void> {
    const group = ahead.get(slot);
    ahead.delete(slot);
    if (!group || stopped) return;
    startingSlots++;
    try {
      await startClaimed(slot, group.runs);
    } finally {
      startingSlots--;
    }
  }

  async function startClaimed(slot: number, runs: ClaimedAhead[]): Promise<void> {
    // An edit committed before the slot is honoured even if its notice has not arrived yet.
    await options.readChanges().catch((err) => log.warn("could not read changes before the slot; starting on what is known", { error: (err as Error).message }));
    const jobs: Job[] = [];
    const start: ClaimedAhead[] = [];
    const recheck: ClaimedAhead[] = [];
    const version = options.entriesVersion();
    for (const claimed of runs) {
      // Nothing held here changed since the claim: the job read then stands ("skip", the default
      // policy, if no run of the schedule was in progress then, nor is here now).
      if (claimed.version === version && claimed.job && (claimed.entry.overlapPolicy !== "skip" || (!claimed.busyElsewhere && !executor.busy(claimed.entry.id)))) {
        jobs.push(claimed.job);
        continue;
      }
      const entry = options.entry(claimed.run.scheduleId);
      // Disabled or deleted (a deleted schedule's run went with it), or its new expression or zone skips this slot.
      if (!entry || (entry.generation !== claimed.entry.generation && !firesAt(entry, slot))) unsettled.withdraw.push(claimed.run.id);
      else if (entry.overlapPolicy === "skip" && executor.busy(entry.id)) unsettled.skip.push(claimed.run.id);
      // Busy elsewhere when claimed, or edited since (to "skip", perhaps: runs of it read before
      // are not counted by executor.busy): the database says whether a run is still going.
      else if (entry.overlapPolicy === "skip" && (claimed.busyElsewhere || entry.generation !== claimed.entry.generation)) recheck.push(claimed);
      else start.push(claimed);
    }
    if (recheck.length) {
      const stillBusy = await store.busyAmong(
        recheck.map((c) => c.run.scheduleId),
        recheck.map((c) => c.run.id),
      );
      for (const c of recheck) {
        if (stillBusy.has(c.run.scheduleId)) unsettled.skip.push(c.run.id);
        else start.push(c);
      }
    }
    // Jobs whose schedule was edited since it was read (or not read) are read again; a schedule
    // deleted meanwhile took its run with it.
    const reread: Claimed[] = [];
    for (const c of start) {
      if (c.job && c.job.schedule.updatedAt.getTime() === options.entry(c.run.scheduleId)?.updatedAt) jobs.push(c.job);
      else reread.push(c.run);
    }
    if (reread.length) {
      const read = await jobsFor(reread);
      if (read) jobs.push(...read);
      else unsettled.requeue.push(...reread.map((r) => r.id));
    }
    // What does not start is written first: the mark below covers every unsettled run of this slot.
    let started: boolean;
    try {
      await settle();
      started = await options.markSlotStarted(slot);
    } catch (err) {
      log.warn("could not mark the slot started; its runs start one by one", { slot: new Date(slot).toISOString(), runs: jobs.length, error: (err as Error).message });
      await handOver(jobs, false);
      return;
    }
    if (!started) {
      log.error("this worker was taken for dead by a peer, which handed its unstarted runs to others; none starts here, and the worker starts over", { slot: new Date(slot).toISOString(), runs: jobs.length });
      // The runs of later slots are the peer's to hand out too: dropped here, not withdrawn.
      stopped = true;
      for (const group of ahead.values()) group.timer.cancel();
      ahead.clear();
      options.onFenced();
      return;
    }
    await handOver(jobs, true);
  }

  /** Hands jobs to the executor a chunk at a time: a burst of 10,000 never blocks the loop for long. */
  async function handOver(jobs: Job[], started: boolean): Promise<void> {
    for (let i = 0; i < jobs.length; i += HAND_OVER_CHUNK) {
      if (i > 0) await nextTurn();
      release(jobs.slice(i, i + HAND_OVER_CHUNK), started);
    }
  }

  /** Writes the withdrawals, skips and requeues decided at slots; what fails stays for the next sync. */
  async function settle(): Promise<void> {
    const writes: [keyof typeof unsettled, (ids: string[]) => Promise<void>][] = [
      ["withdraw", (ids) => store.withdrawClaims(ids)],
      ["skip", (ids) => store.skipClaims(ids, OVERLAP_SKIPPED, new Date(clock.now()))],
      ["requeue", (ids) => store.requeueClaims(ids)],
    ];
    for (const [kind, write] of writes) {
      const ids = unsettled[kind].splice(0);
      try {
        if (ids.length) await write(ids);
      } catch (err) {
        unsettled[kind].push(...ids);
        throw err;
      }
    }
  }

  /**
   * The jobs of won slots: each run with its whole schedule (read ahead, or read now). Null if
   * the read failed: runs due now stay queued under this worker, and the executor reads them back
   * with its next refill; runs claimed ahead are read again at their slot.
   */
  async function jobsFor(won: Claimed[]): Promise<Job[] | null> {
    const timeline = options.timeline();
    let schedules;
    try {
      schedules = await timeline.schedules([...new Set(won.map((r) => r.scheduleId))]);
    } catch (err) {
      log.warn("could not read the schedules of claimed runs; they wait in the queue", { runs: won.length, error: (err as Error).message });
      return null;
    }
    const jobs: Job[] = [];
    for (const run of won) {
      const schedule = schedules.get(run.scheduleId);
      timeline.used(run.scheduleId);
      if (schedule) jobs.push({ run: { id: run.id, scheduleId: run.scheduleId, scheduledFor: run.scheduledFor, attempt: 1, trigger: "schedule" }, schedule });
    }
    return jobs;
  }

  /** Hands due jobs to the executor (`started`: their slot's start is written): each is a fire, logged with its lateness. */
  function release(jobs: Job[], started = false) {
    const now = clock.now();
    const slotText = new Map<number, string>(); // a burst shares a few slots: each formatted once
    for (const { run, schedule } of jobs) {
      const at = run.scheduledFor.getTime();
      let slot = slotText.get(at);
      if (slot === undefined) slotText.set(at, (slot = run.scheduledFor.toISOString()));
      log.info("fire", { schedule: schedule.name, slot, latenessMs: now - at });
      options.metrics?.fired(now - at);
    }
    if (started) executor.admitStarted(jobs);
    else executor.admit(jobs);
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
    /** Claimed runs decided at their slot not to run, whose withdrawal or skip is not written yet. */
    withheld: () => [...unsettled.withdraw, ...unsettled.skip],
    /** Whether runs claimed ahead are due now and not all handed to the executor yet (bookkeeping writes wait for them). */
    startsDue: () => startingSlots > 0 || [...ahead.keys()].some((slot) => slot <= clock.now()),
    /** Claims again the slots whose claim failed: still due if recent, otherwise per the misfire policy. */
    async retryFailed(now: number) {
      for (const row of failedRecords.splice(0)) insertSkipped(row);
      await settle();
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
    /**
     * Stops claiming now, and withdraws the runs claimed ahead (resolves when their rows are
     * deleted): the workers still running claim those slots themselves.
     */
    stop(): Promise<void> {
      stopped = true;
      const runs = [...ahead.values()].flatMap((group) => {
        group.timer.cancel();
        return group.runs.map((c) => c.run.id);
      });
      ahead.clear();
      unsettled.withdraw.push(...runs);
      return settle().catch((err) => log.warn("could not withdraw runs claimed ahead; they are handed back to the queue", { error: (err as Error).message }));
    },
  };
}
