// Schedule lists by name, ignoring case, on both databases: page after page with no row missed or
// repeated, "Backup" and "backup" both in a fixed order, old cursors refused with a 400, and the
// order served by an index (no sort of every row) at 10,000 schedules.
import Database from "better-sqlite3";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { ApiError } from "../../lib/api/errors";
import { encodeCursor } from "../../lib/api/pagination";
import { createDb, type Db } from "../../lib/db/client";
import { listMigrations, migrate } from "../../lib/db/migrate";
import { compareScheduleNames, nameKey } from "../../lib/schedules/name-order";
import { createSchedule, listSchedules, updateSchedule } from "../../lib/schedules/schedules";
import { scheduleCreateSchema, scheduleListQuerySchema, type ScheduleListQuery } from "../../lib/validation/schedules";
import { eachDatabase, pgUrl, unique } from "../support/databases";
import { dropDatabase } from "../support/postgres";
import { ownerAccess } from "../support/teams";
import { emptyDatabase, migrationsBefore } from "../support/migrations";

// Case-insensitive for A-Z, then by code point: digits and "_" before letters, accented letters
// after z; names equal but for case in a fixed order (upper case first).
const IN_ORDER = ["10 reports", "_under", "Alpha", "alpha sync", "BACKUP", "Backup", "backup", "beta", "zeta", "Zeta cleanup", "Ärger", "Émile", "émile"];

/** A shuffle that is the same every run. */
const scrambled = (names: string[]) => names.map((n, i) => ({ n, k: (i * 7919) % names.length })).sort((a, b) => a.k - b.k).map((x) => x.n);

describe("in memory (the UI and the assistant)", () => {
  test("compareScheduleNames sorts like the database", () => {
    expect([...scrambled(IN_ORDER)].sort(compareScheduleNames)).toEqual(IN_ORDER);
  });

  test("the key folds A-Z only, as the migration's backfill in SQL does", () => {
    expect(nameKey("Zeta Cleanup ÉMILE İ Ж")).toBe("zeta cleanup Émile İ Ж");
  });
});

eachDatabase((target) => {
  let db: Db;
  beforeAll(async () => {
    db = await createDb(target());
  });
  afterAll(async () => {
    await db?.$disconnect();
  });

  const newUser = async () => (await db.user.create({ data: { email: `${unique("o")}@example.com`, passwordHash: "x" } })).id;
  const create = (userId: string, name: string, extra: Record<string, unknown> = {}) =>
    createSchedule(db, ownerAccess(userId), scheduleCreateSchema.parse({ name, cronExpression: "0 0 * * *", ...extra }));
  const query = (q: Record<string, unknown>): ScheduleListQuery => scheduleListQuerySchema.parse(q);

  /** Every page of a listing, following nextCursor the way a client does (through the query schema). */
  async function allPages(userId: string, q: Record<string, unknown>): Promise<{ names: string[]; pages: number }> {
    const names: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const page = await listSchedules(db, ownerAccess(userId), query({ ...q, ...(cursor ? { cursor } : {}) }));
      names.push(...page.items.map((s) => s.name));
      cursor = page.nextCursor;
      pages++;
    } while (cursor && pages < 100);
    return { names, pages };
  }

  test("names in mixed case are listed ignoring case, page by page, none missed or repeated", async () => {
    const userId = await newUser();
    for (const name of scrambled(IN_ORDER)) await create(userId, name);
    for (const limit of [1, 2, 3, 5]) {
      const { names, pages } = await allPages(userId, { limit });
      expect(names).toEqual(IN_ORDER);
      expect(pages).toBe(Math.ceil(IN_ORDER.length / limit));
    }
    const first = (await listSchedules(db, ownerAccess(userId), query({ limit: 50 }))).items.map((s) => s.name);
    expect(first.indexOf("alpha sync")).toBeLessThan(first.indexOf("Zeta cleanup"));
  });

  test("the order holds with a search and a filter, and after a rename", async () => {
    const userId = await newUser();
    const made = [];
    for (const [i, name] of scrambled(IN_ORDER).entries()) made.push(await create(userId, name, { isEnabled: i % 3 !== 0 }));
    const enabled = new Set(made.filter((s) => s.isEnabled).map((s) => s.name));
    expect((await allPages(userId, { limit: 2, enabled: "true" })).names).toEqual(IN_ORDER.filter((n) => enabled.has(n)));
    expect((await allPages(userId, { limit: 2, q: "a" })).names).toEqual(IN_ORDER.filter((n) => /a/i.test(n)));

    const beta = made.find((s) => s.name === "beta")!;
    await updateSchedule(db, ownerAccess(userId), beta.id, { name: "AAA first" });
    const { names } = await allPages(userId, { limit: 4 });
    expect(names.slice(0, 3)).toEqual(["10 reports", "_under", "AAA first"]);
    expect(names).toHaveLength(IN_ORDER.length);
  });

  test("long names in any script page through (the cursor carries two of them)", async () => {
    const userId = await newUser();
    const longNames = ["É", "é", "Ж", "ж"].map((c) => c.repeat(255));
    for (const name of longNames) await create(userId, name);
    const { names } = await allPages(userId, { limit: 1 });
    expect(names).toEqual(["É".repeat(255), "é".repeat(255), "Ж".repeat(255), "ж".repeat(255)]);
  });

  test("a cursor from before the case-insensitive order is a 400 that says to start again", async () => {
    const userId = await newUser();
    await create(userId, "anything");
    const err = await listSchedules(db, ownerAccess(userId), query({ cursor: encodeCursor(["Zeta cleanup"]) })).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect((err as ApiError).status).toBe(400);
    expect((err as ApiError).fields?.cursor).toMatch(/older version.*start again/);
  });
});

