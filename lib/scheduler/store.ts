// The engine's database operations (batched slot claims and bookkeeping that must not bump
// updatedAt are raw SQL, in sql.ts). Every claim is an insert or a conditional update that the
// database lets succeed once: a second worker trying the same slot does nothing for it.
import { providerOf, targetOf, type Db, type Prisma, type Run, type Schedule } from "../db/client";
import { instant, openReader } from "../db/reader";
import { isUniqueViolation, isWriteConflict } from "../db/errors";
import { nextTurn } from "../db/turns";
import { markStarted, setLostQuery } from "./sql";
import { alertOnOutcomes, alertRun } from "../alerts/outcomes";
import { alertsWritten } from "../alerts/wake";
import type { OutputTail } from "../runs/output";

export type ScheduleSnapshot = Pick<
  Schedule,
  | "id"
  | "teamId"
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
  | "alerts"
>;

const snapshotFields = {
  id: true,
  teamId: true,
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
  alerts: true,
} satisfies Prisma.ScheduleSelect;

/** A schedule's timing and claiming fields, as read for the engine's in-memory entries. */
/** A schedule's timing and claiming fields, and its job type (heartbeat checks are not held: lib/scheduler/sync.ts). */
export type TimingRow = Pick<Schedule, "id" | "cronExpression" | "timezone" | "overlapPolicy" | "misfirePolicy" | "isEnabled" | "entrypoint" | "nextRunAt" | "updatedAt">;

const timingFields = {
  id: true,
  cronExpression: true,
  timezone: true,
  overlapPolicy: true,
  misfirePolicy: true,
  isEnabled: true,
  entrypoint: true,
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
  /** What the run wrote and is not written yet (lib/runs/output.ts): stored in the outcome's transaction. */
  output?: OutputTail;
};

/** Ids per `in` list: Prisma refuses a query with more than 999 parameters on SQLite. */
const IN_LIST_MAX = 500;

/** Keyset paging by id: yields pages until one comes back short. */
async function* pages<T extends { id: string }>(pageSize: number, fetch: (cursor: string | null, take: number) => Promise<T[]>): AsyncGenerator<T[]> {
  let cursor: string | null = null;
  for (;;) {
    const page = await fetch(cursor, pageSize);
    await nextTurn();
    if (page.length) yield page;
    if (page.length < pageSize) return;
    cursor = page[page.length - 1].id;
  }
}

/** The timing fields read with the driver (see lib/db/reader.ts); instants as epoch ms on PostgreSQL. */
const TIMING_PAGE = {
  sqlite: `SELECT "id", "cronExpression", "timezone", "overlapPolicy", "misfirePolicy", "isEnabled", "entrypoint", "nextRunAt", "updatedAt" FROM "Schedule" WHERE "id" > ? ORDER BY "id" LIMIT ?`,
  postgresql: `SELECT "id", "cronExpression", "timezone", "overlapPolicy"::text, "misfirePolicy"::text, "isEnabled", "entrypoint",
                      (extract(epoch FROM "nextRunAt") * 1000)::float8 AS "nextRunAt", (extract(epoch FROM "updatedAt") * 1000)::float8 AS "updatedAt"
               FROM "Schedule" WHERE "id" > $1 ORDER BY "id" LIMIT $2`,
};
const VERSION_PAGE = {
  sqlite: `SELECT "id", "isEnabled", "entrypoint", "updatedAt" FROM "Schedule" WHERE "id" > ? ORDER BY "id" LIMIT ?`,
  postgresql: `SELECT "id", "isEnabled", "entrypoint", (extract(epoch FROM "updatedAt") * 1000)::float8 AS "updatedAt" FROM "Schedule" WHERE "id" > $1 ORDER BY "id" LIMIT $2`,
};
type RawInstant = string | number | null;
type RawTiming = Omit<TimingRow, "isEnabled" | "nextRunAt" | "updatedAt"> & { isEnabled: boolean | number; nextRunAt: RawInstant; updatedAt: RawInstant };
type RawVersion = { id: string; isEnabled: boolean | number; entrypoint: string; updatedAt: RawInstant };

