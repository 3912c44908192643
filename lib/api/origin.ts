// This site's origin, for links the API hands out (invitations): NEXTAUTH_URL when it is set
// (behind a proxy the request's own URL may be an internal one), else the request's.
import { env } from "../env";

export function siteOrigin(request: Request): string {
  const configured = env().NEXTAUTH_URL;
  return configured ? new URL(configured).origin : new URL(request.url).origin;
}
