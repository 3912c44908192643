// One way in for every API handler: a session cookie (the web UI), a Bearer JWT from
// POST /api/v1/auth/token, or a Bearer API token. Anything else is a 401.
import { ApiError, unauthorized } from "../api/errors";
import { getDb } from "../db/client";
import type { TogetherRead } from "../db/reader";
import { env } from "../env";
import type { MembershipRow } from "../teams/access";
import { findPublicUser, type PublicUser } from "../users/accounts";
import { verifyAccessToken } from "./access-token";
import { isApiTokenShaped, userForApiToken, userForApiTokenWithMemberships, type TokenBinding } from "./api-tokens";
import { sessionUserId } from "./session-cookie";

export type { TokenBinding } from "./api-tokens";

/** The caller, how they authenticated, and with an API token, which one (the audit log names it; its team binds it). */
export type AuthUser = PublicUser & { via: "session" | "access_token" | "api_token"; token?: TokenBinding };

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

export async function requireUser(request: Request): Promise<AuthUser> {
  return (await authenticate(request, null)).user;
}

/**
 * requireUser, and with an API token also its owner's memberships and the rows of `alongside`, read
 * in the same round trip (null otherwise: the caller reads them). For requests about team-owned rows.
 */
export async function requireUserWithMemberships(request: Request, alongside: TogetherRead[] = []): Promise<Authenticated> {
  return authenticate(request, { alongside });
}

type Authenticated = { user: AuthUser; memberships: MembershipRow[] | null; planned: unknown[][] | null };

/** `forTeams`: also the memberships and the reads `alongside`, where they can come in the API token's round trip. */
async function authenticate(request: Request, forTeams: { alongside: TogetherRead[] } | null): Promise<Authenticated> {
  const db = await getDb();
  const authorization = request.headers.get("authorization");
  if (authorization) {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization);
    if (!match) throw unauthorized('The Authorization header must be "Bearer <token>"');
    const token = match[1];
    if (isApiTokenShaped(token)) {
      const { user, memberships, planned } = forTeams ? await userForApiTokenWithMemberships(db, token, undefined, forTeams.alongside) : { user: await userForApiToken(db, token), memberships: null, planned: null };
      if (!user) throw unauthorized("Invalid, revoked or expired API token");
      return { user: { ...user, via: "api_token" }, memberships, planned };
    }
    const userId = await verifyAccessToken(token);
    const user = userId ? await findPublicUser(db, userId) : null;
    if (!user) throw unauthorized("Invalid or expired access token");
    return { user: { ...user, via: "access_token" }, memberships: null, planned: null };
  }

  const userId = await sessionUserId(request);
  const user = userId ? await findPublicUser(db, userId) : null;
  if (!user) throw unauthorized();
  // Browsers attach cookies to requests other sites make; Bearer tokens they never send on their own.
  if (!SAFE_METHODS.has(request.method)) checkCookieWrite(request);
  return { user: { ...user, via: "session" }, memberships: null, planned: null };
}

/**
 * A write authenticated by the session cookie must show it comes from this site: the browser's
 * `Sec-Fetch-Site: same-origin`, or an `Origin` naming this site (browsers send one with every
 * POST, PUT, PATCH and DELETE). A body must be JSON, which a cross-site form cannot send.
 */
export function checkCookieWrite(request: Request): void {
  const site = request.headers.get("sec-fetch-site");
  if (site !== null && site !== "same-origin") {
    throw new ApiError("forbidden", `Cross-origin request refused: a write with a session cookie must come from this site (Sec-Fetch-Site: ${site})`);
  }
  if (site === null) {
    const origin = request.headers.get("origin");
    if (!origin) {
      throw new ApiError("forbidden", "Request refused: a write with a session cookie must carry an Origin header naming this site (API clients: use a Bearer token)");
    }
    if (!isOwnOrigin(request, origin)) {
      throw new ApiError("forbidden", "Cross-origin request refused: a write with a session cookie must come from this site (Origin does not match)");
    }
  }
  if (hasBody(request) && !isJson(request.headers.get("content-type"))) {
    throw new ApiError("unsupported_media_type", "A write with a session cookie must send its body as Content-Type: application/json");
  }
}

/** Whether `origin` is this site: the Host the request was sent to, or NEXTAUTH_URL's. */
function isOwnOrigin(request: Request, origin: string): boolean {
  let originHost: string;
  try {
    originHost = new URL(origin).host;
  } catch {
    return false; // "null" and other opaque origins
  }
  const allowed = new Set<string>();
  const host = request.headers.get("x-forwarded-host") ?? request.headers.get("host");
  if (host) allowed.add(host.split(",")[0].trim());
  const configured = env().NEXTAUTH_URL;
  if (configured) allowed.add(new URL(configured).host);
  return allowed.has(originHost);
}

function hasBody(request: Request): boolean {
  const length = request.headers.get("content-length");
  return request.headers.has("transfer-encoding") || (length !== null && length.trim() !== "0");
}

function isJson(contentType: string | null): boolean {
  const type = contentType?.split(";")[0].trim().toLowerCase();
  return type === "application/json" || (type?.startsWith("application/") === true && type.endsWith("+json"));
}