export function createStore(db: Db, workerId: string) {
  // Every client createDb() made has a target to open the reader on; a client that wraps one
  // (the engine tests' failure injection) has none, and its reads go through Prisma.
  const target = targetOf(db);
  const reader = target ? openReader(target) : null;
  return {
    workerId,
    /**
     * Every schedule's timing fields (the caller skips disabled ones), a page at a time in id
     * order. One query for 100,000 rows would make memory peak at several hundred MB. Pages walk
     * the primary key: with "isEnabled" in the WHERE clause SQLite picks that index and sorts
     * every enabled row again for each page.
     */
    timingPages: (pageSize: number) =>
      pages(pageSize, async (cursor, take): Promise<TimingRow[]> => {
        if (!reader) return db.schedule.findMany({ where: cursor ? { id: { gt: cursor } } : {}, select: timingFields, orderBy: { id: "asc" }, take });
        const rows = await reader.all<RawTiming>(TIMING_PAGE, [cursor ?? "", take]);
        return rows.map((r) => ({ ...r, isEnabled: Boolean(r.isEnabled), nextRunAt: r.nextRunAt === null ? null : new Date(instant(r.nextRunAt)!), updatedAt: new Date(instant(r.updatedAt)!) }));
      }),
    /** The timing fields of these schedules (the reconcile's changed ones). */
    async timingMany(ids: string[]): Promise<TimingRow[]> {
      const rows: TimingRow[] = [];
      for (let i = 0; i < ids.length; i += IN_LIST_MAX) rows.push(...(await db.schedule.findMany({ where: { id: { in: ids.slice(i, i + IN_LIST_MAX) } }, select: timingFields })));
      return rows;
    },
    /** Every schedule's id, updatedAt, isEnabled and job type, a page at a time in id order (the reconcile's walk). */
    versionPages: (pageSize: number) =>
      pages(pageSize, async (cursor, take): Promise<{ id: string; updatedAt: Date; isEnabled: boolean; entrypoint: string }[]> => {
        if (!reader) return db.schedule.findMany({ where: cursor ? { id: { gt: cursor } } : {}, select: { id: true, updatedAt: true, isEnabled: true, entrypoint: true }, orderBy: { id: "asc" }, take });
        const rows = await reader.all<RawVersion>(VERSION_PAGE, [cursor ?? "", take]);
        return rows.map((r) => ({ id: r.id, isEnabled: Boolean(r.isEnabled), entrypoint: r.entrypoint, updatedAt: new Date(instant(r.updatedAt)!) }));
      }),
    /** Closes the reader's connection (the Prisma client is the caller's). */
    close: async () => reader?.close(),
    changedSince: (since: Date) => db.schedule.findMany({ where: { updatedAt: { gt: since } }, select: timingFields, orderBy: { updatedAt: "asc" } }),
    /** Whole schedules (payload and all), for the runs about to execute. */
    async loadMany(ids: string[]): Promise<Map<string, ScheduleSnapshot>> {
      const found = new Map<string, ScheduleSnapshot>();
      for (let i = 0; i < ids.length; i += IN_LIST_MAX) {
        if (i > 0) await nextTurn();
        for (const row of await db.schedule.findMany({ where: { id: { in: ids.slice(i, i + IN_LIST_MAX) } }, select: snapshotFields })) found.set(row.id, row);
      }
      return found;
    },
    loadOne: (id: string) => db.schedule.findUnique({ where: { id }, select: snapshotFields }),
    deletedSince: (since: Date) => db.scheduleTombstone.findMany({ where: { deletedAt: { gt: since } } }),

    /**
     * Queued runs this worker may start, fairly across accounts: its own (claimed slots and runs
     * it took but has not started) and the unowned ones that are due (manual runs, retries).
     * Ranked within each account by when they became due, then ordered by that rank: one
     * account's backlog of thousands comes after every other account's first run.
     */
    startable: (now: Date, take: number, exclude: string[]) => startableRuns(db, workerId, now, take, exclude),
    /** Takes unowned queued runs, 500 per statement; any taken before a failure stay queued under this worker, and the next refill reads them back. */
    async take(runIds: string[]): Promise<Set<string>> {
      const taken = new Set<string>();
      for (let i = 0; i < runIds.length; i += IN_LIST_MAX) {
        const rows = await db.run.updateManyAndReturn({ where: { id: { in: runIds.slice(i, i + IN_LIST_MAX) }, status: "queued", workerId: null }, data: { workerId }, select: { id: true } });
        for (const r of rows) taken.add(r.id);
      }
      return taken;
    },

    /** Which of these schedules have a run claimed or running on any worker. */
    async busyAmong(scheduleIds: string[], exceptRuns: string[] = []): Promise<Set<string>> {
      const busy = new Set<string>();
      for (let i = 0; i < scheduleIds.length; i += IN_LIST_MAX) {
        if (i > 0) await nextTurn();
        const rows = await db.run.findMany({
          where: {
            scheduleId: { in: scheduleIds.slice(i, i + IN_LIST_MAX) },
            OR: [{ status: "running" }, { status: "queued", workerId: { not: null } }],
            ...(exceptRuns.length ? { id: { notIn: exceptRuns.slice(i, i + IN_LIST_MAX) } } : {}),
          },
          select: { scheduleId: true },
          distinct: ["scheduleId"],
        });
        for (const r of rows) busy.add(r.scheduleId);
      }
      return busy;
    },

    /** Marks these runs running in one statement; only the ids returned may execute (see sql.ts). */
    markStarted: (runIds: string[], at: Date) => markStarted(db, workerId, runIds, at),
    /** Hands runs whose start committed but which never executed back to the queue (still this worker's). */
    async unmarkStarted(runIds: string[]): Promise<number> {
      let count = 0;
      for (let i = 0; i < runIds.length; i += IN_LIST_MAX) {
        count += (await db.run.updateMany({ where: { id: { in: runIds.slice(i, i + IN_LIST_MAX) }, status: "running", workerId }, data: { status: "queued", startedAt: null } })).count;
      }
      return count;
    },

    /**
     * Deletes runs this worker claimed ahead of a slot that its schedule no longer fires at (or
     * that a stopping worker leaves to the others): still unstarted here, or handed back to the
     * queue by a peer meanwhile.
     */
    async withdrawClaims(runIds: string[]): Promise<void> {
      for (let i = 0; i < runIds.length; i += IN_LIST_MAX) {
        await db.run.deleteMany({ where: { id: { in: runIds.slice(i, i + IN_LIST_MAX) }, OR: [{ status: "queued" }, { ...unstarted, workerId }] } });
      }
    },
    /** Records runs this worker claimed ahead as skipped, with why (the "skip" overlap policy, decided at the slot). */
    async skipClaims(runIds: string[], error: Prisma.InputJsonValue, now: Date): Promise<void> {
      for (let i = 0; i < runIds.length; i += IN_LIST_MAX) {
        await db.run.updateMany({ where: { id: { in: runIds.slice(i, i + IN_LIST_MAX) }, ...unstarted, workerId }, data: { status: "skipped", error, finishedAt: now } });
      }
    },
    /** Puts runs claimed ahead that did not start at their slot in this worker's queue: they start one by one (executor.ts). */
    async requeueClaims(runIds: string[]): Promise<void> {
      for (let i = 0; i < runIds.length; i += IN_LIST_MAX) {
        await db.run.updateMany({ where: { id: { in: runIds.slice(i, i + IN_LIST_MAX) }, ...unstarted, workerId }, data: { status: "queued" } });
      }
    },

    /**
     * Own runs left by an earlier process with the same WORKER_ID: nothing of ours runs yet. Runs
     * it claimed ahead for a slot it had not started go back to the queue; the rest it had
     * running are lost.
     */
    async recoverOwn(now: Date): Promise<{ lost: number; released: number }> {
      const own = await db.workerHeartbeat.findUnique({ where: { id: workerId }, select: { startedThrough: true } });
      let released = await releaseUnstarted(db, workerId, own?.startedThrough ?? null);
      const running = await db.run.findMany({ where: { workerId, status: "running" }, select: { id: true } });
      let lost = 0;
      for (const r of running) if (await markLost(db, r.id, "running", workerId, `worker ${workerId} restarted while the run was in progress`, now)) lost++;
      released += await releaseOwnQueued(db, workerId, now);
      return { lost, released };
    },
    /** Hands every run this worker claimed or took but did not start back to the queue. */
    releaseOwnQueued: (now: Date) => releaseOwnQueued(db, workerId, now),

    /**
     * Takes over from a worker silent since before `staleBefore`: marks its heartbeat reaped and
     * hands back to the queue the runs it claimed ahead for slots it had not started, in one
     * transaction. Its runs that had started are left for markLost. Null if it beat meanwhile.
     *
     * The fence: a slot starts only if its startedThrough write finds the row unreaped
     * (heartbeat.ts), and this transaction changes that row first, so of the two, one waits for the
     * other: either the slot started (and is no longer released here) or the worker learns it was
     * reaped. A worker whose row is gone (it retired, or never beat) has started nothing it still
     * holds unstarted; on PostgreSQL the transaction reads one snapshot, so a process registering
     * under that id meanwhile keeps the runs it claims.
     */
    async reap(deadWorker: string, staleBefore: Date, now: Date): Promise<{ released: number } | null> {
      const pg = providerOf(db) === "postgresql";
      try {
        return await db.$transaction(
          async (tx) => {
            const { count } = await tx.workerHeartbeat.updateMany({ where: { id: deadWorker, lastSeenAt: { lt: staleBefore } }, data: { reapedAt: now } });
            const row = await tx.workerHeartbeat.findUnique({ where: { id: deadWorker }, select: { startedThrough: true } });
            if (row && count === 0) return null; // it beat meanwhile
            return { released: await releaseUnstarted(tx as unknown as Db, deadWorker, row?.startedThrough ?? null) };
          },
          // Db is typed as the SQLite client, whose only level is Serializable (what SQLite gives anyway).
          (pg ? { isolationLevel: "RepeatableRead" } : undefined) as { isolationLevel?: "Serializable" } | undefined,
        );
      } catch (err) {
        // The worker beat or started a slot while this ran (PostgreSQL's serialization failure): it lives.
        if (isWriteConflict(err)) return null;
        throw err;
      }
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
      return (await releaseQueued(db, { id: runId, workerId: fromWorker }, now)) === 1;
    },
    /** Marks a run lost unless its state changed meanwhile; true when this call did it. */
    markLost: (runId: string, fromStatus: Run["status"], fromWorker: string | null, reason: string, now: Date) => markLost(db, runId, fromStatus, fromWorker, reason, now),
  };
}

