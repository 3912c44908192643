// Databases at an earlier step of the migration history, for tests of a migration's data moves:
// migrate to the step before it, write rows as they were, then migrate the rest.
import { cpSync, rmSync } from "node:fs";
import path from "node:path";
import { listMigrations, MIGRATIONS_ROOT } from "../../lib/db/migrate";
import type { Provider } from "../../lib/db/schema-source";
import { sqliteTarget, type DbTarget } from "../../lib/db/target";
import { createDatabase } from "./postgres";
import { tempDir } from "./temp";

/** A copy of the committed migrations of `provider` without `name` (the full folder name) and every later one. */
export function migrationsBefore(provider: Provider, name: string): string {
  const root = tempDir("almanac-migrations-before");
  cpSync(MIGRATIONS_ROOT, root, { recursive: true });
  for (const m of listMigrations(provider).filter((m) => m.name >= name)) rmSync(path.join(root, provider, m.name), { recursive: true });
  return root;
}

/** A new, empty database of `provider`: a SQLite file, or a PostgreSQL database named after `label` (the caller drops it). */
export async function emptyDatabase(provider: Provider, label: string): Promise<DbTarget> {
  return provider === "sqlite" ? sqliteTarget(path.join(tempDir(), "almanac.db")) : { provider, url: await createDatabase(label) };
}
