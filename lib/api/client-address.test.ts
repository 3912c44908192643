import { expect, test } from "vitest";
import { clientAddress, exposePeerAddress, FORWARDED_CHAIN_HEADER, UNKNOWN_ADDRESS } from "./client-address";
import { parseTrustedProxies } from "./trusted-proxies";

const none = parseTrustedProxies("");
const proxies = parseTrustedProxies("10.0.0.0/8, ::1");

/** The headers a route handler sees: proxy.ts moved the arriving X-Forwarded-For aside, then Next set it to the socket's address. */
function arrived(socket: string, forwarded?: string): Headers {
  const headers = new Headers(forwarded === undefined ? {} : { "x-forwarded-for": forwarded });
  headers.set(FORWARDED_CHAIN_HEADER, "client-sent copy, overwritten");
  exposePeerAddress(headers); // proxy.ts
  headers.set("x-forwarded-for", headers.get("x-forwarded-for") ?? socket); // Next: `x-forwarded-for ??= socket.remoteAddress`
  headers.set("content-length", "64"); // proxy.ts sees these endpoints only for a body of declared length
  return headers;
}

test("a request whose body has no declared length skipped proxy.ts: the address headers it brought are its own, not believed", () => {
  const headers = new Headers({ "x-forwarded-for": "1.2.3.4", [FORWARDED_CHAIN_HEADER]: "5.6.7.8" });
  expect(clientAddress(headers, none)).toBe(UNKNOWN_ADDRESS);
  headers.set("content-length", "123456"); // too long a body for proxy.ts's matcher
  expect(clientAddress(headers, none)).toBe(UNKNOWN_ADDRESS);
});

test("without TRUSTED_PROXIES a client's own X-Forwarded-For is not believed: the socket's address is used", () => {
  expect(clientAddress(arrived("198.51.100.7"), none)).toBe("198.51.100.7");
  expect(clientAddress(arrived("198.51.100.7", "1.2.3.4"), none)).toBe("198.51.100.7");
  expect(clientAddress(arrived("198.51.100.7", "1.2.3.4, 5.6.7.8"), none)).toBe("198.51.100.7");
  expect(clientAddress(arrived("::ffff:198.51.100.7"), none)).toBe("198.51.100.7");
});

test("from a trusted proxy: the right-most entry that is not a trusted proxy; from anyone else: the socket", () => {
  // nginx appends the address it saw to whatever the client sent
  expect(clientAddress(arrived("10.0.0.2", "6.6.6.6, 203.0.113.9"), proxies)).toBe("203.0.113.9");
  expect(clientAddress(arrived("10.0.0.2", "6.6.6.6, 203.0.113.9, 10.0.0.5"), proxies)).toBe("203.0.113.9");
  expect(clientAddress(arrived("198.51.100.7", "203.0.113.9"), proxies)).toBe("198.51.100.7"); // not through a proxy
  expect(clientAddress(arrived("::1"), proxies)).toBe("::1"); // the proxy's own request
});

test("where proxy.ts did not run the socket is unknown: X-Forwarded-For is believed only through TRUSTED_PROXIES", () => {
  const raw = new Headers({ "x-forwarded-for": "1.2.3.4" });
  expect(clientAddress(raw, none)).toBe(UNKNOWN_ADDRESS);
  expect(clientAddress(new Headers({ "x-forwarded-for": "6.6.6.6, 203.0.113.9, 10.0.0.5" }), proxies)).toBe("203.0.113.9");
});

test("TRUSTED_PROXIES names a bad entry", () => {
  expect(() => parseTrustedProxies("10.0.0.0/8 proxy.local")).toThrow(/"proxy.local" is not an IP address or CIDR range/);
  expect(() => parseTrustedProxies("10.0.0.0/33")).toThrow(/"10.0.0.0\/33"/);
});
