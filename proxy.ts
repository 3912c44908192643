// Passes the requested path to server components (they cannot read the URL themselves), so a
// signed-out visitor to a deep link is sent back there after signing in. Authorization itself
// stays in the pages and handlers.
import { NextResponse, type NextRequest } from "next/server";
import { PAGE_PATH_HEADER } from "./lib/auth/page-path";


export function proxy(request: NextRequest) {
  const headers = new Headers(request.headers);
  headers.set(PAGE_PATH_HEADER, request.nextUrl.pathname + request.nextUrl.search);
  return NextResponse.next({ request: { headers } });
}

export const config = { matcher: ["/((?!api/|_next/).*)"] };
