// Database errors that callers act on, the same on both providers (Prisma's error codes). The
// worker and the HTTP layer both use these; neither imports the other.

/** Whether `err` is a Prisma error with this code (P2002, P1001, ...). */
export function isPrismaCode(err: unknown, code: string): boolean {
  return typeof err === "object" && err !== null && (err as { code?: unknown }).code === code;
}

/** A unique-constraint violation (Prisma P2002) on either database. */
export function isUniqueViolation(err: unknown): boolean {
  return isPrismaCode(err, "P2002");
}

/**
 * A transaction that lost a race with a concurrent write (PostgreSQL's serialization failure under
 * REPEATABLE READ, 40001, or a deadlock, 40P01): nothing it did committed, and trying again later is safe.
 */
export function isWriteConflict(err: unknown): boolean {
  if (isPrismaCode(err, "P2034")) return true;
  return /\b(40001|40P01)\b|could not serialize access|deadlock detected/i.test(String((err as Error)?.message ?? err));
}
