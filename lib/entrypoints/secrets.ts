// Secret values inside payloads (an Authorization header, an API key): stored sealed as
// `{ sealed, mask, secret: true }` (lib/secrets/seal.ts; rows from before that hold the plain
// `{ value, secret: true }` until the migration step seals them, lib/secrets/header-migration.ts),
// shown by the API only masked, and kept when a client sends the masked form back unchanged.
import type { JsonValue } from "./types";

export const MASK = "••••";

/** "••••" plus the last 4 characters, or just "••••" for a value shorter than 12 characters. */
export function maskSecret(value: string): string {
  return value.length < 12 ? MASK : MASK + value.slice(-4);
}

/** Whether a submitted value is a masked form (which no real header value can be: "•" is not Latin-1). */
export function isMasked(value: string): boolean {
  return value.startsWith(MASK);
}

const SECRET_NAMES = new Set(["authorization", "proxy-authorization", "cookie", "x-api-key"]);
const SECRET_PARTS = ["token", "secret", "key", "password", "passwd", "auth", "session", "credential", "signature"];

/** Whether a header's name says its value is a credential (case-insensitive). */
export function looksSecret(headerName: string): boolean {
  const name = headerName.toLowerCase();
  return SECRET_NAMES.has(name) || SECRET_PARTS.some((part) => name.includes(part));
}

export type SecretValue = { value: string; secret: true };

export function isSecretValue(v: unknown): v is SecretValue {
  return typeof v === "object" && v !== null && !Array.isArray(v) && (v as { secret?: unknown }).secret === true && typeof (v as { value?: unknown }).value === "string";
}

/** A secret stored sealed: `sealed` opens with the secrets key (workers only); `mask` is what the API shows. */
export type SealedSecret = { sealed: string; mask: string; secret: true };

export function isSealedSecret(v: unknown): v is SealedSecret {
  if (typeof v !== "object" || v === null || Array.isArray(v)) return false;
  const o = v as { sealed?: unknown; mask?: unknown; secret?: unknown };
  return o.secret === true && typeof o.sealed === "string" && typeof o.mask === "string";
}

/** A deep copy of any JSON with every `{ value, secret: true }` (and sealed secret) masked: the safe fallback for showing a payload. */
export function scrubSecrets(v: unknown): JsonValue {
  if (v === null || typeof v === "string" || typeof v === "boolean") return v;
  if (typeof v === "number") return Number.isFinite(v) ? v : null;
  if (Array.isArray(v)) return v.map(scrubSecrets);
  if (typeof v === "object") {
    if (isSecretValue(v)) return { value: maskSecret(v.value), secret: true };
    if (isSealedSecret(v)) return { value: v.mask, secret: true };
    const out: { [k: string]: JsonValue } = {};
    for (const [k, item] of Object.entries(v)) if (item !== undefined) out[k] = scrubSecrets(item);
    return out;
  }
  return null;
}
