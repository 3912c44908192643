// next-auth's own endpoints: sign-in with credentials or single sign-on (and the provider's
// callback), session, CSRF token, sign-out.
import NextAuth from "next-auth";
import { NextRequest } from "next/server";
import { readBodyBytes } from "@/lib/api/body";
import { errorResponse } from "@/lib/api/errors";
import { FORWARDED_CHAIN_HEADER, proxiedApiRequest } from "@/lib/api/peer-address";
import { authOptions } from "@/lib/auth/next-auth";
import { withProviderFailures } from "@/lib/auth/oidc/provider-failures";

type Context = { params: Promise<{ nextauth: string[] }> };

const handler = NextAuth(authOptions());

// GET: the provider's redirect back lands here; when signing in failed, /login says why.
export function GET(request: NextRequest, context: Context): Promise<Response> {
  return withProviderFailures(() => handler(request, context));
}

// POST: next-auth reads the whole body itself, before any check, so the size cap runs first
// (counting a chunked body as it streams); next-auth then gets a request re-made from the bytes.
export async function POST(request: NextRequest, context: Context): Promise<Response> {
  let body: Uint8Array;
  try {
    body = await readBodyBytes(request);
  } catch (err) {
    return errorResponse(err);
  }
  const headers = new Headers(request.headers);
  // Sent without a declared length, it did not pass proxy.ts: the client's own address header goes.
  if (!proxiedApiRequest(request.headers)) headers.delete(FORWARDED_CHAIN_HEADER);
  headers.delete("transfer-encoding");
  headers.set("content-length", String(body.byteLength));
  return handler(new NextRequest(request.url, { method: "POST", headers, body: body as BodyInit }), context);
}
