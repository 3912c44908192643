// The signing secret for sessions and access tokens: AUTH_SECRET (or NEXTAUTH_SECRET) when set;
// otherwise one generated on first start and kept in DATA_DIR, so `npm start` needs no setup and
// sessions survive restarts. The web app and the worker read the same file.
import { randomBytes } from "node:crypto";
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { env, type Env } from "../env";
import { ensurePrivateDir, PRIVATE_FILE_MODE } from "../private-files";

export function secretFile(e: Pick<Env, "dataDir">): string {
  return path.join(e.dataDir, "auth-secret");
}

/** Reads the secret, creating the file once if no variable sets it. */
export function ensureAuthSecret(e: Pick<Env, "AUTH_SECRET" | "NEXTAUTH_SECRET" | "dataDir"> = env()): string {
  const fromEnv = e.AUTH_SECRET ?? e.NEXTAUTH_SECRET;
  if (fromEnv) return fromEnv;
  const file = secretFile(e);
  ensurePrivateDir(path.dirname(file));
  try {
    // "wx" fails if the file exists, so two processes starting together keep one secret.
    writeFileSync(file, randomBytes(48).toString("base64url"), { flag: "wx", mode: PRIVATE_FILE_MODE });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== "EEXIST") throw err;
  }
  const secret = readFileSync(file, "utf8").trim();
  if (secret.length < 32) throw new Error(`${file} holds a secret shorter than 32 characters; delete it to make a new one`);
  return secret;
}

let cached: string | undefined;
export function authSecret(): string {
  cached ??= ensureAuthSecret();
  return cached;
}
