// Runs a block of tests against each database: a fresh SQLite file, and the run's PostgreSQL
// database (skipped, visibly, when PostgreSQL is unavailable outside CI).
import path from "node:path";
import { beforeAll, describe, inject } from "vitest";
import { migrate } from "../../lib/db/migrate";
import { sqliteTarget, type DbTarget } from "../../lib/db/target";
import { createDatabase, dropDatabase } from "./postgres";
import { tempDir } from "./temp";

export const pgUrl = inject("pgUrl");

export { tempDir } from "./temp";

export function eachDatabase(body: (target: () => DbTarget) => void): void {
  describe("on SQLite", () => {
    const target = sqliteTarget(path.join(tempDir(), "almanac.db"));
    beforeAll(async () => {
      await migrate(target);
    });
    body(() => target);
  });
  describe.skipIf(!pgUrl)("on PostgreSQL", () => {
    body(() => ({ provider: "postgresql", url: pgUrl! }));
  });
}

/** A value unique within the run, for emails and names that must not collide across tests. */
export function unique(prefix: string): string {
  return `${prefix}-${process.pid}-${Math.random().toString(36).slice(2, 10)}`;
}

export type OwnDatabase = [name: "SQLite" | "PostgreSQL", create: () => Promise<DbTarget>, drop: (t: DbTarget) => Promise<void>];

/**
 * A fresh SQLite file and a PostgreSQL database of the calling file's own (not the run's shared
 * one), for `describe.each`: tests that run senders or workers, which would take another file's
 * work from a shared database. PostgreSQL is left out, visibly, when unavailable outside CI.
 */
export function ownDatabases(label: string): OwnDatabase[] {
  const sqlite: OwnDatabase = ["SQLite", async () => sqliteTarget(path.join(tempDir(label), "almanac.db")), async () => {}];
  const postgres: OwnDatabase = ["PostgreSQL", async () => ({ provider: "postgresql", url: await createDatabase(label.replace(/\W/g, "_")) }), (t) => dropDatabase(t.url)];
  return pgUrl || process.env.CI ? [sqlite, postgres] : [sqlite];
}
