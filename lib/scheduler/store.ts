// The engine's database operations (batched slot claims and bookkeeping that must not bump
// updatedAt are raw SQL, in sql.ts). Every claim is an insert or a conditional update that the
// database lets succeed once: a second worker trying the same slot does nothing for it.
import { isUniqueViolation } from "../api/errors";
import type { Db, Prisma, Run, Schedule } from "../db/client";

export type ScheduleSnapshot = Pick<
  Schedule,
  | "id"
  | "userId"
  | "name"
  | "cronExpression"
  | "timezone"
  | "entrypoint"
  | "payload"
  | "isEnabled"
  | "overlapPolicy"
  | "misfirePolicy"
  | "timeoutSeconds"
  | "maxRetries"
  | "retryDelaySeconds"
  | "nextRunAt"
  | "updatedAt"
>;

const snapshotFields = {
  id: true,
  userId: true,
  name: true,
  cronExpression: true,
  timezone: true,
  entrypoint: true,
  payload: true,
  isEnabled: true,
  overlapPolicy: true,
  misfirePolicy: true,
  timeoutSeconds: true,
  maxRetries: true,
  retryDelaySeconds: true,
  nextRunAt: true,
  updatedAt: true,
} satisfies Prisma.ScheduleSelect;

/** What the engine keeps in memory per schedule: only what timing and claiming need. */
export type TimingRow = Pick<Schedule, "id" | "cronExpression" | "timezone" | "overlapPolicy" | "misfirePolicy" | "isEnabled" | "nextRunAt" | "updatedAt">;

const timingFields = {
  id: true,
  cronExpression: true,
  timezone: true,
  overlapPolicy: true,
  misfirePolicy: true,
  isEnabled: true,
  nextRunAt: true,
  updatedAt: true,
} satisfies Prisma.ScheduleSelect;

export type SlotRun = Pick<Run, "id" | "scheduleId" | "scheduledFor" | "attempt" | "trigger">;

export type Outcome = {
  status: "succeeded" | "failed" | "timed_out" | "lost";
  startedAt: Date;
  finishedAt: Date;
  result?: Prisma.InputJsonValue;
  error?: Prisma.InputJsonValue;
};

/** Keyset paging by id: yields pages until one comes back short. */
async function* pages<T extends { id: string }>(pageSize: number, fetch: (cursor: string | null, take: number) => Promise<T[]>): AsyncGenerator<T[]> {
  let cursor: string | null = null;
  for (;;) {
    const page = await fetch(cursor, pageSize);
    if (page.length) yield page;
    if (page.length < pageSize) return;
    cursor = page[page.length - 1].id;
  }
}

