// Applies the committed migrations (prisma/migrations/<provider>/<name>/migration.sql) in name
// order and records each in Prisma's own `_prisma_migrations` table, with Prisma's checksum
// (SHA-256 of the file), so that `prisma migrate deploy` on a connected machine sees the same
// state. We need our own runner because Prisma's CLI cannot fetch its native engine offline.
import { createHash, randomUUID } from "node:crypto";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import pg from "pg";
import { ensurePrivateFile } from "../private-files";
import { sealPlaintextHeadersPostgres, sealPlaintextHeadersSqlite } from "../secrets/sealed-headers";
import { ROOT, type Provider } from "./schema-source";
import type { DbTarget } from "./target";

export const MIGRATIONS_ROOT = path.join(ROOT, "prisma/migrations");

// The advisory lock key Prisma Migrate itself takes, so that our runner and
// `prisma migrate deploy` never run at the same time against one database.
const PRISMA_ADVISORY_LOCK = 72707369;

export type Migration = { name: string; sql: string; checksum: string };

// Data migrations in code, run after the SQL ones at every migrate (each is idempotent and cheap
// when there is nothing left to do): sealing the plain secret headers of http schedules
// (lib/secrets/sealed-headers.ts). They need the schema of this migration, so a migrations folder
// without it (the runner's own tests) skips them.
const CODE_STEPS_AFTER = "20261206162048_job_types";
const codeStepsDue = (all: Migration[]) => all.some((m) => m.name === CODE_STEPS_AFTER);

export class MigrationError extends Error {}

export function listMigrations(provider: Provider, root = MIGRATIONS_ROOT): Migration[] {
  const dir = path.join(root, provider);
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.isDirectory() && existsSync(path.join(dir, d.name, "migration.sql")))
    .map((d) => d.name)
    .sort()
    .map((name) => {
      const sql = readFileSync(path.join(dir, name, "migration.sql"), "utf8");
      return { name, sql, checksum: createHash("sha256").update(sql).digest("hex") };
    });
}

type AppliedRow = { migration_name: string; checksum: string; finished_at: unknown; rolled_back_at: unknown };

/** The migrations still to apply; refuses a history that was edited or left half-applied. */
function pending(all: Migration[], applied: AppliedRow[]): Migration[] {
  const done = new Map<string, AppliedRow>();
  for (const row of applied) {
    if (row.rolled_back_at) continue;
    if (!row.finished_at) {
      throw new MigrationError(
        `migration ${row.migration_name} started but did not finish; repair the database, then remove its row from _prisma_migrations`,
      );
    }
    done.set(row.migration_name, row);
  }
  for (const m of all) {
    const row = done.get(m.name);
    if (row && row.checksum !== m.checksum) {
      throw new MigrationError(`migration ${m.name} was changed after it was applied; add a new migration instead`);
    }
  }
  return all.filter((m) => !done.has(m.name));
}

const SQLITE_HISTORY = `CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
    "id"                    TEXT PRIMARY KEY NOT NULL,
    "checksum"              TEXT NOT NULL,
    "finished_at"           DATETIME,
    "migration_name"        TEXT NOT NULL,
    "logs"                  TEXT,
    "rolled_back_at"        DATETIME,
    "started_at"            DATETIME NOT NULL DEFAULT current_timestamp,
    "applied_steps_count"   INTEGER UNSIGNED NOT NULL DEFAULT 0
)`;

const PG_HISTORY = `CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
    "id"                    VARCHAR(36) PRIMARY KEY NOT NULL,
    "checksum"              VARCHAR(64) NOT NULL,
    "finished_at"           TIMESTAMPTZ,
    "migration_name"        VARCHAR(255) NOT NULL,
    "logs"                  TEXT,
    "rolled_back_at"        TIMESTAMPTZ,
    "started_at"            TIMESTAMPTZ NOT NULL DEFAULT now(),
    "applied_steps_count"   INTEGER NOT NULL DEFAULT 0
)`;

/** Prisma's own text form for timestamps in SQLite's migration table. */
function sqliteTimestamp(d: Date): string {
  return d.toISOString().replace("T", " ").replace("Z", "+00:00");
}

