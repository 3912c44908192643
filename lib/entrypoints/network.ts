// The SSRF guard for job types that call URLs: which hosts and addresses a job may not reach
// (loopback, private, link-local and cloud metadata, ...), checked on the literal host, on what
// DNS says at registration and before each run, and once more inside the connection's own DNS
// lookup, so the address connected to is the address that was checked (no DNS rebinding window).
// Everything here is skipped when the operator sets ALLOW_PRIVATE_NETWORK_TARGETS=true.
import type { LookupAddress, LookupOptions } from "node:dns";
import { isIP, type LookupFunction } from "node:net";
import { env } from "../env";
import { createDnsResolver, type DnsResolver } from "./dns";
import { EntrypointError, type NetworkPolicy } from "./types";

export type ResolvedAddress = { address: string; family: 4 | 6 };
/** Host name -> every address it resolves to; rejects when it does not resolve, or when `signal` aborts. Injectable for tests. */
export type Resolver = (hostname: string, signal?: AbortSignal) => Promise<ResolvedAddress[]>;

let shared: DnsResolver | undefined;

/** The process's resolver for jobs (dns.ts: c-ares, capped and cancellable), made at first use from HTTP_DNS_TIMEOUT_MS and HTTP_DNS_MAX_LOOKUPS. */
export const systemResolver: Resolver = (hostname, signal) => {
  shared ??= createDnsResolver({ timeoutMs: env().HTTP_DNS_TIMEOUT_MS, maxConcurrent: env().HTTP_DNS_MAX_LOOKUPS });
  return shared(hostname, signal);
};

/** The operator's policy: ALLOW_PRIVATE_NETWORK_TARGETS. */
export function defaultNetworkPolicy(): NetworkPolicy {
  return { allowPrivateNetwork: env().ALLOW_PRIVATE_NETWORK_TARGETS };
}

export const PRIVATE_NETWORK_HINT = "private network targets are refused unless the operator sets ALLOW_PRIVATE_NETWORK_TARGETS=true";

// ---------------------------------------------------------------------------------------------
// Addresses

type V4Range = [base: number, prefix: number, reason: string];

const ip4 = (a: number, b: number, c: number, d: number) => ((a << 24) | (b << 16) | (c << 8) | d) >>> 0;

// Checked in order; the first match names the reason.
const V4_BLOCKED: V4Range[] = [
  [ip4(169, 254, 169, 254), 32, "link-local (cloud metadata)"],
  [ip4(255, 255, 255, 255), 32, "broadcast"],
  [ip4(0, 0, 0, 0), 8, "unspecified"],
  [ip4(10, 0, 0, 0), 8, "private"],
  [ip4(100, 64, 0, 0), 10, "shared (CGNAT)"],
  [ip4(127, 0, 0, 0), 8, "loopback"],
  [ip4(169, 254, 0, 0), 16, "link-local"],
  [ip4(172, 16, 0, 0), 12, "private"],
  [ip4(192, 0, 0, 0), 24, "reserved"],
  [ip4(192, 0, 2, 0), 24, "reserved (documentation)"],
  [ip4(192, 168, 0, 0), 16, "private"],
  [ip4(198, 18, 0, 0), 15, "reserved (benchmarking)"],
  [ip4(198, 51, 100, 0), 24, "reserved (documentation)"],
  [ip4(203, 0, 113, 0), 24, "reserved (documentation)"],
  [ip4(224, 0, 0, 0), 4, "multicast"],
  [ip4(240, 0, 0, 0), 4, "reserved"],
];

function parseV4(text: string): number | null {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(text);
  if (!m) return null;
  const parts = m.slice(1).map(Number);
  if (parts.some((p) => p > 255)) return null;
  return ip4(parts[0], parts[1], parts[2], parts[3]);
}

function v4Reason(n: number): string | null {
  for (const [base, prefix, reason] of V4_BLOCKED) {
    const mask = prefix === 0 ? 0 : (~0 << (32 - prefix)) >>> 0;
    if (((n & mask) >>> 0) === base) return reason;
  }
  return null;
}

