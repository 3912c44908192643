// The list and single-schedule reads go through the driver, not Prisma (lib/schedules/schedule-reads.ts).
// They must return what Prisma returns, row for row (with instants as ISO text), and filter, order
// and count as the list promises, on both databases.
import fc from "fast-check";
import { afterAll, beforeAll, expect, test } from "vitest";
import { createDb, readerOf, type Db } from "../../lib/db/client";
import type { Reader } from "../../lib/db/reader";
import { compareScheduleNames, nameKey } from "../../lib/schedules/name-order";
import { readSchedule, readScheduleList, type ScheduleFilter } from "../../lib/schedules/schedule-reads";
import type { StoredSchedule } from "../../lib/schedules/serialize";
import { eachDatabase, unique } from "../support/databases";
import { storedForm } from "../support/schedules";

// Names and descriptions from an alphabet with both cases, LIKE's wildcards and its escape, and
// letters beyond ASCII (none of which folds to an ASCII letter).
const ALPHABET = ["a", "B", "c", "A", "b", "C", " ", "%", "_", "\\", "é", "Ж", "日", "1"];
const text = (max: number) => fc.array(fc.constantFrom(...ALPHABET), { minLength: 1, maxLength: max }).map((cs) => cs.join(""));
const STATUSES = [null, "succeeded", "failed", "running"] as const;

const scheduleArb = fc.record({
  name: text(6),
  description: fc.option(text(8), { nil: null }),
  isEnabled: fc.boolean(),
  payload: fc.oneof(fc.constant({}), fc.record({ message: text(5) }), fc.record({ url: fc.constant("https://example.com/x?a=1"), method: fc.constant("POST") })),
  lastRunStatus: fc.constantFrom(...STATUSES),
  lastRunAt: fc.option(fc.integer({ min: 0, max: 10 ** 12 }), { nil: null }),
  nextRunAt: fc.option(fc.integer({ min: 1.7e12, max: 1.9e12 }), { nil: null }),
});

/** ASCII letters fold, as SQLite's LIKE and the test's alphabet allow; everything else is itself. */
const fold = (s: string) => s.replace(/[A-Z]/g, (c) => c.toLowerCase());
const contains = (haystack: string | null, needle: string) => haystack !== null && fold(haystack).includes(fold(needle));

