// The key ring of team secrets and sealed job-payload secrets (lib/secrets/seal.ts): the current
// key, which seals, and the keys that may still open older values.
//
// Where the current key comes from:
// - SECRETS_KEY when set: any string of at least 32 characters (a passphrase works too; the AES
//   key is derived from it with HKDF-SHA256, so its length and alphabet do not matter).
// - Otherwise the file DATA_DIR/secrets-key, generated on first use like the auth secret. Its text
//   goes through the same derivation, so setting SECRETS_KEY to the file's contents gives the same
//   key (how to move from the file to a variable).
// Keys that only open (never seal):
// - SECRETS_PREVIOUS_KEY: the old SECRETS_KEY, while a rotation is rolled out to every process.
// - DATA_DIR/secrets-key.previous: the old file key, left by `npm run secrets:rotate-key`.
// - DATA_DIR/secrets-key.next: the new file key a rotation writes before it re-seals; if it
//   crashed between its commit and renaming the file, the rows are readable all the same, and
//   running the rotation again finishes it (scripts/secrets-rotate-key.ts).
// The ring is read again when one of the files changes (a stat per use), so a web app and workers
// that share DATA_DIR follow a rotation without a restart. Every sealed value names its key's id
// (the first 8 hex characters of the SHA-256 of the derived key), so a value sealed under a key
// this process lacks fails with a message that says so rather than "bad decrypt".
import { createHash, hkdfSync, randomBytes } from "node:crypto";
import { linkSync, readFileSync, statSync, unlinkSync, writeFileSync } from "node:fs";
import path from "node:path";
import { env, type Env } from "../env";
import { ensurePrivateDir, PRIVATE_FILE_MODE } from "../private-files";

const HKDF_INFO = "almanac team secrets v1";
/** The shortest key text accepted, from a variable or a file. */
export const MIN_KEY_LENGTH = 32;

export type SecretsKey = { id: string; key: Buffer; source: string };
export type KeyRing = { current: SecretsKey; /** Keys that open but never seal. */ older: SecretsKey[] };

export type KeyEnv = Pick<Env, "SECRETS_KEY" | "SECRETS_PREVIOUS_KEY" | "dataDir">;

export const keyFile = (e: Pick<Env, "dataDir">) => path.join(e.dataDir, "secrets-key");
export const previousKeyFile = (e: Pick<Env, "dataDir">) => path.join(e.dataDir, "secrets-key.previous");
export const nextKeyFile = (e: Pick<Env, "dataDir">) => path.join(e.dataDir, "secrets-key.next");

/** The 32-byte AES key of a key text, and its id. */
export function deriveKey(text: string, source: string): SecretsKey {
  if (text.length < MIN_KEY_LENGTH) throw new Error(`${source} is shorter than ${MIN_KEY_LENGTH} characters`);
  const key = Buffer.from(hkdfSync("sha256", text, Buffer.alloc(0), HKDF_INFO, 32));
  return { id: createHash("sha256").update(key).digest("hex").slice(0, 8), key, source };
}

/** A new random key text (32 random bytes, base64url). */
export const newKeyText = () => randomBytes(32).toString("base64url");

function readKeyFile(file: string): string | null {
  try {
    return readFileSync(file, "utf8").trim();
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ENOENT") return null;
    throw err;
  }
}

/**
 * Creates `file` with a new key unless it exists; returns its text. The key is written whole to a
 * file of this process's own ("wx", 0600) and then linked into place, which fails if the file
 * exists: two processes starting together keep one key, and neither can read a half-written file.
 */
export function ensureKeyFile(file: string): string {
  ensurePrivateDir(path.dirname(file));
  if (readKeyFile(file) === null) {
    const own = `${file}.${process.pid}.${randomBytes(4).toString("hex")}.tmp`;
    writeFileSync(own, newKeyText(), { flag: "wx", mode: PRIVATE_FILE_MODE });
    try {
      linkSync(own, file);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === "EEXIST") {
        // another process made it first: theirs is the key
      } else if (code === "EPERM" || code === "ENOTSUP" || code === "ENOSYS" || code === "EOPNOTSUPP") {
        writeKeyDirectly(file); // a file system without hard links
      } else throw err;
    } finally {
      unlinkSync(own);
    }
  }
  return readKeyFile(file) ?? "";
}

function writeKeyDirectly(file: string): void {
  try {
    writeFileSync(file, newKeyText(), { flag: "wx", mode: PRIVATE_FILE_MODE }); // "wx" fails if the file exists
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== "EEXIST") throw err;
  }
}

/** The ring for `e`; without SECRETS_KEY, the key file is created on first use. */
export function loadKeyRing(e: KeyEnv): KeyRing {
  const current = e.SECRETS_KEY ? deriveKey(e.SECRETS_KEY, "SECRETS_KEY") : deriveKey(ensureKeyFile(keyFile(e)), keyFile(e));
  const older: SecretsKey[] = [];
  const add = (text: string | null | undefined, source: string) => {
    if (!text) return;
    const k = deriveKey(text, source);
    if (k.id !== current.id && !older.some((o) => o.id === k.id)) older.push(k);
  };
  add(e.SECRETS_PREVIOUS_KEY, "SECRETS_PREVIOUS_KEY");
  if (!e.SECRETS_KEY) {
    add(readKeyFile(nextKeyFile(e)), nextKeyFile(e));
    add(readKeyFile(previousKeyFile(e)), previousKeyFile(e));
  }
  return { current, older };
}

/** The key of `id` in `ring`, if it has it. */
export function keyById(ring: KeyRing, id: string): SecretsKey | undefined {
  return ring.current.id === id ? ring.current : ring.older.find((k) => k.id === id);
}

// The process's ring, read again when a key file changes (a rotation by another process).
let cached: { stamp: string; ring: KeyRing } | undefined;

function stampOf(e: KeyEnv): string {
  if (e.SECRETS_KEY) return "env";
  return [keyFile(e), nextKeyFile(e), previousKeyFile(e)]
    .map((f) => {
      try {
        const s = statSync(f);
        return `${s.mtimeMs}:${s.size}:${s.ino}`;
      } catch {
        return "-";
      }
    })
    .join("|");
}

/** The process's key ring (SECRETS_KEY, or the files in DATA_DIR). */
export function secretsKeyRing(e: KeyEnv = env()): KeyRing {
  const stamp = `${e.dataDir}|${e.SECRETS_KEY ?? ""}|${e.SECRETS_PREVIOUS_KEY ?? ""}|${stampOf(e)}`;
  if (cached?.stamp !== stamp) {
    const ring = loadKeyRing(e);
    // Read the stamp again: the file did not exist before loadKeyRing created it.
    cached = { stamp: `${e.dataDir}|${e.SECRETS_KEY ?? ""}|${e.SECRETS_PREVIOUS_KEY ?? ""}|${stampOf(e)}`, ring };
  }
  return cached.ring;
}
