// The proxy.ts half of finding a client's address (the other half, and why: ./client-address.ts).
// No imports, so that proxy.ts stays small.

/** Set by proxy.ts only: the X-Forwarded-For chain as the request arrived ("" when none). */
export const FORWARDED_CHAIN_HEADER = "x-almanac-forwarded-for";

/** For proxy.ts: moves the X-Forwarded-For that arrived aside, so Next fills it with the socket's address. */
export function exposePeerAddress(headers: Headers): void {
  headers.set(FORWARDED_CHAIN_HEADER, headers.get("x-forwarded-for") ?? "");
  headers.delete("x-forwarded-for");
}

/**
 * proxy.ts runs for the sign-in, registration and token endpoints only on requests that declare a
 * body of at most 5 digits' length (its matcher, which must be a literal there: keep the two
 * alike). Next holds every request proxy.ts sees until its whole body has arrived, so a body
 * declared larger, or sent without a length, goes straight to the route, whose streaming cap
 * answers 413 at once (lib/api/body.ts). On such a request the header above is the client's own.
 */
export const PROXIED_LENGTH = /^\d{1,5}$/;

/** Whether proxy.ts ran for this API request (see PROXIED_LENGTH): only then is FORWARDED_CHAIN_HEADER its. */
export const proxiedApiRequest = (headers: Headers) => PROXIED_LENGTH.test(headers.get("content-length") ?? "");
