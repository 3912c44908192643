// Long-lived API tokens: "alm_" + 32 random bytes. Only a SHA-256 of the token is stored; the
// token itself is returned once, at creation. A token never outlives the credential that created
// it, unless that credential is a browser session or a token that never expires (see tokenCreator).
import { createHash, randomBytes } from "node:crypto";
import { decodeJwt } from "jose";
import { readerOf, type Db } from "../db/client";
import { instant, type TogetherRead } from "../db/reader";
import { ApiError, notFound, validationError } from "../api/errors";
import type { MembershipRow } from "../teams/access";
import type { TeamRole } from "../teams/roles";
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

const publicFields = { id: true, name: true, prefix: true, teamId: true, role: true, lastUsedAt: true, expiresAt: true, createdAt: true } as const;

const DAY_MS = 86_400_000;
/** The furthest expiry a token may have, as expiresInDays allows. */
const MAX_LIFETIME_DAYS = 3650;

/**
 * How the caller of a token request authenticated, and when that credential expires. A session
 * (the web UI, where the user signed in with a password) may create any token; a Bearer credential
 * only one that expires no later than itself, so a stolen one-hour JWT cannot mint a permanent key.
 */
export type TokenCreator = { via: "session" } | { via: "access_token" | "api_token"; expiresAt: Date | null };

/**
 * The creator of a request that requireUser() has already authenticated as `via` (it verified the
 * credential, so here it is only read: the JWT's `exp`, the API token's row).
 */
export async function tokenCreator(db: Db, request: Request, via: "session" | "access_token" | "api_token"): Promise<TokenCreator> {
  if (via === "session") return { via };
  const credential = /^Bearer\s+(\S+)\s*$/i.exec(request.headers.get("authorization") ?? "")?.[1] ?? "";
  if (via === "api_token") {
    const row = await db.apiToken.findUnique({ where: { tokenHash: hashApiToken(credential) }, select: { expiresAt: true } });
    return { via, expiresAt: row?.expiresAt ?? null };
  }
  const exp = decodeJwt(credential).exp;
  // Our JWTs always carry exp (issueAccessToken); one without would be refused as if it expired now.
  return { via, expiresAt: new Date(typeof exp === "number" ? exp * 1000 : 0) };
}

const CREATOR_NAME = { access_token: "Bearer access token", api_token: "API token" } as const;

/** The requested expiry (null: never), refused (400) when in the past or too far ahead, or (403) when it outlives its creator. */
export function tokenExpiry(input: Pick<ApiTokenCreateInput, "expiresInDays" | "expiresAt">, creator: TokenCreator, now = new Date()): Date | null {
  let expiresAt: Date | null = null;
  if (input.expiresInDays !== undefined) expiresAt = new Date(now.getTime() + input.expiresInDays * DAY_MS);
  else if (input.expiresAt !== undefined) {
    expiresAt = new Date(input.expiresAt);
    if (expiresAt <= now) throw validationError({ expiresAt: "expiresAt must be in the future" });
    if (expiresAt.getTime() > now.getTime() + MAX_LIFETIME_DAYS * DAY_MS) throw validationError({ expiresAt: `expiresAt must be at most ${MAX_LIFETIME_DAYS} days ahead` });
  }
  if (creator.via === "session" || creator.expiresAt === null) return expiresAt;
  // Refused rather than shortened: a script that asked for a year should learn it got an hour now,
  // not when its token stops working.
  const limit = creator.expiresAt.toISOString();
  const name = CREATOR_NAME[creator.via];
  if (expiresAt === null) {
    throw new ApiError(
      "forbidden",
      `This ${name} expires at ${limit}, so a token it creates must expire too: give expiresAt no later than that. Only a signed-in browser session (or an API token that never expires) can create a token that never expires`,
    );
  }
  if (expiresAt > creator.expiresAt) {
    throw new ApiError(
      "forbidden",
      `A token may not outlive the ${name} that creates it: this one expires at ${limit}, the new token would expire at ${expiresAt.toISOString()}. Give expiresAt no later than ${limit}, or create the token signed in to the web UI`,
    );
  }
  return expiresAt;
}

/**
 * Creates a token for `userId`; `expiresAt` comes from tokenExpiry() (null: never expires). A
 * token bound to a team (the caller checked the creator may bind it: lib/teams/tokens.ts) acts
 * only there, with at most `role`. `db` may be a transaction's client (the audit row goes with it).
 */
export async function createApiToken(
  db: Pick<Db, "apiToken">,
  userId: string,
  input: Pick<ApiTokenCreateInput, "name"> & { teamId?: string; role?: TeamRole },
  expiresAt: Date | null = null,
) {
  const token = API_TOKEN_PREFIX + randomBytes(32).toString("base64url");
  const record = await db.apiToken.create({
    data: { userId, name: input.name, tokenHash: hashApiToken(token), prefix: token.slice(0, DISPLAY_PREFIX_LENGTH), expiresAt, teamId: input.teamId ?? null, role: input.role ?? null },
    select: publicFields,
  });
  return { ...record, token };
}

