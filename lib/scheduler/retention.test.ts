// Run-history retention against real databases: a fresh SQLite file, and (when the run has
// PostgreSQL) a database of its own, so that pruning never touches other test files' runs.
import path from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, inject, test } from "vitest";
import { dropDatabase, createDatabase } from "../../__tests__/support/postgres";
import { tempDir } from "../../__tests__/support/temp";
import { createDb, type Db } from "../db/client";
import { migrate } from "../db/migrate";
import { sqliteTarget, type DbTarget } from "../db/target";
import { DEFAULT_RETENTION, pruneRuns, pruneTombstones } from "./retention";

const NOW = new Date(Date.UTC(2026, 10, 21, 12, 0, 0));
const MIN = 60_000;
const DAY = 24 * 60 * MIN;

type Status = "queued" | "running" | "succeeded" | "failed" | "timed_out" | "skipped" | "lost" | "missed";
type Seed = { ageMs: number; status?: Status };

const pgUrl = inject("pgUrl");

const backends: { name: string; skip: boolean; open: () => Promise<{ target: DbTarget; cleanup: () => Promise<void> }> }[] = [
  {
    name: "SQLite",
    skip: false,
    open: async () => ({ target: sqliteTarget(path.join(tempDir("retention"), "almanac.db")), cleanup: async () => undefined }),
  },
  {
    name: "PostgreSQL",
    skip: !pgUrl,
    open: async () => {
      const url = await createDatabase("retention");
      return { target: { provider: "postgresql", url }, cleanup: () => dropDatabase(url) };
    },
  },
];

