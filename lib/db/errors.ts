// Database errors that callers act on, the same on both providers (Prisma's error codes). The
// worker and the HTTP layer both use these; neither imports the other.

/** Whether `err` is a Prisma error with this code (P2002, P1001, ...). */
export function isPrismaCode(err: unknown, code: string): boolean {
  return typeof err === "object" && err !== null && (err as { code?: unknown }).code === code;
}

// The drivers' own codes for it, as the direct writer (lib/db/writer.ts) sees them: better-sqlite3's
// extended result codes, PostgreSQL's SQLSTATE.
const UNIQUE_DRIVER_CODES = new Set(["SQLITE_CONSTRAINT_UNIQUE", "SQLITE_CONSTRAINT_PRIMARYKEY", "23505"]);

/** A unique-constraint violation on either database, through Prisma (P2002) or the direct writer. */
export function isUniqueViolation(err: unknown): boolean {
  return isPrismaCode(err, "P2002") || (typeof err === "object" && err !== null && UNIQUE_DRIVER_CODES.has(String((err as { code?: unknown }).code)));
}

/**
 * A transaction that lost a race with a concurrent write (PostgreSQL's serialization failure under
 * REPEATABLE READ, 40001, or a deadlock, 40P01): nothing it did committed, and trying again later is safe.
 */
export function isWriteConflict(err: unknown): boolean {
  if (isPrismaCode(err, "P2034")) return true;
  return /\b(40001|40P01)\b|could not serialize access|deadlock detected/i.test(String((err as Error)?.message ?? err));
}

// Prisma's codes for a database that cannot be reached or is too busy right now.
const UNAVAILABLE_CODES = new Set(["P1001", "P1002", "P1003", "P1008", "P1017", "P2024"]);
// What Prisma's driver adapters report in a raw query's P2010 (meta.driverAdapterError.cause.kind).
const UNAVAILABLE_KINDS = new Set(["DatabaseNotReachable", "DatabaseDoesNotExist", "ConnectionClosed", "TooManyConnections", "SocketTimeout", "TlsConnectionError"]);
// What the drivers themselves throw to the direct reader and writer (lib/db/reader.ts, writer.ts): the network's errors,
// PostgreSQL's connection and shutdown classes (08, 57P0x) and too many connections (53300),
// SQLite's locked file (its busy timeout ran out).
const UNAVAILABLE_DRIVER_CODES = /^(ECONNREFUSED|ECONNRESET|ETIMEDOUT|EHOSTUNREACH|ENETUNREACH|ENOTFOUND|EAI_AGAIN|EPIPE|08\w{3}|57P0[1-3]|53300|SQLITE_BUSY\w*)$/;

/**
 * Whether `err` says the database cannot be reached or is too busy right now (an outage or
 * contention, not a bug), through Prisma's client, its raw queries, or the direct reader or writer.
 */
export function isDatabaseUnavailable(err: unknown): boolean {
  if (typeof err !== "object" || err === null) return false;
  const { code, meta, message } = err as { code?: unknown; meta?: { driverAdapterError?: { cause?: { kind?: unknown } } }; message?: unknown };
  if (code === "P2010") return UNAVAILABLE_KINDS.has(String(meta?.driverAdapterError?.cause?.kind));
  if (typeof code === "string" && (UNAVAILABLE_CODES.has(code) || UNAVAILABLE_DRIVER_CODES.test(code))) return true;
  // pg's own words when the server goes away mid-connection, which carry no code.
  return typeof message === "string" && /^Connection terminated/.test(message);
}