/** An IPv6 address as its eight 16-bit groups (a trailing dotted IPv4 part is accepted). */
function parseV6(text: string): number[] | null {
  let s = text.replace(/^\[|\]$/g, "");
  s = s.split("%")[0]; // a zone id (fe80::1%eth0) says nothing about the address
  if (isIP(s) !== 6) return null;
  const dotted = /(\d+\.\d+\.\d+\.\d+)$/.exec(s);
  if (dotted) {
    const n = parseV4(dotted[1]);
    if (n === null) return null;
    s = s.slice(0, -dotted[1].length) + `${(n >>> 16).toString(16)}:${(n & 0xffff).toString(16)}`;
  }
  const [head, tail] = s.includes("::") ? s.split("::") : [s, undefined];
  const h = head ? head.split(":") : [];
  const t = tail ? tail.split(":") : [];
  const groups = tail === undefined ? h : [...h, ...Array(8 - h.length - t.length).fill("0"), ...t];
  if (groups.length !== 8) return null;
  return groups.map((g) => parseInt(g, 16));
}

function embeddedV4(hi: number, lo: number): number {
  return ((hi << 16) | lo) >>> 0;
}

function v6Reason(g: number[]): string | null {
  const zeros = (from: number, to: number) => g.slice(from, to).every((x) => x === 0);
  const via = (label: string, n: number) => {
    const r = v4Reason(n);
    return r && `${r} (${label})`;
  };
  if (zeros(0, 8)) return "unspecified";
  if (zeros(0, 7) && g[7] === 1) return "loopback";
  if (zeros(0, 5) && g[5] === 0xffff) return via("IPv4-mapped", embeddedV4(g[6], g[7]));
  if (zeros(0, 4) && g[4] === 0xffff && g[5] === 0) return via("IPv4-translated", embeddedV4(g[6], g[7]));
  if (zeros(0, 6)) return "reserved (IPv4-compatible)";
  if (g[0] === 0x64 && g[1] === 0xff9b && zeros(2, 6)) return via("NAT64", embeddedV4(g[6], g[7]));
  if (g[0] === 0x64 && g[1] === 0xff9b && g[2] === 1) return "private (local NAT64)";
  if (g[0] === 0x2002) return via("6to4", embeddedV4(g[1], g[2]));
  if ((g[0] & 0xfe00) === 0xfc00) return "private";
  if ((g[0] & 0xffc0) === 0xfe80) return "link-local";
  if ((g[0] & 0xffc0) === 0xfec0) return "private (site-local)";
  if ((g[0] & 0xff00) === 0xff00) return "multicast";
  if (g[0] === 0x2001 && g[1] === 0x0db8) return "reserved (documentation)";
  if ((g[0] & 0xe000) !== 0x2000) return "reserved"; // only 2000::/3 is global unicast
  return null;
}

/**
 * Why a job may not connect to this IP address ("loopback", "private", ...), or null when it is a
 * public address. Anything that is not an IP address gives null: see blockedHostReason.
 */
export function blockedAddressReason(address: string): string | null {
  const v4 = parseV4(address);
  if (v4 !== null) return v4Reason(v4);
  const v6 = parseV6(address);
  return v6 ? v6Reason(v6) : null;
}

// ---------------------------------------------------------------------------------------------
// Host names

const BLOCKED_NAMES = new Set([
  "localhost",
  "localhost.localdomain",
  "ip6-localhost",
  "ip6-loopback",
  "metadata",
  "metadata.google.internal",
  "metadata.goog",
  "instance-data",
  "instance-data.ec2.internal",
]);

/** A URL's host as a bare lower-case name or address: no IPv6 brackets, no trailing dot. */
export function bareHost(hostname: string): string {
  return hostname.toLowerCase().replace(/^\[|\]$/g, "").replace(/\.+$/, "");
}

/**
 * Why the literal host (a name, or an IP address as the WHATWG URL parser spells it) may not be
 * reached without a DNS lookup, or null. Pass `new URL(...).hostname`: the parser has already
 * turned 2130706433, 0x7f000001, 017700000001 and 127.1 into 127.0.0.1.
 */
export function blockedHostReason(hostname: string): string | null {
  const host = bareHost(hostname);
  if (isIP(host) || host.includes(":")) return blockedAddressReason(host);
  if (BLOCKED_NAMES.has(host) || host.endsWith(".localhost")) return "local host name";
  // A name the URL parser left alone but the system resolver would read as an IPv4 number.
  if (/^(0x[0-9a-f]*|\d+)(\.(0x[0-9a-f]*|\d+)){0,3}$/.test(host)) return "numeric host name";
  return null;
}

