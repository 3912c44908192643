// The migration runner: empty databases get the whole schema, a second run is a no-op, Prisma's
// own engine agrees with the history we write, and a broken or edited migration loses nothing.
import { cpSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import pg from "pg";
import { afterAll, describe, expect, test } from "vitest";
import { listMigrations, migrate, MIGRATIONS_ROOT, MigrationError } from "../../lib/db/migrate";
import { sqliteTarget, type DbTarget } from "../../lib/db/target";
import type { Provider } from "../../lib/db/schema-source";
import { applyWithPrisma } from "../../scripts/lib/schema-engine";
import { pgUrl, tempDir } from "../support/databases";
import { createDatabase, dropDatabase } from "../support/postgres";

const TABLES = ["AlertAttempt", "AlertChannel", "AlertDelivery", "AlertEvent", "ApiToken", "AssistantConversation", "AuditEvent", "Invitation", "Membership", "RateLimit", "Run", "RunOutput", "Schedule", "ScheduleCount", "ScheduleTombstone", "Team", "TeamSecret", "User", "WorkerHeartbeat", "WorkerWatch", "_prisma_migrations"];

type Fresh = { target: DbTarget; tables: () => Promise<string[]>; query: (sql: string) => Promise<Record<string, unknown>[]> };

const created: string[] = [];
afterAll(async () => {
  for (const url of created) await dropDatabase(url);
});

/** A new, empty database of `provider` with helpers to look inside it. */
async function fresh(provider: Provider): Promise<Fresh> {
  if (provider === "sqlite") {
    const file = path.join(tempDir(), "almanac.db");
    const query = async (sql: string) => {
      const conn = new Database(file);
      try {
        return conn.prepare(sql).all() as Record<string, unknown>[];
      } finally {
        conn.close();
      }
    };
    return {
      target: sqliteTarget(file),
      query,
      tables: async () => (await query(`SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%'`)).map((r) => String(r.name)).sort(),
    };
  }
  const url = await createDatabase("migrations");
  created.push(url);
  const query = async (sql: string) => {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      return (await client.query(sql)).rows;
    } finally {
      await client.end();
    }
  };
  return {
    target: { provider: "postgresql", url },
    query,
    tables: async () => (await query(`SELECT tablename AS name FROM pg_tables WHERE schemaname='public'`)).map((r) => String(r.name)).sort(),
  };
}

/** A copy of the committed migrations plus one more, to try failures without touching the repo. */
function migrationsWithExtra(provider: Provider, name: string, sql: string): string {
  const root = tempDir("almanac-migrations");
  cpSync(MIGRATIONS_ROOT, root, { recursive: true });
  mkdirSync(path.join(root, provider, name));
  writeFileSync(path.join(root, provider, name, "migration.sql"), sql);
  return root;
}

describe.each(["sqlite", "postgresql"] as const)("migrations on %s", (provider) => {
  const skip = provider === "postgresql" && !pgUrl;

  test.skipIf(skip)("apply every migration to an empty database, and a second run applies nothing", async () => {
    const db = await fresh(provider);
    const all = listMigrations(provider).map((m) => m.name);
    expect(all.length).toBeGreaterThan(0);
    expect(await migrate(db.target)).toEqual(all);
    expect(await db.tables()).toEqual(TABLES);
    expect(await migrate(db.target)).toEqual([]);
    const rows = await db.query(`SELECT migration_name, checksum, finished_at FROM "_prisma_migrations"`);
    expect(rows.map((r) => r.migration_name)).toEqual(all);
    for (const row of rows) {
      expect(row.checksum).toMatch(/^[0-9a-f]{64}$/);
      expect(row.finished_at).not.toBeNull();
    }
  });

  test.skipIf(skip)("Prisma's own engine sees our history as complete (what `prisma migrate deploy` would do)", async () => {
    const db = await fresh(provider);
    await migrate(db.target);
    expect(await applyWithPrisma(provider, db.target.provider === "sqlite" ? db.target.file : db.target.url, MIGRATIONS_ROOT)).toEqual([]);
  });

  test.skipIf(skip)("a database migrated by Prisma's engine is up to date for our runner (same checksums)", async () => {
    const db = await fresh(provider);
    const applied = await applyWithPrisma(provider, db.target.provider === "sqlite" ? db.target.file : db.target.url, MIGRATIONS_ROOT);
    expect(applied).toEqual(listMigrations(provider).map((m) => m.name));
    expect(await migrate(db.target)).toEqual([]);
  });

  test.skipIf(skip)("a failing migration is rolled back whole and named in the error", async () => {
    const db = await fresh(provider);
    await migrate(db.target);
    const root = migrationsWithExtra(provider, "29990101000000_broken", `CREATE TABLE "Half" ("id" INTEGER);\nTHIS IS NOT SQL;\n`);
    await expect(migrate(db.target, root)).rejects.toThrow(/29990101000000_broken failed/);
    expect(await db.tables()).toEqual(TABLES); // no "Half" table left behind
    const names = (await db.query(`SELECT migration_name FROM "_prisma_migrations"`)).map((r) => r.migration_name);
    expect(names).not.toContain("29990101000000_broken");
  });

  test.skipIf(skip)("a migration edited after it was applied is refused, not re-run", async () => {
    const db = await fresh(provider);
    const root = migrationsWithExtra(provider, "29990101000000_extra", `CREATE TABLE "Extra" ("id" INTEGER);\n`);
    await migrate(db.target, root);
    const file = path.join(root, provider, "29990101000000_extra", "migration.sql");
    writeFileSync(file, readFileSync(file, "utf8") + `CREATE TABLE "Extra2" ("id" INTEGER);\n`);
    const attempt = migrate(db.target, root);
    await expect(attempt).rejects.toBeInstanceOf(MigrationError);
    await expect(migrate(db.target, root)).rejects.toThrow(/29990101000000_extra was changed after it was applied/);
  });
});

test.skipIf(!pgUrl)("two runners starting together on PostgreSQL apply each migration once", async () => {
  const db = await fresh("postgresql");
  const [a, b] = await Promise.all([migrate(db.target), migrate(db.target)]);
  expect([...a, ...b].sort()).toEqual(listMigrations("postgresql").map((m) => m.name));
  const rows = await db.query(`SELECT count(*)::int AS n FROM "_prisma_migrations"`);
  expect(rows[0].n).toBe(listMigrations("postgresql").length);
});

test("the SQLite file is left in WAL mode, shared safely by the web app and the worker", async () => {
  const db = await fresh("sqlite");
  await migrate(db.target);
  expect(await db.query("PRAGMA journal_mode")).toEqual([{ journal_mode: "wal" }]);
});