export function createStore(db: Db, workerId: string) {
  return {
    /**
     * Every schedule's timing fields (the caller skips disabled ones), a page at a time in id
     * order. One query for 100,000 rows would make memory peak at several hundred MB. Pages walk
     * the primary key: with "isEnabled" in the WHERE clause SQLite picks that index and sorts
     * every enabled row again for each page.
     */
    timingPages: (pageSize: number) => pages(pageSize, (cursor, take) => db.schedule.findMany({ where: cursor ? { id: { gt: cursor } } : {}, select: timingFields, orderBy: { id: "asc" }, take })),
    timingOne: (id: string) => db.schedule.findUnique({ where: { id }, select: timingFields }),
    versionPages: (pageSize: number) =>
      pages(pageSize, (cursor, take) => db.schedule.findMany({ where: cursor ? { id: { gt: cursor } } : {}, select: { id: true, updatedAt: true, isEnabled: true }, orderBy: { id: "asc" }, take })),
    changedSince: (since: Date) => db.schedule.findMany({ where: { updatedAt: { gt: since } }, select: timingFields, orderBy: { updatedAt: "asc" } }),
    /** Whole schedules (payload and all), for the runs about to execute. */
    async loadMany(ids: string[]): Promise<Map<string, ScheduleSnapshot>> {
      const found = new Map<string, ScheduleSnapshot>();
      for (let i = 0; i < ids.length; i += 500) {
        for (const row of await db.schedule.findMany({ where: { id: { in: ids.slice(i, i + 500) } }, select: snapshotFields })) found.set(row.id, row);
      }
      return found;
    },
    loadOne: (id: string) => db.schedule.findUnique({ where: { id }, select: snapshotFields }),
    deletedSince: (since: Date) => db.scheduleTombstone.findMany({ where: { deletedAt: { gt: since } } }),

    /** Queued runs (manual, retries) nobody has taken yet that may start by `now`. */
    dueQueued: (now: Date, take: number) =>
      db.run.findMany({
        where: { status: "queued", workerId: null, runAfter: { lte: now } },
        orderBy: [{ runAfter: "asc" }, { id: "asc" }],
        take,
        select: { id: true, scheduleId: true, scheduledFor: true, attempt: true, trigger: true },
      }),
    /** Takes a queued run; false when another worker was first. */
    async takeQueued(runId: string): Promise<boolean> {
      const { count } = await db.run.updateMany({ where: { id: runId, status: "queued", workerId: null }, data: { workerId } });
      return count === 1;
    },

    /** Which of these schedules have a run in progress on any worker. */
    async runningAmong(scheduleIds: string[]): Promise<Set<string>> {
      const rows = await db.run.findMany({ where: { scheduleId: { in: scheduleIds }, status: "running" }, select: { scheduleId: true }, distinct: ["scheduleId"] });
      return new Set(rows.map((r) => r.scheduleId));
    },

    /** The statement that marks a run started (not awaited: for batching). */
    startQuery: (runId: string, at: Date) => db.run.updateMany({ where: { id: runId, status: "queued", workerId }, data: { status: "running", startedAt: at } }),

    /** The statement that records how a run ended, only while it is still ours and running. */
    finishQuery: (run: SlotRun, outcome: Outcome) =>
      db.run.updateMany({
        where: { id: run.id, status: "running", workerId },
        data: {
          status: outcome.status,
          finishedAt: outcome.finishedAt,
          durationMs: outcome.finishedAt.getTime() - outcome.startedAt.getTime(),
          ...(outcome.result !== undefined ? { result: outcome.result } : {}),
          ...(outcome.error !== undefined ? { error: outcome.error } : {}),
        },
      }),

    /** Own runs left by an earlier process with the same WORKER_ID: nothing of ours runs yet. */
    async recoverOwn(now: Date): Promise<{ lost: number; released: number }> {
      const lost = await db.run.updateMany({
        where: { workerId, status: "running" },
        data: { status: "lost", finishedAt: now, error: { name: "Lost", message: `worker ${workerId} restarted while the run was in progress` } },
      });
      const released = await db.run.updateMany({ where: { workerId, status: "queued" }, data: { workerId: null, runAfter: now } });
      return { lost: lost.count, released: released.count };
    },


    async queueRetry(run: SlotRun, scheduleId: string, runAfter: Date): Promise<void> {
      try {
        await db.run.create({ data: { scheduleId, trigger: "retry", scheduledFor: run.scheduledFor, attempt: run.attempt + 1, status: "queued", runAfter } });
      } catch (err) {
        if (!isUniqueViolation(err)) throw err; // already queued by another worker's reaper
      }
    },

    /** Runs left running or claimed by workers whose heartbeat stopped before `staleBefore`. */
    async orphanedRuns(staleBefore: Date) {
      const live = await db.workerHeartbeat.findMany({ where: { lastSeenAt: { gte: staleBefore } }, select: { id: true } });
      return db.run.findMany({
        where: { status: { in: ["running", "queued"] }, workerId: { not: null, notIn: live.map((w) => w.id) } },
        select: { id: true, scheduleId: true, scheduledFor: true, attempt: true, trigger: true, status: true, workerId: true, startedAt: true },
        take: 500,
      });
    },
    /** Hands a claimed but never started run of a dead worker back to the queue, for any worker. */
    async release(runId: string, fromWorker: string, now: Date): Promise<boolean> {
      const { count } = await db.run.updateMany({ where: { id: runId, status: "queued", workerId: fromWorker }, data: { workerId: null, runAfter: now } });
      return count === 1;
    },
    /** Marks a run lost unless its state changed meanwhile; true when this call did it. */
    async markLost(runId: string, fromStatus: Run["status"], fromWorker: string | null, reason: string): Promise<boolean> {
      const { count } = await db.run.updateMany({
        where: { id: runId, status: fromStatus, workerId: fromWorker },
        data: { status: "lost", finishedAt: new Date(), error: { name: "Lost", message: reason } },
      });
      return count === 1;
    },
  };
}

export type Store = ReturnType<typeof createStore>;
