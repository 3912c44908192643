// One POST to a channel's URL, sent as http jobs send theirs (capped-request.ts, with the SSRF
// guard's lookup): no redirects followed, the response body read up to 4 KiB.
import { cappedRequest } from "../../entrypoints/capped-request";
import { blockedHostReason, guardedLookup, privateTargetError, type Resolver } from "../../entrypoints/network";
import type { NetworkPolicy } from "../../entrypoints/types";

/** How much of a receiver's answer is read (enough for its error message). */
export const RESPONSE_BODY_LIMIT = 4 * 1024;

export type PostResponse = { status: number; headers: { location?: string; retryAfter?: string }; body: string };

export type PostOptions = {
  headers: Record<string, string>;
  body: string;
  policy: NetworkPolicy;
  resolve?: Resolver;
  /** Aborts the request, its DNS lookup included. */
  signal: AbortSignal;
};

/** The receiver's status, a few headers and the start of its body; rejects on a network error, a refused target or abort. */
export async function post(url: URL, { headers, body, policy, resolve, signal }: PostOptions): Promise<PostResponse> {
  // A literal IP address is connected to without a lookup, so it is checked here; a name is
  // checked inside the connection's lookup.
  const literal = policy.allowPrivateNetwork ? null : blockedHostReason(url.hostname);
  if (literal) throw privateTargetError(`"${url.hostname}"`, literal);
  const payload = Buffer.from(body, "utf8");
  const res = await cappedRequest(
    url,
    { method: "POST", headers: { ...headers, "content-length": String(payload.length) }, body: payload, lookup: guardedLookup(policy, resolve, signal), bodyLimit: RESPONSE_BODY_LIMIT, keepHeaders: ["location", "retry-after"] },
    signal,
  );
  // The status arrived: what the receiver said counts even if its body was cut short.
  return { status: res.status, headers: { location: res.headers.location, retryAfter: res.headers["retry-after"] }, body: res.body };
}