eachDatabase((target) => {
  let db: Db;
  let reader: Reader;
  beforeAll(async () => {
    db = await createDb(target());
    reader = readerOf(db)!;
  });
  afterAll(async () => {
    await db.$disconnect();
  });

  test("rows, pages, filters and counts are what Prisma and the list order say", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.uniqueArray(scheduleArb, { selector: (s) => s.name, maxLength: 25 }),
        fc.option(text(2), { nil: undefined }),
        fc.option(fc.boolean(), { nil: undefined }),
        fc.integer({ min: 1, max: 7 }),
        async (specs, q, isEnabled, pageSize) => {
          const [user, other] = await Promise.all([0, 1].map(() => db.user.create({ data: { email: `${unique("reads")}@example.com`, passwordHash: "x" } })));
          try {
            for (const s of specs) {
              // Once a year: workers of other tests sharing the run's PostgreSQL database have
              // nothing to fire in the moment these rows live.
              const data = {
                name: s.name,
                nameKey: nameKey(s.name),
                description: s.description,
                cronExpression: "0 0 1 1 *",
                payload: s.payload,
                isEnabled: s.isEnabled,
                lastRunStatus: s.lastRunStatus,
                lastRunAt: s.lastRunAt === null ? null : new Date(s.lastRunAt),
                nextRunAt: s.nextRunAt === null ? null : new Date(s.nextRunAt),
              };
              await db.schedule.create({ data: { ...data, teamId: user.id } });
              await db.schedule.create({ data: { ...data, teamId: other.id } }); // the same names, another owner
            }
            const prismaRows = (await db.schedule.findMany({ where: { teamId: { in: [user.id, other.id] } } })).map(storedForm);

            // Every row, as Prisma reads it.
            for (const row of prismaRows) expect(await readSchedule(reader, row.id)).toEqual(row);

            // Walking every page of the filter gives the matching rows in the list order: of one
            // team, and of two (merged, the same names apart by their team).
            for (const teamIds of [[user.id], [user.id, other.id]]) {
              const filter: ScheduleFilter = { teamIds, q, isEnabled };
              const expected = prismaRows
                .filter((r) => teamIds.includes(r.teamId))
                .filter((r) => (q === undefined || contains(r.name, q) || contains(r.description, q)) && (isEnabled === undefined || r.isEnabled === isEnabled))
                .sort((a, b) => compareScheduleNames(a.name, b.name) || (a.teamId < b.teamId ? -1 : 1));
              const walked: StoredSchedule[] = [];
              for (let after: ScheduleFilter["after"]; ; ) {
                const { rows: page } = await readScheduleList(reader, { ...filter, after }, pageSize);
                walked.push(...page);
                // A cursor that repeats rows would page for ever: more rows than there are is a failure already.
                if (page.length < pageSize || walked.length > prismaRows.length) break;
                const last = page[page.length - 1];
                after = { nameKey: last.nameKey, name: last.name, teamId: last.teamId };
              }
              expect(walked).toEqual(expected);

              // The counts are per state: the state filter does not narrow them.
              const matching = prismaRows.filter((r) => teamIds.includes(r.teamId) && (q === undefined || contains(r.name, q) || contains(r.description, q)));
              const counts = { total: matching.length, enabled: matching.filter((r) => r.isEnabled).length };
              expect((await readScheduleList(reader, { teamIds, q }, pageSize)).counts).toEqual(counts);
              // The first page and its counts read together, as the list reads them.
              expect(await readScheduleList(reader, filter, pageSize)).toEqual({ rows: expected.slice(0, pageSize), counts });
            }
          } finally {
            await db.user.deleteMany({ where: { id: { in: [user.id, other.id] } } });
          }
        },
      ),
      { numRuns: 30 },
    );
  }, 120_000);

  test("the state filter and the counts, by example", async () => {
    const user = await db.user.create({ data: { email: `${unique("reads")}@example.com`, passwordHash: "x" } });
    try {
      for (const [name, isEnabled] of [["on 1", true], ["off", false], ["on 2", true]] as const) {
        await db.schedule.create({ data: { teamId: user.id, name, nameKey: nameKey(name), cronExpression: "0 0 1 1 *", isEnabled, nextRunAt: new Date("2099-01-01T00:00:00Z") } });
      }
      const list = (filter: Omit<ScheduleFilter, "teamIds">) => readScheduleList(reader, { teamIds: [user.id], ...filter }, 10);
      expect((await list({ isEnabled: true })).rows.map((r) => r.name)).toEqual(["on 1", "on 2"]);
      expect((await list({ isEnabled: false })).rows.map((r) => r.name)).toEqual(["off"]);
      expect((await list({})).counts).toEqual({ total: 3, enabled: 2 });
      expect((await list({ q: "ON" })).counts).toEqual({ total: 2, enabled: 2 });
      // No team to read (a bound token whose team the user has left): nothing, and nothing counted.
      expect(await readScheduleList(reader, { teamIds: [] }, 10)).toEqual({ rows: [], counts: { total: 0, enabled: 0 } });
    } finally {
      await db.user.delete({ where: { id: user.id } });
    }
  });

  test("an instant in any form the database holds reads as Prisma reads it", async () => {
    const user = await db.user.create({ data: { email: `${unique("reads")}@example.com`, passwordHash: "x" } });
    // SQLite holds whatever was written: other texts than Prisma's own, epoch milliseconds.
    // PostgreSQL's timestamp(3) has one form, formatted here with fewer than three decimals.
    const [forms, update] =
      target().provider === "sqlite"
        ? [["2026-06-01 12:00:00", "2026-06-01T12:00:00.250Z", "2026-06-01T14:00:00.000+02:00", 1780315200000], `UPDATE "Schedule" SET "lastRunAt" = ? WHERE "id" = ?`]
        : [["2026-06-01 12:00:00", "2026-06-01 12:00:00.25", "1970-01-01 00:00:00.001"], `UPDATE "Schedule" SET "lastRunAt" = $1::timestamp WHERE "id" = $2`];
    try {
      for (const [i, form] of forms.entries()) {
        const row = await db.schedule.create({ data: { teamId: user.id, name: `form ${i}`, nameKey: `form ${i}`, cronExpression: "0 0 1 1 *", isEnabled: false } });
        await db.$executeRawUnsafe(update, form, row.id);
        const prismaRow = (await db.schedule.findUnique({ where: { id: row.id } }))!;
        expect(prismaRow.lastRunAt).toBeInstanceOf(Date);
        expect(await readSchedule(reader, row.id)).toEqual(storedForm(prismaRow));
      }
    } finally {
      await db.user.delete({ where: { id: user.id } });
    }
  });

  test("a search for LIKE's wildcards matches them as themselves", async () => {
    const user = await db.user.create({ data: { email: `${unique("reads")}@example.com`, passwordHash: "x" } });
    try {
      for (const name of ["100% done", "1000 things", "a_b", "axb", "back\\slash"]) {
        await db.schedule.create({ data: { teamId: user.id, name, nameKey: nameKey(name), cronExpression: "0 0 1 1 *", isEnabled: false } });
      }
      const names = async (q: string) => (await readScheduleList(reader, { teamIds: [user.id], q }, 10)).rows.map((r) => r.name);
      expect(await names("0%")).toEqual(["100% done"]);
      expect(await names("a_")).toEqual(["a_b"]);
      expect(await names("k\\s")).toEqual(["back\\slash"]);
    } finally {
      await db.user.delete({ where: { id: user.id } });
    }
  });

  test("reads sent together answer in order, a failing one is thrown, and the reader goes on", async () => {
    const one = { sqlite: "SELECT 1 AS n", postgresql: "SELECT 1 AS n" };
    const two = { sqlite: "SELECT ? AS n", postgresql: "SELECT $1::int AS n" };
    expect(await reader.together([{ query: one, params: [] }, { query: two, params: [2], arrays: true }])).toEqual([[{ n: 1 }], [[2]]]);
    const missing = { sqlite: `SELECT * FROM "NoSuchTable"`, postgresql: `SELECT * FROM "NoSuchTable"` };
    await expect(reader.together([{ query: one, params: [] }, { query: missing, params: [] }, { query: two, params: [3] }])).rejects.toThrow(/NoSuchTable/);
    // Many at once after a failure: every connection went back to the pool fit for use.
    const answers = await Promise.all(Array.from({ length: 12 }, (_, i) => reader.together([{ query: two, params: [i] }, { query: one, params: [] }])));
    expect(answers).toEqual(Array.from({ length: 12 }, (_, i) => [[{ n: i }], [{ n: 1 }]]));
  });
});