// The list query for a later page of one team (lib/schedules/schedule-reads.ts; the first page is
// the same without the cursor conditions), to ask each database how it would run it.
const LATER_PAGE = (p: (i: number) => string) =>
  `SELECT "id" FROM "Schedule" WHERE "teamId" = ${p(1)} AND "nameKey" >= ${p(2)} AND ("nameKey" > ${p(3)} OR "name" > ${p(4)} OR ("name" = ${p(5)} AND "teamId" > ${p(6)})) ORDER BY "nameKey" ASC, "name" ASC LIMIT 51`;

describe("at 10,000 schedules", () => {
  eachDatabase((target) => {
    let db: Db;
    let userId: string;
    beforeAll(async () => {
      db = await createDb(target());
      userId = (await db.user.create({ data: { email: `${unique("big")}@example.com`, passwordHash: "x" } })).id;
      const rows = Array.from({ length: 10_000 }, (_, i) => {
        const name = `${i % 2 ? "Job" : "job"} ${String(i).padStart(5, "0")}`;
        // Disabled: workers of other tests sharing the run's PostgreSQL database have nothing to fire.
        return { teamId: userId, name, nameKey: nameKey(name), cronExpression: "0 0 * * *", payload: {}, isEnabled: false };
      });
      for (let i = 0; i < rows.length; i += 1000) await db.schedule.createMany({ data: rows.slice(i, i + 1000) });
    }, 120_000);
    afterAll(async () => {
      await db?.user.delete({ where: { id: userId } }); // and its schedules
      await db?.$disconnect();
    });

    test("a later page walks the index in order, with no sort", async () => {
      const args = [userId, "job 05000", "job 05000", "job 05000", "job 05000", userId];
      let plan: string;
      const t = target();
      if (t.provider === "sqlite") {
        const conn = new Database(t.file, { readonly: true });
        try {
          const rows = conn.prepare(`EXPLAIN QUERY PLAN ${LATER_PAGE(() => "?")}`).all(...args) as { detail: string }[];
          plan = rows.map((r) => r.detail).join("\n");
        } finally {
          conn.close();
        }
        expect(plan).not.toMatch(/TEMP B-TREE/);
      } else {
        const client = new pg.Client({ connectionString: t.url });
        await client.connect();
        try {
          await client.query(`ANALYZE "Schedule"`);
          const res = await client.query(`EXPLAIN ${LATER_PAGE((i) => `$${i}`)}`, args);
          plan = res.rows.map((r) => r["QUERY PLAN"]).join("\n");
        } finally {
          await client.end();
        }
        expect(plan).not.toMatch(/Sort/);
      }
      expect(plan).toMatch(/Schedule_teamId_nameKey_name_idx/);

      const page = await listSchedules(db, ownerAccess(userId), scheduleListQuerySchema.parse({ limit: 3, cursor: encodeCursor(["job 05000", "job 05000"]) }));
      expect(page.items.map((s) => s.name)).toEqual(["Job 05001", "job 05002", "Job 05003"]);
    });
  });
});

describe.each(["sqlite", "postgresql"] as const)("the migration that adds nameKey, on %s", (provider) => {
  const MIGRATION = "20261206011735_add_schedule_name_key";
  const NAMES = ["Zeta cleanup", "alpha sync", "BACKUP", "Émile ÀÉÎ", "Жара", "İstanbul", "ǅemal", "ΣΟΦΙΑ", "mixed Ünïcode ABC"];
  let url: string | null = null;
  afterAll(async () => {
    if (url) await dropDatabase(url);
  });

  test.skipIf(provider === "postgresql" && !pgUrl)("gives existing schedules the key the app computes, and leaves updatedAt alone", async () => {
    // The migrations up to the one before, then schedules as they were, then the rest.
    const before = migrationsBefore(provider, MIGRATION);
    const target = await emptyDatabase(provider, "namekey");
    if (target.provider === "postgresql") url = target.url;
    await migrate(target, before);
    const db = await createDb(target);
    try {
      const edited = new Date("2026-11-01T00:00:00Z");
      await db.user.create({ data: { id: "u1", email: "u1@example.com", passwordHash: "x" } });
      for (const [i, name] of NAMES.entries()) {
        await db.$executeRawUnsafe(
          provider === "sqlite"
            ? `INSERT INTO "Schedule" ("id", "userId", "name", "cronExpression", "updatedAt") VALUES (?, 'u1', ?, '0 0 * * *', ?)`
            : `INSERT INTO "Schedule" ("id", "userId", "name", "cronExpression", "updatedAt") VALUES ($1, 'u1', $2, '0 0 * * *', $3::timestamp)`,
          `s${i}`,
          name,
          provider === "sqlite" ? edited : edited.toISOString(),
        );
      }
      expect(await migrate(target)).toEqual([MIGRATION, ...listMigrations(provider).map((m) => m.name).filter((n) => n > MIGRATION)]);
      const rows = await db.schedule.findMany({ where: { teamId: "u1" } });
      expect(rows.map((r) => [r.name, r.nameKey])).toEqual(expect.arrayContaining(NAMES.map((n) => [n, nameKey(n)])));
      expect(rows).toHaveLength(NAMES.length);
      for (const r of rows) expect(r.updatedAt).toEqual(edited);
    } finally {
      await db.$disconnect();
    }
  });
});
