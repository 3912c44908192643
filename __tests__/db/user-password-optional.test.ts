// The migration that lets an account have no password (single sign-on). On SQLite it rebuilds the
// User table, which every other table hangs off with ON DELETE CASCADE: a database migrated up to
// the migration before it, with an account, its token and schedules, must keep every row and
// every trigger, and then take an account without a password.
import { cpSync, readdirSync, rmSync } from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import pg from "pg";
import { describe, expect, test } from "vitest";
import { createDb } from "../../lib/db/client";
import { migrate, MIGRATIONS_ROOT } from "../../lib/db/migrate";
import type { Provider } from "../../lib/db/schema-source";
import { sqliteTarget, type DbTarget } from "../../lib/db/target";
import { pgUrl, tempDir } from "../support/databases";
import { createDatabase, dropDatabase } from "../support/postgres";

const MIGRATION = "_user_password_optional";

/** The committed migrations up to this one: without it, or with it (and never the ones after it). */
function migrationsUpTo(provider: Provider, { including }: { including: boolean }): string {
  const root = tempDir("almanac-before-password-optional");
  cpSync(MIGRATIONS_ROOT, root, { recursive: true });
  const names = readdirSync(path.join(root, provider)).sort();
  const index = names.findIndex((n) => n.endsWith(MIGRATION));
  expect(index, `a migration named *${MIGRATION}`).toBeGreaterThan(0);
  for (const name of names.slice(including ? index + 1 : index)) if (name !== "migration_lock.toml") rmSync(path.join(root, provider, name), { recursive: true });
  return root;
}

type Shape = { rows: Record<string, number>; triggers: number };

async function shapeOf(target: DbTarget): Promise<Shape> {
  if (target.provider === "sqlite") {
    const conn = new Database(target.file, { readonly: true });
    try {
      const tables = (conn.prepare(`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name <> '_prisma_migrations'`).all() as { name: string }[]).map((t) => t.name);
      const rows = Object.fromEntries(tables.map((t) => [t, (conn.prepare(`SELECT count(*) AS n FROM "${t}"`).get() as { n: number }).n]));
      const triggers = (conn.prepare(`SELECT count(*) AS n FROM sqlite_master WHERE type = 'trigger'`).get() as { n: number }).n;
      return { rows, triggers };
    } finally {
      conn.close();
    }
  }
  const client = new pg.Client({ connectionString: target.url });
  await client.connect();
  try {
    const { rows: tables } = await client.query<{ name: string }>(`SELECT table_name AS name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE' AND table_name <> '_prisma_migrations'`);
    const rows: Record<string, number> = {};
    for (const { name } of tables) rows[name] = Number((await client.query(`SELECT count(*) AS n FROM "${name}"`)).rows[0].n);
    const triggers = Number((await client.query(`SELECT count(*) AS n FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = 'public' AND NOT t.tgisinternal`)).rows[0].n);
    return { rows, triggers };
  } finally {
    await client.end();
  }
}

async function check(target: DbTarget): Promise<void> {
  await migrate(target, migrationsUpTo(target.provider, { including: false }));
  const db = await createDb(target);
  try {
    const user = await db.user.create({ data: { email: "before@example.com", passwordHash: "$2b$11$hash" } });
    // The token and the schedules as that schema had them: in SQL, as this client knows later columns.
    await db.$executeRawUnsafe(
      target.provider === "sqlite"
        ? `INSERT INTO "ApiToken" ("id", "userId", "name", "tokenHash", "prefix") VALUES ('t1', ?, 'ci', ?, 'alm_1234')`
        : `INSERT INTO "ApiToken" ("id", "userId", "name", "tokenHash", "prefix") VALUES ('t1', $1, 'ci', $2, 'alm_1234')`,
      user.id,
      "h".repeat(64),
    );
    for (const [name, isEnabled] of [["nightly", true], ["paused", false]] as const) {
      await db.$executeRawUnsafe(
        target.provider === "sqlite"
          ? `INSERT INTO "Schedule" ("id", "userId", "name", "cronExpression", "isEnabled", "updatedAt") VALUES (?, ?, ?, '0 3 * * *', ?, ?)`
          : `INSERT INTO "Schedule" ("id", "userId", "name", "cronExpression", "isEnabled", "updatedAt") VALUES ($1, $2, $3, '0 3 * * *', $4, now())`,
        ...[`s-${name}`, user.id, name, target.provider === "sqlite" ? Number(isEnabled) : isEnabled, ...(target.provider === "sqlite" ? [new Date().toISOString()] : [])],
      );
    }
    const before = await shapeOf(target);
    expect(before.rows.Schedule).toBe(2);

    await migrate(target, migrationsUpTo(target.provider, { including: true }));
    expect(await shapeOf(target)).toEqual(before);
    expect((await db.user.findUniqueOrThrow({ where: { id: user.id } })).passwordHash).toBe("$2b$11$hash");
    const sso = await db.user.create({ data: { email: "sso@example.com", passwordHash: null } });
    expect(sso.passwordHash).toBeNull();
  } finally {
    await db.$disconnect();
  }
}

describe("the migration that makes User.passwordHash optional", () => {
  test("on SQLite: every row and trigger kept; an account without a password can be created", async () => {
    await check(sqliteTarget(path.join(tempDir(), "almanac.db")));
  });

  test.skipIf(!pgUrl)("on PostgreSQL: the same", async () => {
    const url = await createDatabase("password_optional");
    try {
      await check({ provider: "postgresql", url });
    } finally {
      await dropDatabase(url);
    }
  });
});
