// Long-lived API tokens: "alm_" + 32 random bytes. Only a SHA-256 of the token is stored; the
// token itself is returned once, at creation.
import { createHash, randomBytes } from "node:crypto";
import type { Db } from "../db/client";
import { notFound } from "../api/errors";
import type { ApiTokenCreateInput } from "../validation/auth";

export const API_TOKEN_PREFIX = "alm_";
const DISPLAY_PREFIX_LENGTH = 12;
// Writing lastUsedAt on every request would turn each read into a write; once a minute is enough.
const LAST_USED_RESOLUTION_MS = 60_000;

export function hashApiToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

export function isApiTokenShaped(token: string): boolean {
  return token.startsWith(API_TOKEN_PREFIX);
}

const publicFields = { id: true, name: true, prefix: true, lastUsedAt: true, expiresAt: true, createdAt: true } as const;

export async function createApiToken(db: Db, userId: string, input: ApiTokenCreateInput) {
  const token = API_TOKEN_PREFIX + randomBytes(32).toString("base64url");
  const expiresAt = input.expiresInDays ? new Date(Date.now() + input.expiresInDays * 86_400_000) : null;
  const record = await db.apiToken.create({
    data: { userId, name: input.name, tokenHash: hashApiToken(token), prefix: token.slice(0, DISPLAY_PREFIX_LENGTH), expiresAt },
    select: publicFields,
  });
  return { ...record, token };
}

export function listApiTokens(db: Db, userId: string) {
  return db.apiToken.findMany({ where: { userId }, orderBy: { createdAt: "desc" }, select: publicFields });
}

export async function revokeApiToken(db: Db, userId: string, id: string): Promise<void> {
  const { count } = await db.apiToken.deleteMany({ where: { id, userId } });
  if (count === 0) throw notFound("No such API token");
}

/** The owner of a valid, unexpired token, or null. */
export async function userForApiToken(db: Db, token: string, now = new Date()) {
  const row = await db.apiToken.findUnique({ where: { tokenHash: hashApiToken(token) }, include: { user: true } });
  if (!row || (row.expiresAt && row.expiresAt <= now)) return null;
  if (!row.lastUsedAt || now.getTime() - row.lastUsedAt.getTime() > LAST_USED_RESOLUTION_MS) {
    await db.apiToken.update({ where: { id: row.id }, data: { lastUsedAt: now } });
  }
  return row.user;
}