/** Opens the SQLite file the way every Almanac process must: WAL, synchronous=NORMAL, 5 s busy timeout. */
export function openSqlite(file: string): Database.Database {
  ensurePrivateFile(file); // a new database is 0600 in a 0700 folder, and so are its -wal and -shm
  const conn = new Database(file, { timeout: 5000 });
  conn.pragma("journal_mode = WAL");
  conn.pragma("synchronous = NORMAL");
  return conn;
}

function migrateSqlite(file: string, all: Migration[]): string[] {
  const conn = openSqlite(file);
  try {
    // Table rebuilds in Prisma's SQLite migrations must not fire ON DELETE CASCADE; SQLite only
    // honours this pragma outside a transaction. Integrity is checked before committing instead.
    conn.pragma("foreign_keys = OFF");
    conn.exec("BEGIN IMMEDIATE"); // takes the write lock: a second process waits, then sees our rows
    try {
      conn.exec(SQLITE_HISTORY);
      const applied = conn.prepare(`SELECT migration_name, checksum, finished_at, rolled_back_at FROM "_prisma_migrations"`).all() as AppliedRow[];
      const todo = pending(all, applied);
      const record = conn.prepare(
        `INSERT INTO "_prisma_migrations" (id, checksum, finished_at, migration_name, started_at, applied_steps_count) VALUES (?, ?, ?, ?, ?, 1)`,
      );
      for (const m of todo) {
        const started = sqliteTimestamp(new Date());
        try {
          conn.exec(m.sql);
        } catch (err) {
          throw new MigrationError(`migration ${m.name} failed: ${(err as Error).message}`);
        }
        record.run(randomUUID(), m.checksum, sqliteTimestamp(new Date()), m.name, started);
      }
      // Code steps, after the SQL, in the same transaction and lock.
      if (codeStepsDue(all)) sealPlaintextHeadersSqlite(conn);
      const broken = conn.pragma("foreign_key_check") as unknown[];
      if (broken.length > 0) throw new MigrationError(`migrations left ${broken.length} rows with broken foreign keys`);
      conn.exec("COMMIT");
      return todo.map((m) => m.name);
    } catch (err) {
      conn.exec("ROLLBACK");
      throw err;
    }
  } finally {
    conn.close();
  }
}

async function migratePostgres(url: string, all: Migration[]): Promise<string[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query("SELECT pg_advisory_lock($1)", [PRISMA_ADVISORY_LOCK]);
    await client.query(PG_HISTORY);
    const { rows } = await client.query<AppliedRow>(`SELECT migration_name, checksum, finished_at, rolled_back_at FROM "_prisma_migrations"`);
    const todo = pending(all, rows);
    // One transaction per migration: a failure leaves the database as the previous one left it.
    for (const m of todo) {
      await client.query("BEGIN");
      try {
        const started = new Date();
        await client.query(m.sql);
        await client.query(
          `INSERT INTO "_prisma_migrations" (id, checksum, finished_at, migration_name, started_at, applied_steps_count) VALUES ($1, $2, now(), $3, $4, 1)`,
          [randomUUID(), m.checksum, m.name, started],
        );
        await client.query("COMMIT");
      } catch (err) {
        await client.query("ROLLBACK");
        throw new MigrationError(`migration ${m.name} failed: ${(err as Error).message}`);
      }
    }
    // Code steps, after the SQL, still under the advisory lock, in a transaction of their own.
    if (codeStepsDue(all)) {
      await client.query("BEGIN");
      try {
        await sealPlaintextHeadersPostgres(client);
        await client.query("COMMIT");
      } catch (err) {
        await client.query("ROLLBACK");
        throw new MigrationError(`sealing the http jobs' secret headers failed: ${(err as Error).message}`);
      }
    }
    return todo.map((m) => m.name);
  } finally {
    await client.end(); // closing the session releases the advisory lock
  }
}

/** Brings the database up to date; returns the names of the migrations it applied. */
export async function migrate(target: DbTarget, root = MIGRATIONS_ROOT): Promise<string[]> {
  const all = listMigrations(target.provider, root);
  if (all.length === 0) throw new MigrationError(`no migrations found under ${path.join(root, target.provider)}`);
  return target.provider === "sqlite" ? migrateSqlite(target.file, all) : migratePostgres(target.url, all);
}
