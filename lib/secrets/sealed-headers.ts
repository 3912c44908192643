// The http job's secret headers at rest. They are stored sealed, `{ sealed, mask, secret: true }`
// (lib/entrypoints/http.ts seals them when a schedule is saved). Rows saved before that hold the
// plain `{ value, secret: true }`: sealPlaintextHeaders*() is the data migration that seals them,
// run by lib/db/migrate.ts after the SQL migrations, inside the migration lock (SQLite's write
// lock, PostgreSQL's advisory lock), so two processes starting together do it once. It is
// idempotent: a sealed header is left as it is, so every start looks again, cheaply (a LIKE
// narrows the rows to those whose payload still has a "value" key).
// resealHeaders*() re-seals every sealed header under the current key (npm run secrets:rotate-key).
import type Database from "better-sqlite3";
import type pg from "pg";
import { isSealedSecret, isSecretValue, looksSecret, maskSecret, type SealedSecret } from "../entrypoints/secrets";
import type { JsonValue } from "../entrypoints/types";
import type { KeyRing } from "./key";
import { secretRefs } from "./references";
import { reseal, seal } from "./seal";

/** A secret header's value as stored: sealed under the ring's current key, with its mask beside it. */
export function sealHeader(value: string, ring?: KeyRing): SealedSecret {
  return { sealed: seal(value, ring), mask: maskSecret(value), secret: true };
}

type Payload = { headers?: Record<string, unknown> } & Record<string, unknown>;
const headersOf = (payload: unknown) =>
  payload !== null && typeof payload === "object" && !Array.isArray(payload) && typeof (payload as Payload).headers === "object" && (payload as Payload).headers !== null
    ? ((payload as Payload).headers as Record<string, unknown>)
    : null;

/**
 * `payload` (an http schedule's) with each plain secret header sealed: `{ value, secret: true }`,
 * or a plain string under a credential-like name (Authorization, X-Api-Key...) that uses no
 * `{{secrets.NAME}}`; null when there is none.
 */
export function sealPlaintextHeaders(payload: unknown, ring?: KeyRing): JsonValue | null {
  const headers = headersOf(payload);
  if (!headers) return null;
  let changed = false;
  const out: Record<string, unknown> = {};
  for (const [name, h] of Object.entries(headers)) {
    const plain = isSecretValue(h) ? h.value : typeof h === "string" && looksSecret(name) && secretRefs(h).length === 0 ? h : null;
    out[name] = plain === null ? h : sealHeader(plain, ring);
    changed ||= plain !== null;
  }
  return changed ? ({ ...(payload as Payload), headers: out } as JsonValue) : null;
}

/** `payload` with every sealed header sealed again under the ring's current key; null when none needed it. */
export function resealHeaders(payload: unknown, ring: KeyRing): JsonValue | null {
  const headers = headersOf(payload);
  if (!headers) return null;
  let changed = false;
  const out: Record<string, unknown> = {};
  for (const [name, h] of Object.entries(headers)) {
    if (!isSealedSecret(h)) {
      out[name] = h;
      continue;
    }
    const sealed = reseal(h.sealed, ring);
    out[name] = { ...h, sealed };
    changed ||= sealed !== h.sealed;
  }
  return changed ? ({ ...(payload as Payload), headers: out } as JsonValue) : null;
}

// The rows that may hold a plain secret header: http schedules whose payload has a "value" key.
const PLAINTEXT = {
  sqlite: `SELECT "id", "payload" FROM "Schedule" WHERE "entrypoint" = 'http' AND "payload" LIKE '%"value"%'`,
  postgresql: `SELECT "id", "payload" FROM "Schedule" WHERE "entrypoint" = 'http' AND "payload"::text LIKE '%"value"%' FOR UPDATE`,
};
// The rows that may hold a sealed header.
const SEALED = {
  sqlite: `SELECT "id", "payload" FROM "Schedule" WHERE "entrypoint" = 'http' AND "payload" LIKE '%"sealed"%'`,
  postgresql: `SELECT "id", "payload" FROM "Schedule" WHERE "entrypoint" = 'http' AND "payload"::text LIKE '%"sealed"%' FOR UPDATE`,
};

type Rewrite = (payload: unknown) => JsonValue | null;

/** Rewrites matching payloads on SQLite; the caller holds the write transaction. Returns how many rows changed. */
function rewriteSqlite(conn: Database.Database, select: string, rewrite: Rewrite): number {
  const rows = conn.prepare(select).all() as { id: string; payload: string }[];
  const update = conn.prepare(`UPDATE "Schedule" SET "payload" = ? WHERE "id" = ?`);
  let changed = 0;
  for (const row of rows) {
    const next = rewrite(JSON.parse(row.payload));
    if (next === null) continue;
    update.run(JSON.stringify(next), row.id);
    changed++;
  }
  return changed;
}

/** Rewrites matching payloads on PostgreSQL; the caller holds the transaction (rows are locked FOR UPDATE). */
async function rewritePostgres(client: pg.ClientBase, select: string, rewrite: Rewrite): Promise<number> {
  const { rows } = await client.query<{ id: string; payload: unknown }>(select);
  let changed = 0;
  for (const row of rows) {
    const next = rewrite(row.payload);
    if (next === null) continue;
    await client.query(`UPDATE "Schedule" SET "payload" = $1::jsonb WHERE "id" = $2`, [JSON.stringify(next), row.id]);
    changed++;
  }
  return changed;
}

// The key ring is read only when a row needs it: a database with no secret headers never makes a key.
export const sealPlaintextHeadersSqlite = (conn: Database.Database, ring?: () => KeyRing) => rewriteSqlite(conn, PLAINTEXT.sqlite, (p) => sealPlaintextHeaders(p, ring?.()));
export const sealPlaintextHeadersPostgres = (client: pg.ClientBase, ring?: () => KeyRing) => rewritePostgres(client, PLAINTEXT.postgresql, (p) => sealPlaintextHeaders(p, ring?.()));
export const resealHeadersSqlite = (conn: Database.Database, ring: KeyRing) => rewriteSqlite(conn, SEALED.sqlite, (p) => resealHeaders(p, ring));
export const resealHeadersPostgres = (client: pg.ClientBase, ring: KeyRing) => rewritePostgres(client, SEALED.postgresql, (p) => resealHeaders(p, ring));
