// The order of schedule lists: by name ignoring case, then by name itself (names are unique per
// user case-sensitively, so "Backup" and "backup" may both exist and need a fixed order). The
// database sorts by a stored key (Schedule.nameKey) so that an index serves the order; the UI and
// the assistant sort with compareScheduleNames, which agrees with it. No database imports here:
// client components use this module too.
import type { Prisma } from "../db/client";

/**
 * The sort key of a name: the name with A to Z lower-cased, nothing else. Only ASCII letters are
 * folded because that is what the databases can compute exactly (SQLite's lower() folds ASCII
 * only), so the migration's backfill in SQL gives every existing row the key this function would:
 * "Émile" and "émile" keep their code-point order. Any change here needs a migration that
 * recomputes every row's key the same way.
 */
export function nameKey(name: string): string {
  return name.replace(/[A-Z]+/g, (letters) => letters.toLowerCase());
}

/** The list order, as Prisma's orderBy: served by the index on (userId, nameKey, name). */
export const SCHEDULE_NAME_ORDER = [{ nameKey: "asc" }, { name: "asc" }] satisfies Prisma.ScheduleOrderByWithRelationInput[];

/**
 * Compares by code point, the order of SQLite's BINARY collation and of PostgreSQL's "C" (and
 * C.UTF-8) collations; JavaScript's `<` compares UTF-16 units, which differs for characters
 * beyond U+FFFF.
 */
function compareCodePoints(a: string, b: string): number {
  const x = [...a];
  const y = [...b];
  for (let i = 0; i < Math.min(x.length, y.length); i++) {
    const d = x[i].codePointAt(0)! - y[i].codePointAt(0)!;
    if (d !== 0) return d;
  }
  return x.length - y.length;
}

/**
 * The list order of rows as the database stores them, in memory: their nameKey, then name, then
 * (across teams, where names may repeat) their team's id.
 */
export function compareListKeys(a: { nameKey: string; name: string; teamId: string }, b: { nameKey: string; name: string; teamId: string }): number {
  return compareCodePoints(a.nameKey, b.nameKey) || compareCodePoints(a.name, b.name) || (a.teamId < b.teamId ? -1 : a.teamId > b.teamId ? 1 : 0);
}

/** The list order for names in memory, the same as the database's. */
export function compareScheduleNames(a: string, b: string): number {
  return compareCodePoints(nameKey(a), nameKey(b)) || compareCodePoints(a, b);
}