export type Store = ReturnType<typeof createStore>;

/** A run claimed ahead of its slot (inserted running, startedAt unset) that has not started. */
const unstarted = { status: "running", startedAt: null } as const;

/**
 * Hands back to the queue the runs `workerId` claimed ahead for slots after `startedThrough` (all
 * of them if null): none of them started. Each keeps its runAfter (its slot), so none starts early.
 */
async function releaseUnstarted(db: Db, workerId: string, startedThrough: Date | null): Promise<number> {
  const { count } = await db.run.updateMany({
    where: { workerId, ...unstarted, ...(startedThrough ? { runAfter: { gt: startedThrough } } : {}) },
    data: { status: "queued", workerId: null },
  });
  return count;
}

async function releaseOwnQueued(db: Db, workerId: string, now: Date): Promise<number> {
  return releaseQueued(db, { workerId }, now);
}

/**
 * Hands queued runs back to every worker: startable from now on, except a slot claimed ahead,
 * which keeps its runAfter (its slot) and so starts no earlier.
 */
async function releaseQueued(db: Db, where: { id?: string; workerId: string }, now: Date): Promise<number> {
  // Two statements, no transaction: each hands back what it matches, and either may be repeated.
  const ahead = await db.run.updateMany({ where: { ...where, status: "queued", runAfter: { gt: now } }, data: { workerId: null } });
  const due = await db.run.updateMany({ where: { ...where, status: "queued", OR: [{ runAfter: null }, { runAfter: { lte: now } }] }, data: { workerId: null, runAfter: now } });
  return ahead.count + due.count;
}

