// One way in for every API handler: a session cookie (the web UI), a Bearer JWT from
// POST /api/v1/auth/token, or a Bearer API token. Anything else is a 401.
import { ApiError, unauthorized } from "../api/errors";
import { getDb } from "../db/client";
import { env } from "../env";
import { toPublicUser, type PublicUser } from "../users/accounts";
import { verifyAccessToken } from "./access-token";
import { isApiTokenShaped, userForApiToken } from "./api-tokens";
import { sessionUserId } from "./session-cookie";

export type AuthUser = PublicUser & { via: "session" | "access_token" | "api_token" };

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

export async function requireUser(request: Request): Promise<AuthUser> {
  const db = await getDb();
  const authorization = request.headers.get("authorization");
  if (authorization) {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization);
    if (!match) throw unauthorized('The Authorization header must be "Bearer <token>"');
    const token = match[1];
    if (isApiTokenShaped(token)) {
      const user = await userForApiToken(db, token);
      if (!user) throw unauthorized("Invalid, revoked or expired API token");
      return { ...toPublicUser(user), via: "api_token" };
    }
    const userId = await verifyAccessToken(token);
    const user = userId ? await db.user.findUnique({ where: { id: userId } }) : null;
    if (!user) throw unauthorized("Invalid or expired access token");
    return { ...toPublicUser(user), via: "access_token" };
  }

  const userId = await sessionUserId(request);
  const user = userId ? await db.user.findUnique({ where: { id: userId } }) : null;
  if (!user) throw unauthorized();
  // Browsers attach cookies to cross-site requests; Bearer tokens they never send on their own.
  if (!SAFE_METHODS.has(request.method) && isCrossOrigin(request)) {
    throw new ApiError("forbidden", "Cross-origin request refused: state-changing requests with a session cookie must come from this site");
  }
  return { ...toPublicUser(user), via: "session" };
}

/** Whether the browser says this request comes from another origin than the one it was sent to. */
export function isCrossOrigin(request: Request): boolean {
  if (request.headers.get("sec-fetch-site") === "cross-site") return true;
  const origin = request.headers.get("origin");
  if (!origin) return false; // not sent by a browser, or a same-origin GET-like navigation
  let originHost: string;
  try {
    originHost = new URL(origin).host;
  } catch {
    return true; // "null" and other opaque origins
  }
  const allowed = new Set<string>();
  const host = request.headers.get("x-forwarded-host") ?? request.headers.get("host");
  if (host) allowed.add(host.split(",")[0].trim());
  const configured = env().NEXTAUTH_URL;
  if (configured) allowed.add(new URL(configured).host);
  return !allowed.has(originHost);
}
