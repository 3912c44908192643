// worker.down / worker.up: no worker can report its own absence, so the web process keeps this
// watch. Workers are down when none has beaten for WORKER_DOWN_AFTER_SECONDS (60 s) while enabled
// schedules exist, and up again at the first beat after that. Each change is written by a
// conditional update of the one WorkerWatch row, with its alerts in the same transaction, so with
// several web processes one of them sends it. Sent to every channel of every team that has enabled
// schedules and has not turned worker alerts off.
import { providerOf, type Db } from "../db/client";
import { writeAlert } from "./outbox";
import { alertsWritten } from "./wake";

const WATCH_ID = "workers";

export type WorkerWatch = ReturnType<typeof createWorkerWatch>;

export function createWorkerWatch(deps: { db: Db; downAfterMs: number; now?: () => number }) {
  const { db, downAfterMs } = deps;
  const now = deps.now ?? Date.now;
  // Until a worker is seen, the absence is counted from when this watch began.
  const watchingSince = now();

  async function teamsToTell(): Promise<{ id: string; name: string }[]> {
    return db.team.findMany({ where: { workerAlerts: true, scheduleCount: { enabled: { gt: 0 } } }, select: { id: true, name: true } });
  }

  /** Sets the watch row's state to `down`; true when this call changed it (then it writes the alerts, in the same transaction). */
  async function change(down: boolean, downSince: Date, lastSeenAt: Date | null): Promise<boolean> {
    const at = new Date(now());
    const provider = providerOf(db);
    await db.$executeRawUnsafe(
      provider === "postgresql" ? `INSERT INTO "WorkerWatch" ("id", "down", "changedAt") VALUES ($1, false, now()) ON CONFLICT DO NOTHING` : `INSERT INTO "WorkerWatch" ("id", "down", "changedAt") VALUES (?, false, CURRENT_TIMESTAMP) ON CONFLICT DO NOTHING`,
      WATCH_ID,
    );
    const written = await db.$transaction(async (tx) => {
      const { count } = await tx.workerWatch.updateMany({ where: { id: WATCH_ID, down: !down }, data: { down, downSince: down ? downSince : null, changedAt: at } });
      if (count !== 1) return -1; // another process made this change
      const type = down ? "worker.down" : "worker.up";
      let n = 0;
      for (const team of await teamsToTell()) {
        const payload = { type, at: at.toISOString(), team, worker: { downSince: downSince.toISOString(), lastSeenAt: lastSeenAt?.toISOString() ?? null } } as const;
        if (await writeAlert(tx as unknown as Db, provider, { teamId: team.id, type, payload, channels: "all" }, at)) n++;
      }
      return n;
    });
    if (written > 0) alertsWritten(db);
    return written >= 0;
  }

  return {
    /** One look; returns the change it made, if any. */
    async check(): Promise<"down" | "up" | null> {
      const t = now();
      const [latest, watch, enabled] = await Promise.all([
        db.workerHeartbeat.findFirst({ where: { reapedAt: null }, orderBy: { lastSeenAt: "desc" }, select: { lastSeenAt: true } }),
        db.workerWatch.findUnique({ where: { id: WATCH_ID } }),
        db.scheduleCount.aggregate({ _sum: { enabled: true } }),
      ]);
      const lastSeenAt = latest?.lastSeenAt ?? null;
      const silentSince = Math.max(lastSeenAt?.getTime() ?? 0, watchingSince);
      const down = t - silentSince >= downAfterMs && (enabled._sum.enabled ?? 0) > 0;
      const isDown = watch?.down ?? false;
      if (down && !isDown) return (await change(true, new Date(silentSince), lastSeenAt)) ? "down" : null;
      // Up again: a worker beat after the watch went down (disabling every schedule also ends it).
      const back = lastSeenAt !== null && t - lastSeenAt.getTime() < downAfterMs;
      if (isDown && (back || (enabled._sum.enabled ?? 0) === 0)) return (await change(false, watch?.downSince ?? new Date(t), lastSeenAt)) ? "up" : null;
      return null;
    },
  };
}