/**
 * Marks a run lost, and its schedule's lastRunStatus with it (a manual run left the schedule
 * showing "queued"), unless a newer run has been recorded there since. One transaction, with the
 * alerts a lost last attempt calls for (lib/alerts/outcomes.ts; the retry of one that has
 * attempts left is queued by the caller).
 */
async function markLost(db: Db, runId: string, fromStatus: Run["status"], fromWorker: string | null, reason: string, now: Date): Promise<boolean> {
  const provider = providerOf(db);
  const written = await db.$transaction(async (tx) => {
    const error = { name: "Lost", message: reason };
    const { count } = await tx.run.updateMany({
      where: { id: runId, status: fromStatus, workerId: fromWorker },
      data: { status: "lost", finishedAt: now, error },
    });
    if (count !== 1) return null;
    const run = await tx.run.findUniqueOrThrow({
      where: { id: runId },
      select: { scheduleId: true, startedAt: true, scheduledFor: true, attempt: true, schedule: { select: { maxRetries: true, alerts: true } } },
    });
    await setLostQuery(tx as unknown as Db, run.scheduleId, run.startedAt ?? run.scheduledFor, provider);
    if (run.schedule.alerts === null || run.attempt <= run.schedule.maxRetries) return 0;
    const lost = alertRun({ id: runId, status: "lost", attempt: run.attempt, scheduledFor: run.scheduledFor, startedAt: run.startedAt, finishedAt: now, error });
    return alertOnOutcomes(tx as unknown as Db, provider, [{ scheduleId: run.scheduleId, succeeded: false, run: lost }], now);
  });
  if (written === null) return false;
  if (written > 0) alertsWritten(db);
  return true;
}