for (const backend of backends) {
  describe.skipIf(backend.skip)(`on ${backend.name}`, () => {
    let db: Db;
    let cleanup: () => Promise<void> = async () => undefined;
    let userId: string;

    beforeAll(async () => {
      const opened = await backend.open();
      cleanup = opened.cleanup;
      await migrate(opened.target);
      db = await createDb(opened.target);
    });
    afterAll(async () => {
      await db?.$disconnect();
      await cleanup();
    });
    beforeEach(async () => {
      await db.run.deleteMany();
      await db.schedule.deleteMany();
      await db.user.deleteMany();
      await db.scheduleTombstone.deleteMany();
      userId = (await db.user.create({ data: { email: "retention@example.com", passwordHash: "x" } })).id;
    });

    /** A schedule with runs created `ageMs` before NOW (finished unless a status says otherwise). */
    async function scheduleWith(name: string, runs: Seed[]): Promise<string> {
      const { id } = await db.schedule.create({ data: { teamId: userId, name, cronExpression: "* * * * *" } });
      await db.run.createMany({
        data: runs.map((r, i) => {
          const at = new Date(NOW.getTime() - r.ageMs);
          const status = r.status ?? "succeeded";
          const done = status !== "queued" && status !== "running";
          // scheduledFor only has to be unique per schedule (the claim key); the index keeps it so.
          return { scheduleId: id, trigger: "schedule" as const, scheduledFor: new Date(at.getTime() + i), status, createdAt: at, finishedAt: done ? at : null };
        }),
      });
      return id;
    }

    /** Ages of the runs left, in minutes, newest first, with their status. */
    async function left(scheduleId: string): Promise<[number, Status][]> {
      const rows = await db.run.findMany({ where: { scheduleId }, orderBy: [{ createdAt: "desc" }, { id: "desc" }] });
      return rows.map((r) => [(NOW.getTime() - r.createdAt.getTime()) / MIN, r.status]);
    }

    const minutesAgo = (...ages: number[]) => ages.map((m) => ({ ageMs: m * MIN }));

    test("keeps exactly the newest N finished runs of a schedule, and never a queued or running one", async () => {
      const id = await scheduleWith("busy", [
        ...minutesAgo(1, 2, 3, 4, 5, 6, 7, 8, 9, 10),
        { ageMs: 6.5 * MIN, status: "failed" },
        { ageMs: 7.5 * MIN, status: "skipped" },
        { ageMs: 20 * MIN, status: "queued" }, // e.g. a retry waiting out its delay
        { ageMs: 30 * MIN, status: "running" },
        { ageMs: 0.5 * MIN, status: "running" },
      ]);
      expect(await pruneRuns(db, { keepPerSchedule: 3, maxAgeDays: 30 }, NOW)).toEqual({ deleted: 9 });
      expect(await left(id)).toEqual([
        [0.5, "running"],
        [1, "succeeded"],
        [2, "succeeded"],
        [3, "succeeded"],
        [20, "queued"],
        [30, "running"],
      ]);
      // nothing more to do: a second call deletes nothing
      expect(await pruneRuns(db, { keepPerSchedule: 3, maxAgeDays: 30 }, NOW)).toEqual({ deleted: 0 });
    });

    test("counts every finished status, and keeps exactly N when several runs share the cut-off time", async () => {
      const id = await scheduleWith("ties", [
        { ageMs: 1 * MIN, status: "lost" },
        { ageMs: 2 * MIN, status: "timed_out" },
        { ageMs: 2 * MIN, status: "failed" },
        { ageMs: 2 * MIN, status: "succeeded" },
        { ageMs: 3 * MIN, status: "skipped" },
      ]);
      const order = { where: { scheduleId: id }, orderBy: [{ createdAt: "desc" as const }, { id: "desc" as const }], select: { id: true } };
      const expected = (await db.run.findMany(order)).slice(0, 3).map((r) => r.id);
      expect(await pruneRuns(db, { keepPerSchedule: 3, maxAgeDays: 30 }, NOW)).toEqual({ deleted: 2 });
      // the kept ones are the first three of the runs list's own order (createdAt, then id)
      expect((await db.run.findMany(order)).map((r) => r.id)).toEqual(expected);
      expect((await left(id)).map(([age]) => age)).toEqual([1, 2, 2]);
    });

    test("deletes finished runs older than maxAgeDays, however few the schedule has", async () => {
      const id = await scheduleWith("old", [
        { ageMs: 1 * DAY },
        { ageMs: 29 * DAY },
        { ageMs: 30 * DAY - MIN },
        { ageMs: 30 * DAY + MIN },
        { ageMs: 40 * DAY, status: "failed" },
        { ageMs: 400 * DAY, status: "queued" }, // stuck, but still work in progress: not ours to delete
      ]);
      expect(await pruneRuns(db, DEFAULT_RETENTION, NOW)).toEqual({ deleted: 2 });
      expect((await left(id)).map(([m, s]) => [m / (24 * 60), s])).toEqual([
        [1, "succeeded"],
        [29, "succeeded"],
        [30 - 1 / (24 * 60), "succeeded"],
        [400, "queued"],
      ]);
    });

    test("leaves other schedules alone", async () => {
      const busy = await scheduleWith("busy", minutesAgo(1, 2, 3, 4, 5, 6));
      const quiet = await scheduleWith("quiet", minutesAgo(10, 20, 30));
      const idle = await scheduleWith("idle", []);
      expect(await pruneRuns(db, { keepPerSchedule: 3, maxAgeDays: 30 }, NOW)).toEqual({ deleted: 3 });
      expect((await left(busy)).map(([m]) => m)).toEqual([1, 2, 3]);
      expect((await left(quiet)).map(([m]) => m)).toEqual([10, 20, 30]);
      expect(await left(idle)).toEqual([]);
    });

    test("works in batches, and stops after maxBatches to go on in the next call", async () => {
      const ages = Array.from({ length: 11 }, (_, i) => i + 1);
      const id = await scheduleWith("many", minutesAgo(...ages));
      // 10 to delete in batches of 3: four statements (3, 3, 3, 1) within one call
      expect(await pruneRuns(db, { keepPerSchedule: 1, maxAgeDays: 30, batchSize: 3 }, NOW)).toEqual({ deleted: 10 });
      expect(await left(id)).toEqual([[1, "succeeded"]]);

      // with a cap of two statements per call, the same work takes two calls
      const other = await scheduleWith("many again", minutesAgo(...ages));
      const policy = { keepPerSchedule: 1, maxAgeDays: 30, batchSize: 3, maxBatches: 2 };
      expect(await pruneRuns(db, policy, NOW)).toEqual({ deleted: 6 });
      expect(await left(other)).toHaveLength(5);
      expect(await pruneRuns(db, policy, NOW)).toEqual({ deleted: 4 });
      expect(await left(other)).toEqual([[1, "succeeded"]]);
      expect(await pruneRuns(db, policy, NOW)).toEqual({ deleted: 0 });
    });

    test("the age rule and the count rule share one call's budget", async () => {
      const id = await scheduleWith("both", [...minutesAgo(1, 2, 3, 4, 5), ...Array.from({ length: 5 }, (_, i) => ({ ageMs: (31 + i) * DAY }))]);
      const policy = { keepPerSchedule: 2, maxAgeDays: 30, batchSize: 3, maxBatches: 2 };
      // two batches: the 5 old ones (3 + 2), then the next call the 3 beyond the newest 2
      expect(await pruneRuns(db, policy, NOW)).toEqual({ deleted: 5 });
      expect(await pruneRuns(db, policy, NOW)).toEqual({ deleted: 3 });
      expect((await left(id)).map(([m]) => m)).toEqual([1, 2]);
    });

    test("refuses a policy that makes no sense", async () => {
      await expect(pruneRuns(db, { keepPerSchedule: 0, maxAgeDays: 30 })).rejects.toThrow(RangeError);
      await expect(pruneRuns(db, { keepPerSchedule: 2.5, maxAgeDays: 30 })).rejects.toThrow(/keepPerSchedule/);
      await expect(pruneRuns(db, { keepPerSchedule: 10, maxAgeDays: 0 })).rejects.toThrow(/maxAgeDays/);
      await expect(pruneRuns(db, { keepPerSchedule: 10, maxAgeDays: 30, batchSize: 0 })).rejects.toThrow(/batchSize/);
      await expect(pruneRuns(db, { keepPerSchedule: 10, maxAgeDays: 30, maxBatches: 0 })).rejects.toThrow(/maxBatches/);
      // Infinity turns a rule off
      const id = await scheduleWith("kept", minutesAgo(1, 2, 3, 60 * 24 * 100));
      expect(await pruneRuns(db, { keepPerSchedule: Infinity, maxAgeDays: Infinity }, NOW)).toEqual({ deleted: 0 });
      expect(await left(id)).toHaveLength(4);
    });

    test("pruneTombstones deletes tombstones older than the cut-off only", async () => {
      await db.scheduleTombstone.createMany({
        data: [
          { scheduleId: "gone-long-ago", deletedAt: new Date(NOW.getTime() - 2 * DAY) },
          { scheduleId: "gone-yesterday", deletedAt: new Date(NOW.getTime() - DAY - MIN) },
          { scheduleId: "gone-just-now", deletedAt: new Date(NOW.getTime() - MIN) },
        ],
      });
      expect(await pruneTombstones(db, new Date(NOW.getTime() - DAY))).toEqual({ deleted: 2 });
      expect((await db.scheduleTombstone.findMany()).map((t) => t.scheduleId)).toEqual(["gone-just-now"]);
      expect(await pruneTombstones(db, new Date(NOW.getTime() - DAY))).toEqual({ deleted: 0 });
    });
  });
}
