// Run-history retention: deletes old finished runs and old schedule tombstones, in small batches so
// that one call never holds the database for long (SQLite has a single writer, shared with the web
// app). Runs still queued or running are never touched: they are work in progress.
//
// Plain Prisma queries only (findMany + deleteMany by id), so the same code runs on SQLite and
// PostgreSQL.
import type { Db, Prisma } from "../db/client";

export type RetentionPolicy = {
  /** Finished runs kept per schedule, newest first (by createdAt, then id, as the runs list orders them). At least 1; Infinity: no count limit. */
  keepPerSchedule: number;
  /** Finished runs created more than this many days ago are deleted, however few the schedule has. Infinity: no age limit. */
  maxAgeDays: number;
  /** Rows per delete statement; default 500. */
  batchSize?: number;
  /** Delete statements per call at most; default 20. Call again later for the rest. */
  maxBatches?: number;
};

export const DEFAULT_RETENTION = { keepPerSchedule: 1000, maxAgeDays: 30 } as const satisfies RetentionPolicy;
export const DEFAULT_BATCH_SIZE = 500;
export const DEFAULT_MAX_BATCHES = 20;
/** How long a tombstone is kept: workers need it only until their next incremental sync (1 s). */
export const TOMBSTONE_TTL_MS = 24 * 60 * 60 * 1000;

const DAY_MS = 24 * 60 * 60 * 1000;
/** Statuses of work in progress: never deleted, and not counted among the kept runs. */
const IN_PROGRESS = ["queued", "running"] as const;
const finished: Prisma.RunWhereInput = { status: { notIn: [...IN_PROGRESS] } };

function check(policy: RetentionPolicy): { batchSize: number; maxBatches: number } {
  const { keepPerSchedule, maxAgeDays, batchSize = DEFAULT_BATCH_SIZE, maxBatches = DEFAULT_MAX_BATCHES } = policy;
  // A slot is claimed by inserting its run row under a unique key (scheduleId, scheduledFor,
  // attempt): a schedule's recent rows are what a late worker's claim collides with, so the count
  // rule never empties a schedule's history.
  if (keepPerSchedule !== Infinity && (!Number.isInteger(keepPerSchedule) || keepPerSchedule < 1)) throw new RangeError(`keepPerSchedule must be a whole number of at least 1, not ${keepPerSchedule}`);
  if (!(maxAgeDays > 0)) throw new RangeError(`maxAgeDays must be more than 0, not ${maxAgeDays}`);
  if (!Number.isInteger(batchSize) || batchSize < 1) throw new RangeError(`batchSize must be a whole number of at least 1, not ${batchSize}`);
  if (!Number.isInteger(maxBatches) || maxBatches < 1) throw new RangeError(`maxBatches must be a whole number of at least 1, not ${maxBatches}`);
  return { batchSize, maxBatches };
}

/**
 * Deletes finished runs (any status but queued and running) that are older than `maxAgeDays`, or
 * beyond the newest `keepPerSchedule` finished runs of their schedule. Works in batches of
 * `batchSize` rows, each its own statement, and stops after `maxBatches` of them: `deleted` below
 * `batchSize * maxBatches` means nothing is left to delete right now.
 */
export async function pruneRuns(db: Db, policy: RetentionPolicy, now = new Date()): Promise<{ deleted: number }> {
  const { batchSize, maxBatches } = check(policy);
  let deleted = 0;
  let batches = 0;

  /** Deletes the finished runs matching `where`, oldest first, batch by batch; false once out of budget. */
  async function deleteWhere(where: Prisma.RunWhereInput): Promise<boolean> {
    for (;;) {
      if (batches >= maxBatches) return false;
      const rows = await db.run.findMany({ where: { AND: [finished, where] }, orderBy: [{ createdAt: "asc" }, { id: "asc" }], take: batchSize, select: { id: true } });
      if (rows.length === 0) return true;
      batches++;
      // The status condition again: a row found finished stays finished, but this costs nothing.
      const { count } = await db.run.deleteMany({ where: { AND: [finished, { id: { in: rows.map((r) => r.id) } }] } });
      deleted += count;
      if (rows.length < batchSize) return true;
    }
  }

  // 1. Everything finished and older than the age limit (any schedule).
  if (Number.isFinite(policy.maxAgeDays)) {
    const cutoff = new Date(now.getTime() - policy.maxAgeDays * DAY_MS);
    if (!(await deleteWhere({ createdAt: { lt: cutoff } }))) return { deleted };
  }

  // 2. Per schedule with more finished runs than it may keep: everything older than its N-th newest.
  if (Number.isFinite(policy.keepPerSchedule)) {
    const crowded = await db.run.groupBy({
      by: ["scheduleId"],
      where: finished,
      having: { scheduleId: { _count: { gt: policy.keepPerSchedule } } },
      orderBy: { scheduleId: "asc" },
    });
    for (const { scheduleId } of crowded) {
      const [last] = await db.run.findMany({
        where: { AND: [finished, { scheduleId }] },
        orderBy: [{ createdAt: "desc" }, { id: "desc" }],
        skip: policy.keepPerSchedule - 1,
        take: 1,
        select: { id: true, createdAt: true },
      });
      if (!last) continue; // pruned meanwhile (or the schedule was deleted)
      const older: Prisma.RunWhereInput = {
        scheduleId,
        OR: [{ createdAt: { lt: last.createdAt } }, { createdAt: last.createdAt, id: { lt: last.id } }],
      };
      if (!(await deleteWhere(older))) return { deleted };
    }
  }
  return { deleted };
}

/** Deletes schedule tombstones older than `olderThan` (workers read them only for their incremental sync). */
export async function pruneTombstones(db: Db, olderThan: Date): Promise<{ deleted: number }> {
  const { count } = await db.scheduleTombstone.deleteMany({ where: { deletedAt: { lt: olderThan } } });
  return { deleted: count };
}