type StartableRow = { id: string; scheduleId: string; scheduledFor: Date | string; attempt: number | bigint; trigger: Run["trigger"]; workerId: string | null; teamId: string };

/** See Store.startable; `exclude`: runs the caller holds already. */
async function startableRuns(db: Db, workerId: string, now: Date, take: number, exclude: string[]) {
  const pg = providerOf(db) === "postgresql";
  const ts = pg ? "$2::timestamp" : "?";
  const notHeld = pg ? `NOT (r."id" = ANY($4::text[]))` : `r."id" NOT IN (SELECT value FROM json_each(?))`;
  const rows = await db.$queryRawUnsafe<StartableRow[]>(
    `SELECT "id", "scheduleId", "scheduledFor", "attempt", "trigger", "workerId", "teamId" FROM (
       SELECT r."id", r."scheduleId", r."scheduledFor", r."attempt", r."trigger", r."workerId", s."teamId",
              COALESCE(r."runAfter", r."scheduledFor") AS "dueAt",
              ROW_NUMBER() OVER (PARTITION BY s."teamId" ORDER BY COALESCE(r."runAfter", r."scheduledFor"), r."id") AS "rank"
       FROM "Run" r JOIN "Schedule" s ON s."id" = r."scheduleId"
       WHERE r."status" = 'queued' AND ((r."workerId" = ${pg ? "$1" : "?"} AND (r."runAfter" IS NULL OR r."runAfter" <= ${ts})) OR (r."workerId" IS NULL AND r."runAfter" <= ${ts})) AND ${notHeld}
     ) ranked ORDER BY "rank", "dueAt", "id" LIMIT ${pg ? "$3" : "?"}`,
    ...(pg ? [workerId, now.toISOString(), take, exclude] : [workerId, now, now, JSON.stringify(exclude), take]),
  );
  return rows.map((r) => ({ id: r.id, scheduleId: r.scheduleId, scheduledFor: new Date(r.scheduledFor), attempt: Number(r.attempt), trigger: r.trigger, owned: r.workerId === workerId, account: r.teamId }));
}
