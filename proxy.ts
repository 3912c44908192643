// Passes the requested path to server components (they cannot read the URL themselves), so a
// signed-out visitor to a deep link is sent back there after signing in. Authorization itself
// stays in the pages and handlers.
import { NextResponse, type NextRequest } from "next/server";
import { refuseLargeBody } from "./lib/api/body";
import { exposePeerAddress } from "./lib/api/peer-address";
import { PAGE_PATH_HEADER } from "./lib/auth/page-path";


export async function proxy(request: NextRequest) {
  // Next copies a body for this function and hands the route the copy, cut short silently past
  // PROXY_BODY_COPY_BYTES: a body over the limit is refused here, before anything reads it.
  const tooLarge = await refuseLargeBody(request);
  if (tooLarge) return tooLarge;
  const headers = new Headers(request.headers);
  headers.set(PAGE_PATH_HEADER, request.nextUrl.pathname + request.nextUrl.search);
  // Per-address limits need the connection's address: Next writes it into X-Forwarded-For only
  // when the request brings none (lib/api/client-address.ts), so the one that came is moved aside.
  exposePeerAddress(headers);
  return NextResponse.next({ request: { headers } });
}

// Pages (not heartbeat pings: a ping's body may be any size, and only its first 10 KiB are read,
// lib/heartbeats/ping.ts), and the endpoints whose limits are per address (sign-in, registration, tokens) when a
// request declares a body of at most 5 digits' length (lib/api/peer-address.ts, PROXIED_LENGTH, says
// why). Next reads this config without running it: literals only.
export const config = {
  matcher: [
    "/((?!api/|_next/|ping/).*)",
    { source: "/api/auth/:path*", has: [{ type: "header", key: "content-length", value: "^\\d{1,5}$" }] },
    { source: "/api/v1/auth/:path*", has: [{ type: "header", key: "content-length", value: "^\\d{1,5}$" }] },
  ],
};
