// Reads next-auth's session cookie from a plain Request (route handlers get a Web Request, not
// the Node request next-auth's own helpers expect), or from a page's request headers: the API and
// the pages decide who is signed in the same way. Large sessions are split into ".0", ".1", ...
import { decode } from "next-auth/jwt";
import { env } from "../env";
import { authSecret } from "./secret";

const SECURE_NAME = "__Secure-next-auth.session-token";
const PLAIN_NAME = "next-auth.session-token";

function parseCookies(header: string | null): Map<string, string> {
  const out = new Map<string, string>();
  for (const part of (header ?? "").split(";")) {
    const eq = part.indexOf("=");
    if (eq <= 0) continue;
    const raw = part.slice(eq + 1).trim();
    let value = raw;
    try {
      value = decodeURIComponent(raw);
    } catch {
      // a malformed %-escape: keep the raw text, which will then simply fail to decrypt
    }
    out.set(part.slice(0, eq).trim(), value);
  }
  return out;
}

/** What the cookie is read from: a Request, or a page's headers with its URL. */
type RequestLike = Pick<Request, "headers" | "url">;

/**
 * The one cookie name next-auth sets here, decided the way next-auth decides it: NEXTAUTH_URL's
 * scheme when it is set, else the request's (X-Forwarded-Proto, which Next.js fills in). Over
 * HTTPS only the `__Secure-` name counts: a plain-named cookie can be planted over HTTP or by a
 * sibling subdomain, a `__Secure-` one only over HTTPS by this site.
 */
export function sessionCookieName(request: RequestLike): string {
  const configured = env().NEXTAUTH_URL;
  if (configured) return configured.startsWith("https:") ? SECURE_NAME : PLAIN_NAME;
  const proto = request.headers.get("x-forwarded-proto")?.split(",")[0].trim();
  const secure = proto ? proto !== "http" : new URL(request.url).protocol === "https:";
  return secure ? SECURE_NAME : PLAIN_NAME;
}

export function hasSessionCookie(request: RequestLike): boolean {
  const name = sessionCookieName(request);
  return [...parseCookies(request.headers.get("cookie")).keys()].some((k) => k === name || k.startsWith(`${name}.`));
}

/** The user id in a valid session cookie, or null (a missing, malformed or forged cookie alike). */
export async function sessionUserId(request: RequestLike): Promise<string | null> {
  const name = sessionCookieName(request);
  const cookies = parseCookies(request.headers.get("cookie"));
  let token = cookies.get(name);
  if (!token) {
    const chunks = [...cookies.entries()]
      .filter(([k]) => k.startsWith(`${name}.`))
      .sort(([a], [b]) => Number(a.slice(name.length + 1)) - Number(b.slice(name.length + 1)));
    token = chunks.map(([, v]) => v).join("") || undefined;
  }
  if (!token) return null;
  try {
    const payload = await decode({ token, secret: authSecret() });
    if (payload && typeof payload.sub === "string") return payload.sub;
  } catch {
    // a cookie we cannot decrypt (old secret, tampering, truncation) is no session
  }
  return null;
}
