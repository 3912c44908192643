// The proxy.ts half of finding a client's address (the other half, and why: ./client-address.ts).
// No imports, so that proxy.ts stays small.

/** Set by proxy.ts only: the X-Forwarded-For chain as the request arrived ("" when none). */
export const FORWARDED_CHAIN_HEADER = "x-almanac-forwarded-for";

/** For proxy.ts: moves the X-Forwarded-For that arrived aside, so Next fills it with the socket's address. */
export function exposePeerAddress(headers: Headers): void {
  headers.set(FORWARDED_CHAIN_HEADER, headers.get("x-forwarded-for") ?? "");
  headers.delete("x-forwarded-for");
}
