// This site's origin, for links and examples the app hands out (invitation links, the overview's
// curl examples): NEXTAUTH_URL when it is set (behind a reverse proxy, set it: the address users
// reach is the proxy's), else the host the request was sent to, as a proxy forwards it or as the
// Host header names it (Next's own request.url names the address it listens on, such as
// localhost, not the one the user typed).
import { env } from "../env";

export function publicOrigin(headers: Headers, protocol = "http"): string | null {
  const configured = env().NEXTAUTH_URL;
  if (configured) return new URL(configured).origin;
  const host = (headers.get("x-forwarded-host") ?? headers.get("host"))?.split(",")[0].trim();
  const proto = headers.get("x-forwarded-proto")?.split(",")[0].trim() ?? protocol;
  return host ? `${proto}://${host}` : null;
}

/** The origin for a link made while answering `request`. */
export function siteOrigin(request: Request): string {
  const url = new URL(request.url);
  return publicOrigin(request.headers, url.protocol.replace(":", "")) ?? url.origin;
}
