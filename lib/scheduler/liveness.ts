// Liveness: this worker's heartbeat, and what happens to the runs of workers that stopped beating.
// A run `running` under a silent worker is marked lost (and retried if its schedule allows); a run
// it had claimed or taken but not started is handed back to the queue: nothing of it ran, because
// a run executes only after its `running` state has committed.
import type { Db } from "../db/client";
import type { Logger } from "../log";
import { beat, retire } from "../workers/heartbeat";
import type { Clock } from "./clock";
import { retryAfter } from "./recorder";
import type { Store } from "./store";

export type LivenessOptions = { db: Db; store: Store; workerId: string; clock: Clock; log: Logger; staleAfterMs: number };

export function createLiveness(options: LivenessOptions) {
  const { db, store, workerId, clock, log } = options;
  // Set once, by start(): the heartbeat row's startedAt.
  let startedAt = new Date(0);

  return {
    /** Recovers what an earlier process with this WORKER_ID left, then beats for the first time. */
    async start() {
      startedAt = new Date(clock.now());
      const recovered = await store.recoverOwn(startedAt);
      if (recovered.lost || recovered.released) log.warn("recovered runs left by an earlier process with this worker id", recovered);
      await beat(db, workerId, startedAt, startedAt);
    },

    /** Beats, then reaps the runs of workers whose heartbeat is older than the stale limit. */
    async beatAndReap() {
      await beat(db, workerId, startedAt, new Date(clock.now()));
      const orphans = await store.orphanedRuns(new Date(clock.now() - options.staleAfterMs));
      for (const o of orphans) {
        if (o.workerId === workerId || o.workerId === null) continue;
        if (o.status === "queued") {
          if (await store.release(o.id, o.workerId, new Date(clock.now()))) log.warn("run released from a silent worker", { runId: o.id, worker: o.workerId });
          continue;
        }
        if (!(await store.markLost(o.id, o.status, o.workerId, `worker ${o.workerId} stopped sending heartbeats`, new Date(clock.now())))) continue;
        log.warn("run marked lost", { runId: o.id, worker: o.workerId });
        const schedule = await store.loadOne(o.scheduleId);
        if (schedule && o.attempt <= schedule.maxRetries) await store.queueRetry(o, schedule.id, retryAfter(o, schedule, clock.now()));
      }
    },

    /** Deletes this worker's heartbeat row: it is gone, not silent. */
    retire: () => retire(db, workerId).catch(() => undefined),
  };
}
