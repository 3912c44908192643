// This site's origin, for links the API hands out (invitations): NEXTAUTH_URL when it is set
// (behind a reverse proxy, set it: the address users reach is the proxy's), else the Host the
// request was sent to (Next's own request.url names the address it listens on, such as
// localhost, not the one the user typed).
import { env } from "../env";

export function siteOrigin(request: Request): string {
  const configured = env().NEXTAUTH_URL;
  if (configured) return new URL(configured).origin;
  const url = new URL(request.url);
  const host = request.headers.get("host");
  return host ? `${url.protocol}//${host}` : url.origin;
}
