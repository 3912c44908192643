// Liveness: this worker's heartbeat, and what happens to the runs of workers that stopped beating.
// A run `running` under a silent worker is marked lost (and retried if its schedule allows); a run
// it had claimed or taken but not started is handed back to the queue: nothing of it ran, because
// a run executes only after its start has committed (its own `running` state, or for a slot
// claimed ahead, the worker's startedThrough: see claims.ts).
import type { Db } from "../db/client";
import type { Logger } from "../log";
import { beat, markStartedThrough, register, retire } from "../workers/heartbeat";
import type { Clock } from "./clock";
import { retryAfter } from "./recorder";
import type { Store } from "./store";

export type LivenessOptions = {
  db: Db;
  store: Store;
  workerId: string;
  clock: Clock;
  log: Logger;
  staleAfterMs: number;
  /** Called once when a peer has reaped this worker (it was silent too long): it must start over. */
  onFenced: () => void;
};

export function createLiveness(options: LivenessOptions) {
  const { db, store, workerId, clock, log } = options;
  // Set once, by start(): the heartbeat row's startedAt, this process's epoch.
  let startedAt = new Date(0);
  let fenced = false;
  const fence = () => {
    if (fenced) return;
    fenced = true;
    options.onFenced();
  };

  return {
    /** Recovers what an earlier process with this WORKER_ID left, then registers this one. */
    async start() {
      startedAt = new Date(clock.now());
      const recovered = await store.recoverOwn(startedAt);
      if (recovered.lost || recovered.released) log.warn("recovered runs left by an earlier process with this worker id", recovered);
      await register(db, workerId, startedAt);
    },

    /** See claims.ts: false if a peer reaped this worker (then nothing it claimed may start). */
    async markSlotStarted(slot: number): Promise<boolean> {
      if (fenced) return false;
      const ok = await markStartedThrough(db, workerId, startedAt, new Date(slot), new Date(clock.now()));
      if (!ok) fence();
      return ok;
    },

    /** Beats, then takes over from the workers whose heartbeat is older than the stale limit. */
    async beatAndReap() {
      if (fenced) return;
      if (!(await beat(db, workerId, startedAt, new Date(clock.now())))) {
        log.error("this worker was taken for dead by a peer (its heartbeat was older than the stale limit); it starts over", { workerId });
        fence();
        return;
      }
      const staleBefore = new Date(clock.now() - options.staleAfterMs);
      const now = () => new Date(clock.now());
      const orphans = await store.orphanedRuns(staleBefore);
      const silent = new Set(orphans.map((o) => o.workerId).filter((id): id is string => id !== null && id !== workerId));
      for (const dead of silent) {
        const reaped = await store.reap(dead, staleBefore, now());
        if (reaped === null) silent.delete(dead); // it beat meanwhile
        else if (reaped.released) log.warn("runs claimed ahead released from a silent worker", { worker: dead, runs: reaped.released });
      }
      for (const o of orphans) {
        if (o.workerId === null || !silent.has(o.workerId)) continue;
        if (o.status === "queued") {
          if (await store.release(o.id, o.workerId, now())) log.warn("run released from a silent worker", { runId: o.id, worker: o.workerId });
          continue;
        }
        // Released above if it had not started (then it is queued now, and this changes nothing).
        if (!(await store.markLost(o.id, o.status, o.workerId, `worker ${o.workerId} stopped sending heartbeats`, now()))) continue;
        log.warn("run marked lost", { runId: o.id, worker: o.workerId });
        const schedule = await store.loadOne(o.scheduleId);
        if (schedule && o.attempt <= schedule.maxRetries) await store.queueRetry(o, schedule.id, retryAfter(o, schedule, clock.now()));
      }
    },

    /** Deletes this worker's heartbeat row: it is gone, not silent. */
    retire: () => retire(db, workerId).catch(() => undefined),
  };
}
