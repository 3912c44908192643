// Runs a block of tests against each database: a fresh SQLite file, and the run's PostgreSQL
// database (skipped, visibly, when PostgreSQL is unavailable outside CI).
import path from "node:path";
import { beforeAll, describe, inject } from "vitest";
import { migrate } from "../../lib/db/migrate";
import { sqliteTarget, type DbTarget } from "../../lib/db/target";
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
