// Opening a team secret for a run: the worker's RunContext.secret (lib/scheduler/execution.ts).
// Only workers call this; the web app never opens a team secret.
import type { Db } from "../db/client";
import { EntrypointError } from "../entrypoints/types";
import type { SecretReader } from "../scheduler/execution";
import { secretsKeyRing, type KeyRing } from "./key";
import { open, SealError, sealedKeyId } from "./seal";

/**
 * A reader of the secrets of `db`: the value of a team's secret, opened now. Rejects with
 * EntrypointError when the team has no such secret, or when it cannot be opened (the message says
 * which key sealed it and which this process has). `ring` is for tests; default: the process's.
 */
export function createSecretReader(db: Db, ring?: () => KeyRing): SecretReader {
  return async (teamId, name) => {
    const row = await db.teamSecret.findUnique({ where: { teamId_name: { teamId, name } }, select: { value: true } });
    if (!row) throw new EntrypointError(`this team has no secret "${name}"`);
    try {
      return open(row.value, ring?.());
    } catch (err) {
      if (err instanceof SealError) throw new EntrypointError(`the secret "${name}" cannot be opened: ${err.message}`);
      throw err;
    }
  };
}

/**
 * For a worker's start: why this process cannot open some team secret (one sealed under a key
 * its ring lacks), or null. One query: a row whose key id is none of the ring's. Said once at
 * start, rather than only in the failing runs.
 */
export async function secretsKeyProblem(db: Db, ring: KeyRing = secretsKeyRing()): Promise<string | null> {
  const ids = [ring.current.id, ...ring.older.map((k) => k.id)];
  const row = await db.teamSecret.findFirst({ where: { AND: ids.map((id) => ({ NOT: { value: { startsWith: `s1.${id}.` } } })) }, select: { name: true, value: true } });
  if (!row) return null;
  try {
    open(row.value, ring);
    return null;
  } catch (err) {
    if (!(err instanceof SealError)) throw err;
    return `the team secret "${row.name}" (key ${sealedKeyId(row.value) ?? "none"}) cannot be opened: ${err.message}`;
  }
}
