// Rotating the secrets key (npm run secrets:rotate-key, scripts/secrets-rotate-key.ts): every team
// secret and every sealed http header is opened and sealed again under the new key, in one
// transaction; then the new key becomes current.
//
// With the key in DATA_DIR (no SECRETS_KEY), the steps are ordered so that a crash anywhere
// leaves every value readable and running the command again finishes the job:
//   1. the new key is written to secrets-key.next (kept if it is already there: an unfinished
//      rotation is resumed with its key); every process's ring opens values under it from now on;
//   2. one transaction re-seals every value under it;
//   3. the old key is copied to secrets-key.previous (still opens what a process sealed under the
//      old key in the meantime), and secrets-key.next is renamed over secrets-key (atomic).
// Processes that share DATA_DIR notice the new files at their next use of the ring (key.ts).
// With SECRETS_KEY set, the operator gives the new key and then sets it in every process.
import { readFileSync, renameSync, writeFileSync } from "node:fs";
import pg from "pg";
import { openSqlite } from "../db/migrate";
import type { DbTarget } from "../db/target";
import { PRIVATE_FILE_MODE } from "../private-files";
import { deriveKey, ensureKeyFile, keyFile, loadKeyRing, MIN_KEY_LENGTH, newKeyText, nextKeyFile, previousKeyFile, type KeyEnv, type KeyRing } from "./key";
import { reseal, SealError } from "./seal";
import { resealHeadersPostgres, resealHeadersSqlite, sealPlaintextHeadersPostgres, sealPlaintextHeadersSqlite } from "./sealed-headers";

export type ResealCounts = { secrets: number; headers: number };

type SecretRow = { id: string; teamId: string; name: string; value: string };

/** Seals each row's value again under the ring's current key; `update` writes a changed one. How many changed. */
async function resealRows(rows: SecretRow[], ring: KeyRing, update: (value: string, id: string) => unknown): Promise<number> {
  let changed = 0;
  for (const row of rows) {
    let value: string;
    try {
      value = reseal(row.value, ring);
    } catch (err) {
      if (err instanceof SealError) throw new Error(`the secret "${row.name}" of team ${row.teamId}: ${err.message}`);
      throw err;
    }
    if (value !== row.value) {
      await update(value, row.id);
      changed++;
    }
  }
  return changed;
}

/**
 * Seals every team secret and http secret header under `ring.current`, opening each with whichever
 * key of the ring sealed it; one transaction: all or nothing. Values already under the current key
 * are left as they are, so running it again after a crash redoes only what is left.
 */
export async function resealAll(target: DbTarget, ring: KeyRing): Promise<ResealCounts> {
  if (target.provider === "sqlite") {
    const conn = openSqlite(target.file);
    try {
      conn.exec("BEGIN IMMEDIATE");
      try {
        const rows = conn.prepare(`SELECT "id", "teamId", "name", "value" FROM "TeamSecret"`).all() as SecretRow[];
        const update = conn.prepare(`UPDATE "TeamSecret" SET "value" = ? WHERE "id" = ?`);
        const secrets = await resealRows(rows, ring, (value, id) => update.run(value, id));
        const headers = sealPlaintextHeadersSqlite(conn, () => ring) + resealHeadersSqlite(conn, ring);
        conn.exec("COMMIT");
        return { secrets, headers };
      } catch (err) {
        conn.exec("ROLLBACK");
        throw err;
      }
    } finally {
      conn.close();
    }
  }
  const client = new pg.Client({ connectionString: target.url });
  await client.connect();
  try {
    await client.query("BEGIN");
    try {
      const { rows } = await client.query<SecretRow>(`SELECT "id", "teamId", "name", "value" FROM "TeamSecret" FOR UPDATE`);
      const secrets = await resealRows(rows, ring, (value, id) => client.query(`UPDATE "TeamSecret" SET "value" = $1 WHERE "id" = $2`, [value, id]));
      const headers = (await sealPlaintextHeadersPostgres(client, () => ring)) + (await resealHeadersPostgres(client, ring));
      await client.query("COMMIT");
      return { secrets, headers };
    } catch (err) {
      await client.query("ROLLBACK");
      throw err;
    }
  } finally {
    await client.end();
  }
}

export type RotationResult = ResealCounts & { from: string; to: string; mode: "file" | "env"; instructions: string[] };

/**
 * Rotates the key of `e`. With SECRETS_KEY set, `newKey` (at least 32 characters) is required and
 * the operator must then set it in every process; otherwise the key file in DATA_DIR is replaced.
 */
export async function rotateSecretsKey(target: DbTarget, e: KeyEnv, newKey?: string): Promise<RotationResult> {
  const before = loadKeyRing(e);
  if (e.SECRETS_KEY) {
    if (!newKey) throw new Error(`SECRETS_KEY is set: give the new key with --new-key or SECRETS_NEW_KEY (at least ${MIN_KEY_LENGTH} characters; for example ${newKeyText()})`);
    const next = deriveKey(newKey, "the new key");
    if (next.id === before.current.id) throw new Error("the new key is the current SECRETS_KEY");
    const counts = await resealAll(target, { current: next, older: [before.current, ...before.older] });
    return {
      ...counts,
      from: before.current.id,
      to: next.id,
      mode: "env",
      instructions: [
        "Every value is now sealed under the new key. In the web app and every worker:",
        "  set SECRETS_KEY to the new key, and SECRETS_PREVIOUS_KEY to the old one (so that a value sealed by a process still running the old key stays readable);",
        "  restart them. Once every process runs the new key, SECRETS_PREVIOUS_KEY can go.",
      ],
    };
  }
  if (newKey) throw new Error("SECRETS_KEY is not set: the key is the file in DATA_DIR, and the rotation makes the new one itself (leave out --new-key)");
  const current = ensureKeyFile(keyFile(e));
  const nextText = ensureKeyFile(nextKeyFile(e)); // an unfinished rotation's key is reused
  const next = deriveKey(nextText, nextKeyFile(e));
  const counts = await resealAll(target, { current: next, older: [before.current, ...before.older].filter((k) => k.id !== next.id) });
  if (deriveKey(current, keyFile(e)).id !== next.id) writeFileSync(previousKeyFile(e), current, { mode: PRIVATE_FILE_MODE });
  renameSync(nextKeyFile(e), keyFile(e));
  return {
    ...counts,
    from: before.current.id,
    to: next.id,
    mode: "file",
    instructions: [
      `The new key is in ${keyFile(e)}; processes sharing this DATA_DIR use it from their next secret.`,
      `The old key is kept in ${previousKeyFile(e)}, to open what a process sealed under it meanwhile: delete it once every process has read the new key (or after the next rotation).`,
    ],
  };
}

/** The text of the key file, for tests and the operator (who may move it into SECRETS_KEY). */
export const readKeyText = (e: Pick<KeyEnv, "dataDir">) => readFileSync(keyFile(e), "utf8").trim();
