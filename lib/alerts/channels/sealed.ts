// Channel secrets at rest: a webhook's signing secret, a Slack URL, an ntfy token. The database
// holds them only sealed (AES-256-GCM, key derived from AUTH_SECRET), so a copy of the database
// file alone does not give them away. Changing AUTH_SECRET makes them unreadable: the channel's
// secret must then be entered again.
import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from "node:crypto";
import { authSecret } from "../../auth/secret";

const VERSION = "v1";
const HKDF_INFO = "almanac channel secrets v1";
const IV_BYTES = 12;
const TAG_BYTES = 16;

/** The secret could not be unsealed: AUTH_SECRET changed, or the stored value is damaged. */
export class UnsealError extends Error {
  constructor(detail: string) {
    super(`this channel's secret cannot be read (${detail}): most likely AUTH_SECRET changed since it was saved; enter the channel's URL, token or signing secret again`);
    this.name = "UnsealError";
  }
}

// One derived key per secret; a process has one AUTH_SECRET (tests use a few).
const keys = new Map<string, Buffer>();

function keyFor(secret: string): Buffer {
  let key = keys.get(secret);
  if (!key) {
    key = Buffer.from(hkdfSync("sha256", secret, Buffer.alloc(0), HKDF_INFO, 32));
    keys.set(secret, key);
  }
  return key;
}

/** `v1.<iv>.<ciphertext + tag>` (base64url), under a key derived from `secret` (default: AUTH_SECRET). */
export function seal(plain: string, secret: string = authSecret()): string {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv("aes-256-gcm", keyFor(secret), iv);
  const body = Buffer.concat([cipher.update(plain, "utf8"), cipher.final(), cipher.getAuthTag()]);
  return `${VERSION}.${iv.toString("base64url")}.${body.toString("base64url")}`;
}

/** The plain text of a `seal()` result; throws UnsealError when it was sealed under another key or is damaged. */
export function unseal(sealed: string, secret: string = authSecret()): string {
  const [version, iv64, body64, ...rest] = sealed.split(".");
  if (version !== VERSION || !iv64 || !body64 || rest.length) throw new UnsealError("not a sealed value");
  const iv = Buffer.from(iv64, "base64url");
  const body = Buffer.from(body64, "base64url");
  if (iv.length !== IV_BYTES || body.length < TAG_BYTES) throw new UnsealError("not a sealed value");
  const decipher = createDecipheriv("aes-256-gcm", keyFor(secret), iv);
  decipher.setAuthTag(body.subarray(body.length - TAG_BYTES));
  try {
    return Buffer.concat([decipher.update(body.subarray(0, body.length - TAG_BYTES)), decipher.final()]).toString("utf8");
  } catch {
    throw new UnsealError("it was sealed under another key");
  }
}

/** A new Standard Webhooks signing secret: `whsec_` + base64 of 32 random bytes. Shown once, stored sealed. */
export function newWebhookSecret(): string {
  return `whsec_${randomBytes(32).toString("base64")}`;
}