/** Whether `hostname` is a syntactically valid DNS name (labels of 1-63 letters, digits, "-", "_"). */
export function isValidHostname(hostname: string): boolean {
  const host = hostname.toLowerCase().replace(/\.$/, "");
  if (host.length === 0 || host.length > 253) return false;
  return host.split(".").every((label) => /^[a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9_])?$/.test(label));
}

// ---------------------------------------------------------------------------------------------
// Checks

/** The refusal of a target: `what` is "\"10.0.0.5\"" or "\"name\" resolves to 10.0.0.5, which". */
export const privateTargetError = (what: string, reason: string) =>
  new EntrypointError(
    `${what} is ${/^[aeiou]/.test(reason) ? "an" : "a"} ${reason}${reason.endsWith("host name") ? "" : " address"}; ${PRIVATE_NETWORK_HINT}`,
    "url",
  );

/** The first resolved address a job may not reach, with why, or null. */
function firstBlocked(addresses: ResolvedAddress[]): { address: string; reason: string } | null {
  for (const a of addresses) {
    const reason = blockedAddressReason(a.address);
    if (reason) return { address: a.address, reason };
  }
  return null;
}

/** `promise`, or "timeout" after `ms`, when `signal` (given to the lookup) is aborted so that it stops too. */
async function withTimeout<T>(run: (signal: AbortSignal) => Promise<T>, ms: number): Promise<T | "timeout"> {
  const controller = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([run(controller.signal), new Promise<"timeout">((resolve) => (timer = setTimeout(() => resolve("timeout"), ms)))]);
  } finally {
    clearTimeout(timer);
    controller.abort();
  }
}

export type TargetCheckOptions = { policy: NetworkPolicy; resolve?: Resolver; dnsTimeoutMs?: number };

/**
 * Refuses (EntrypointError on field "url") a URL whose host is, or resolves to, an address a job
 * may not reach. A name that does not resolve (now) passes: it may resolve later, and the
 * connection-time check (guardedLookup) still applies.
 */
export async function checkTarget(url: URL, { policy, resolve = systemResolver, dnsTimeoutMs = 5000 }: TargetCheckOptions): Promise<void> {
  const host = bareHost(url.hostname);
  const isAddress = isIP(host) !== 0 || host.includes(":");
  if (!isAddress && !isValidHostname(host)) throw new EntrypointError(`could not resolve host "${url.hostname}": not a valid host name`, "url");
  if (policy.allowPrivateNetwork) return;
  const literal = blockedHostReason(host);
  if (literal) throw privateTargetError(`"${url.hostname}"`, literal);
  if (isAddress) return;
  let addresses: ResolvedAddress[] | "timeout";
  try {
    addresses = await withTimeout((signal) => resolve(host, signal), dnsTimeoutMs);
  } catch {
    return; // does not resolve now; checked again when it runs
  }
  if (addresses === "timeout") return;
  const bad = firstBlocked(addresses);
  if (bad) throw privateTargetError(`"${host}" resolves to ${bad.address}, which`, bad.reason);
}

/**
 * A `lookup` for node:net / http.request that resolves with `resolve` and refuses (with an
 * EntrypointError) a name that resolves to any blocked address, so the socket connects only to an
 * address that was checked. With allowPrivateNetwork it only resolves. `signal` (the job's)
 * cancels a lookup still in flight.
 */
export function guardedLookup(policy: NetworkPolicy, resolve: Resolver = systemResolver, signal?: AbortSignal): LookupFunction {
  return (hostname: string, options: LookupOptions, callback: (err: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void) => {
    resolve(hostname, signal).then(
      (found) => {
        if (!policy.allowPrivateNetwork) {
          const bad = firstBlocked(found);
          if (bad) return callback(privateTargetError(`"${hostname}" resolves to ${bad.address}, which`, bad.reason), "", 0);
        }
        const family = options.family === 4 || options.family === "IPv4" ? 4 : options.family === 6 || options.family === "IPv6" ? 6 : 0;
        const usable = family ? found.filter((a) => a.family === family) : found;
        if (usable.length === 0) {
          const err: NodeJS.ErrnoException = new Error(`getaddrinfo ENOTFOUND ${hostname}`);
          err.code = "ENOTFOUND";
          return callback(err, "", 0);
        }
        if (options.all) callback(null, usable.map((a) => ({ address: a.address, family: a.family })));
        else callback(null, usable[0].address, usable[0].family);
      },
      (err: NodeJS.ErrnoException) => callback(err, "", 0),
    );
  };
}
