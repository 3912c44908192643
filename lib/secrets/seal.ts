// Sealing a secret for the database: AES-256-GCM under the secrets key ring (key.ts), a random
// 12-byte IV per value, as text `s1.<key id>.<iv>.<ciphertext + tag>` (base64url). The key id in
// the text lets a process without that key say which key it lacks.
import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";
import { keyById, secretsKeyRing, type KeyRing } from "./key";

const VERSION = "s1";
const IV_BYTES = 12;
const TAG_BYTES = 16;
const SEALED = /^s1\.[0-9a-f]{8}\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/;

/** A sealed value could not be opened; the message says why and what to do. */
export class SealError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "SealError";
  }
}

/** Whether `text` has the form of a sealed value (not whether it opens). */
export function isSealed(text: unknown): text is string {
  return typeof text === "string" && SEALED.test(text);
}

/** The id of the key `sealed` was sealed under, or null if it is not a sealed value. */
export function sealedKeyId(sealed: string): string | null {
  return isSealed(sealed) ? sealed.split(".")[1] : null;
}

/** `plain` sealed under the ring's current key. */
export function seal(plain: string, ring: KeyRing = secretsKeyRing()): string {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv("aes-256-gcm", ring.current.key, iv);
  const body = Buffer.concat([cipher.update(plain, "utf8"), cipher.final(), cipher.getAuthTag()]);
  return `${VERSION}.${ring.current.id}.${iv.toString("base64url")}.${body.toString("base64url")}`;
}

/** The plain text of a `seal()` result, opened with whichever key of the ring sealed it; throws SealError. */
export function open(sealed: string, ring: KeyRing = secretsKeyRing()): string {
  if (!isSealed(sealed)) throw new SealError("the stored value is not a sealed secret (damaged, or written by hand)");
  const [, id, iv64, body64] = sealed.split(".");
  const key = keyById(ring, id);
  if (!key) {
    const others = ring.older.length ? ` (and can still open ${ring.older.map((k) => k.id).join(", ")})` : "";
    throw new SealError(
      `sealed under key ${id}, this process has key ${ring.current.id}${others}: SECRETS_KEY differs between the web app and this worker, or the key was rotated; ` +
        "give every process the same SECRETS_KEY (or the same DATA_DIR/secrets-key file), with the old one as SECRETS_PREVIOUS_KEY while a rotation is rolled out",
    );
  }
  const iv = Buffer.from(iv64, "base64url");
  const body = Buffer.from(body64, "base64url");
  if (iv.length !== IV_BYTES || body.length < TAG_BYTES) throw new SealError("the stored value is not a sealed secret (damaged)");
  const decipher = createDecipheriv("aes-256-gcm", key.key, iv);
  decipher.setAuthTag(body.subarray(body.length - TAG_BYTES));
  try {
    return Buffer.concat([decipher.update(body.subarray(0, body.length - TAG_BYTES)), decipher.final()]).toString("utf8");
  } catch {
    throw new SealError(`the stored value does not open under key ${id}, the key it names: it is damaged`);
  }
}

/** `sealed` opened and sealed again under the ring's current key (a rotation); one already under it is returned as is. */
export function reseal(sealed: string, ring: KeyRing = secretsKeyRing()): string {
  const plain = open(sealed, ring);
  return sealedKeyId(sealed) === ring.current.id ? sealed : seal(plain, ring);
}
