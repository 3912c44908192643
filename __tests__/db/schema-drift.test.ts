// One schema source, two databases: the committed migrations must lead both providers to the
// schema in prisma/schema.prisma, and the two databases must end up with the same tables,
// columns and indexes.
import path from "node:path";
import Database from "better-sqlite3";
import pg from "pg";
import { describe, expect, test } from "vitest";
import { listMigrations, migrate } from "../../lib/db/migrate";
import { PROVIDERS, renderSchema } from "../../lib/db/schema-source";
import { sqliteTarget } from "../../lib/db/target";
import { diffSchemas } from "../../scripts/lib/schema-engine";
import { isEmptyMigration, lastSnapshot } from "../../scripts/lib/snapshots";
import { pgUrl, tempDir } from "../support/databases";

test("both providers have the same migrations, by name", () => {
  const names = PROVIDERS.map((p) => listMigrations(p).map((m) => m.name));
  expect(names[0].length).toBeGreaterThan(0);
  expect(names[1]).toEqual(names[0]);
});

describe.each(PROVIDERS)("%s migrations", (provider) => {
  // Prisma's diff between the schema the newest migration leads to (kept beside it) and
  // prisma/schema.prisma: empty unless a model changed without `npm run db:migration:new`.
  test.skipIf(provider === "postgresql" && !pgUrl)("lead to the models in prisma/schema.prisma", async () => {
    const sql = await diffSchemas(provider, lastSnapshot(provider), renderSchema(provider));
    expect(sql).toMatch(/empty migration/);
    expect(isEmptyMigration(sql)).toBe(true);
  });
});

type Shape = { columns: string[]; indexes: string[] };

function sqliteShape(file: string): Shape {
  const conn = new Database(file, { readonly: true });
  try {
    const tables = (conn.prepare(`SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%' AND name <> '_prisma_migrations'`).all() as { name: string }[]).map((t) => t.name);
    const columns = tables.flatMap((t) =>
      (conn.prepare(`SELECT name, "notnull" AS nn FROM pragma_table_info(?)`).all(t) as { name: string; nn: number }[]).map((c) => `${t}.${c.name}${c.nn ? " not null" : ""}`),
    );
    const indexes = tables.flatMap((t) =>
      (conn.prepare(`SELECT name, "unique" AS u FROM pragma_index_list(?) WHERE origin <> 'pk'`).all(t) as { name: string; u: number }[]).map((i) => {
        const cols = (conn.prepare(`SELECT name FROM pragma_index_info(?) ORDER BY seqno`).all(i.name) as { name: string }[]).map((c) => c.name);
        return `${t}(${cols.join(",")})${i.u ? " unique" : ""}`;
      }),
    );
    return { columns: columns.sort(), indexes: indexes.sort() };
  } finally {
    conn.close();
  }
}

async function postgresShape(url: string): Promise<Shape> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const columns = await client.query(
      `SELECT table_name || '.' || column_name || CASE WHEN is_nullable = 'NO' THEN ' not null' ELSE '' END AS c
       FROM information_schema.columns WHERE table_schema = 'public' AND table_name <> '_prisma_migrations'`,
    );
    const indexes = await client.query(
      `SELECT t.relname || '(' || string_agg(a.attname, ',' ORDER BY k.ord) || ')' || CASE WHEN ix.indisunique THEN ' unique' ELSE '' END AS i
       FROM pg_index ix
       JOIN pg_class t ON t.oid = ix.indrelid
       JOIN pg_namespace n ON n.oid = t.relnamespace AND n.nspname = 'public'
       CROSS JOIN LATERAL unnest(ix.indkey) WITH ORDINALITY AS k(attnum, ord)
       JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = k.attnum
       WHERE NOT ix.indisprimary AND t.relname <> '_prisma_migrations'
       GROUP BY t.relname, ix.indexrelid, ix.indisunique`,
    );
    return { columns: columns.rows.map((r) => r.c).sort(), indexes: indexes.rows.map((r) => r.i).sort() };
  } finally {
    await client.end();
  }
}

test.skipIf(!pgUrl)("SQLite and PostgreSQL end up with the same columns, nullability and indexes", async () => {
  const file = path.join(tempDir(), "almanac.db");
  await migrate(sqliteTarget(file));
  const sqlite = sqliteShape(file);
  const postgres = await postgresShape(pgUrl!);
  expect(sqlite.columns.length).toBeGreaterThan(30);
  expect(postgres.columns).toEqual(sqlite.columns);
  expect(postgres.indexes).toEqual(sqlite.indexes);
  expect(sqlite.indexes).toContain("Run(scheduleId,scheduledFor,attempt) unique");
  expect(sqlite.indexes).toContain("Schedule(teamId,name) unique");
});