export function listApiTokens(db: Db, userId: string) {
  return db.apiToken.findMany({ where: { userId }, orderBy: { createdAt: "desc" }, select: publicFields });
}

/** An API token as it limits its user: where it may act (null: wherever its user may), with at most which role. */
export type TokenBinding = { id: string; teamId: string | null; role: TeamRole | null };

/** A token's owner and what the token allows, as requireUser needs them. */
export type TokenUser = { id: string; email: string; name: string | null; token: TokenBinding };

// Every request with an API token starts here: read through the driver when the client has a
// reader (Prisma's SQLite adapter prepares each statement anew on every query: about 1 ms of each
// request in a profile of bench:api). Instants: epoch ms from PostgreSQL, ISO text from SQLite.
const TOKEN_USER = {
  sqlite: `SELECT t."id", t."teamId", t."role", t."expiresAt", t."lastUsedAt", u."id" AS "userId", u."email", u."name"
    FROM "ApiToken" t JOIN "User" u ON u."id" = t."userId" WHERE t."tokenHash" = ?`,
  postgresql: `SELECT t."id", t."teamId", t."role"::text AS "role", (extract(epoch FROM t."expiresAt") * 1000)::float8 AS "expiresAt",
    (extract(epoch FROM t."lastUsedAt") * 1000)::float8 AS "lastUsedAt", u."id" AS "userId", u."email", u."name"
    FROM "ApiToken" t JOIN "User" u ON u."id" = t."userId" WHERE t."tokenHash" = $1`,
};

/** The token's owner's teams and roles, found by the token's hash: read together with TOKEN_USER. */
const TOKEN_OWNER_MEMBERSHIPS = {
  sqlite: `SELECT m."teamId", m."role" FROM "Membership" m JOIN "ApiToken" t ON t."userId" = m."userId" WHERE t."tokenHash" = ?`,
  postgresql: `SELECT m."teamId", m."role"::text AS "role" FROM "Membership" m JOIN "ApiToken" t ON t."userId" = m."userId" WHERE t."tokenHash" = $1`,
};

type TokenUserRow = { id: string; teamId: string | null; role: string | null; expiresAt: string | number | null; lastUsedAt: string | number | null; userId: string; email: string; name: string | null };

/** The owner of a valid, unexpired token, or null. */
export async function userForApiToken(db: Db, token: string, now = new Date()): Promise<TokenUser | null> {
  const reader = readerOf(db);
  if (!reader) {
    const row = await db.apiToken.findUnique({ where: { tokenHash: hashApiToken(token) }, include: { user: true } });
    return row && tokenUser(db, { ...row, expiresAt: row.expiresAt?.getTime() ?? null, lastUsedAt: row.lastUsedAt?.getTime() ?? null, userId: row.user.id, email: row.user.email, name: row.user.name }, now);
  }
  const [row] = await reader.all<TokenUserRow>(TOKEN_USER, [hashApiToken(token)]);
  return row ? tokenUser(db, row, now) : null;
}

/**
 * The same with the owner's memberships, read in the same round trip (reader.together): for
 * requests about team-owned rows, which need both. `alongside`: reads of the request's own, sent
 * with them (their rows come back in `planned`). Null memberships and rows: the client has no reader.
 */
export async function userForApiTokenWithMemberships(
  db: Db,
  token: string,
  now = new Date(),
  alongside: TogetherRead[] = [],
): Promise<{ user: TokenUser | null; memberships: MembershipRow[] | null; planned: unknown[][] | null }> {
  const reader = readerOf(db);
  if (!reader) return { user: await userForApiToken(db, token, now), memberships: null, planned: null };
  const hash = hashApiToken(token);
  const [rows, memberships, ...planned] = await reader.together([
    { query: TOKEN_USER, params: [hash] },
    { query: TOKEN_OWNER_MEMBERSHIPS, params: [hash] },
    ...alongside,
  ]);
  const row = (rows as TokenUserRow[])[0];
  return { user: row ? await tokenUser(db, row, now) : null, memberships: memberships as MembershipRow[], planned };
}

/** A token row as read: null when expired; notes its use at most once a minute. */
async function tokenUser(db: Db, row: TokenUserRow, now: Date): Promise<TokenUser | null> {
  const expiresAt = instant(row.expiresAt);
  if (expiresAt !== null && expiresAt <= now.getTime()) return null;
  const lastUsedAt = instant(row.lastUsedAt);
  if (lastUsedAt === null || now.getTime() - lastUsedAt > LAST_USED_RESOLUTION_MS) {
    await db.apiToken.update({ where: { id: row.id }, data: { lastUsedAt: now } });
  }
  return { id: row.userId, email: row.email, name: row.name, token: { id: row.id, teamId: row.teamId, role: row.role as TeamRole | null } };
}
