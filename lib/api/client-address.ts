// The address a request comes from, for the per-address limits (sign-in, registration).
//
// Next.js does not show a route handler the socket. Its server sets X-Forwarded-For to the
// socket's address only when the request has none (base-server: `x-forwarded-for ??= remoteAddress`),
// so the header a handler sees may be the client's own invention, a fresh "address" per request.
// The fix takes two steps:
//  1. proxy.ts calls exposePeerAddress() on the paths that need an address: it moves the
//     X-Forwarded-For that arrived into FORWARDED_CHAIN_HEADER (overwriting any copy the client
//     sent) and removes X-Forwarded-For, so Next fills it with the socket's address.
//  2. clientAddress() believes that peer address; it believes X-Forwarded-For entries only when the
//     peer is one of TRUSTED_PROXIES, and then takes the right-most entry that is not a trusted
//     proxy (entries left of it were written by whoever the proxy talked to).
// Where proxy.ts did not run (a body sent without a declared length: peer-address.ts), the socket is unknown: with TRUSTED_PROXIES set the peer is assumed
// to be a trusted proxy (the operator's promise that the port is reachable only through them);
// without it, X-Forwarded-For is not believed at all and every such request shares one address.
import { env } from "../env";
import { FORWARDED_CHAIN_HEADER, proxiedApiRequest } from "./peer-address";
import { parseTrustedProxies, type TrustedProxies } from "./trusted-proxies";

/** The address of a request whose origin cannot be told (see above). */
export const UNKNOWN_ADDRESS = "unknown";

export { exposePeerAddress, FORWARDED_CHAIN_HEADER } from "./peer-address";

/** "::ffff:10.0.0.1" -> "10.0.0.1", "[::1]:443" -> "::1", "1.2.3.4:80" -> "1.2.3.4"; others unchanged (capped). */
export function normalizeAddress(raw: string): string {
  let a = raw.trim();
  const bracketed = /^\[([^\]]+)\](?::\d+)?$/.exec(a);
  if (bracketed) a = bracketed[1];
  else if (/^[\d.]+:\d+$/.test(a)) a = a.slice(0, a.lastIndexOf(":"));
  if (/^::ffff:[\d.]+$/i.test(a)) a = a.slice(7);
  return a.toLowerCase().slice(0, 64);
}

const split = (chain: string | null) => (chain ?? "").split(",").map(normalizeAddress).filter(Boolean);

let configured: TrustedProxies | undefined;

/** The client's address for rate limits: the socket's, or through TRUSTED_PROXIES the one they saw. */
export function clientAddress(headers: Headers, trusted: TrustedProxies = (configured ??= parseTrustedProxies(env().TRUSTED_PROXIES))): string {
  const peerKnown = headers.has(FORWARDED_CHAIN_HEADER) && proxiedApiRequest(headers);
  const forwarded = split(headers.get("x-forwarded-for"));
  // With proxy.ts: X-Forwarded-For is Next's record of the socket; the chain is what arrived.
  const hops = peerKnown ? [...split(headers.get(FORWARDED_CHAIN_HEADER)), ...forwarded.slice(-1)] : forwarded;
  if (trusted.size === 0) return peerKnown ? (forwarded.at(-1) ?? UNKNOWN_ADDRESS) : UNKNOWN_ADDRESS;
  for (let i = hops.length - 1; i >= 0; i--) if (!trusted.has(hops[i])) return hops[i];
  return hops[0] ?? UNKNOWN_ADDRESS; // every hop a trusted proxy: a request from the proxy itself
}
