// Passes the requested path to server components (they cannot read the URL themselves), so a
// signed-out visitor to a deep link is sent back there after signing in. Authorization itself
// stays in the pages and handlers.
import { NextResponse, type NextRequest } from "next/server";
import { exposePeerAddress } from "./lib/api/peer-address";
import { PAGE_PATH_HEADER } from "./lib/auth/page-path";


export function proxy(request: NextRequest) {
  const headers = new Headers(request.headers);
  headers.set(PAGE_PATH_HEADER, request.nextUrl.pathname + request.nextUrl.search);
  // Per-address limits need the connection's address: Next writes it into X-Forwarded-For only
  // when the request brings none (lib/api/client-address.ts), so the one that came is moved aside.
  exposePeerAddress(headers);
  return NextResponse.next({ request: { headers } });
}

// Pages, and the endpoints whose limits are per address (sign-in, registration, tokens).
export const config = { matcher: ["/((?!api/|_next/).*)", "/api/auth/:path*", "/api/v1/auth/:path*"] };
