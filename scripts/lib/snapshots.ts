// The schema each provider's newest migration leads to (kept as schema.prisma beside it).
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { listMigrations, MIGRATIONS_ROOT } from "../../lib/db/migrate";
import type { Provider } from "../../lib/db/schema-source";

export function lastSnapshot(provider: Provider, root = MIGRATIONS_ROOT): string | null {
  const all = listMigrations(provider, root);
  const last = all.at(-1);
  if (!last) return null;
  const file = path.join(root, provider, last.name, "schema.prisma");
  if (!existsSync(file)) throw new Error(`${file} is missing: every migration keeps the schema it leads to`);
  return readFileSync(file, "utf8");
}

/** Prisma's diff of two equal schemas is a comment and nothing else. */
export function isEmptyMigration(sql: string): boolean {
  return sql.split("\n").every((line) => line.trim() === "" || line.trim().startsWith("--"));
}
