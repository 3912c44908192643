// Reads next-auth's session cookie from a plain Request (route handlers get a Web Request, not
// the Node request next-auth's own helpers expect). Large sessions are split into ".0", ".1", ...
import { decode } from "next-auth/jwt";
import { authSecret } from "./secret";

const COOKIE_NAMES = ["__Secure-next-auth.session-token", "next-auth.session-token"];

function parseCookies(header: string | null): Map<string, string> {
  const out = new Map<string, string>();
  for (const part of (header ?? "").split(";")) {
    const eq = part.indexOf("=");
    if (eq > 0) out.set(part.slice(0, eq).trim(), decodeURIComponent(part.slice(eq + 1).trim()));
  }
  return out;
}

export function hasSessionCookie(request: Request): boolean {
  const cookies = parseCookies(request.headers.get("cookie"));
  return [...cookies.keys()].some((k) => COOKIE_NAMES.some((n) => k === n || k.startsWith(`${n}.`)));
}

/** The user id in a valid session cookie, or null. */
export async function sessionUserId(request: Request): Promise<string | null> {
  const cookies = parseCookies(request.headers.get("cookie"));
  for (const name of COOKIE_NAMES) {
    let token = cookies.get(name);
    if (!token) {
      const chunks = [...cookies.entries()]
        .filter(([k]) => k.startsWith(`${name}.`))
        .sort(([a], [b]) => Number(a.slice(name.length + 1)) - Number(b.slice(name.length + 1)));
      token = chunks.map(([, v]) => v).join("") || undefined;
    }
    if (!token) continue;
    try {
      const payload = await decode({ token, secret: authSecret() });
      if (payload && typeof payload.sub === "string") return payload.sub;
    } catch {
      // a cookie we cannot decrypt (old secret, tampering) is no session
    }
  }
  return null;
}
