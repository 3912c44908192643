// Host name lookups for http jobs, done so that a DNS server that never answers cannot stall the
// process. dns.lookup() (getaddrinfo) runs on libuv's thread pool and cannot be cancelled; libuv
// lets such slow work hold at most half the pool (2 of its 4 threads), so a few jobs whose names a
// silent server "resolves" would hold those threads for the system resolver's whole timeout, and
// every other dns.lookup() of the process would wait behind them: the database's host, the
// assistant's model, every other job. So names are resolved with c-ares (dns.promises.Resolver: no
// thread pool, a timeout, and cancel()), at most `maxConcurrent` lookups at once in this process
// (more wait their turn), each given up after `timeoutMs` or when its job's signal aborts.
//
// c-ares asks DNS only: names it cannot find there (ENOTFOUND/ENODATA) may still be in /etc/hosts
// or another NSS source (localhost, Docker's extra_hosts), so those fall back to dns.lookup(), one
// at a time: its thread is held until getaddrinfo returns (a job that gives up stops waiting, the
// thread stays taken), and one is less than libuv's share for slow work, so the other thread is
// always there for the rest of the process.
import { promises as dns } from "node:dns";
import type { ResolvedAddress } from "./network";

/** Fallback lookups (getaddrinfo) at once: below libuv's 2 threads for slow work, so one stays free for the rest of the process. */
export const FALLBACK_MAX_CONCURRENT = 1;

/** c-ares codes for "this name has no A/AAAA record in DNS" (rather than "DNS did not answer"). */
const NOT_IN_DNS = new Set(["ENOTFOUND", "ENODATA"]);

export type DnsResolverOptions = {
  /** The longest one lookup may take, waiting for its turn included. */
  timeoutMs: number;
  /** Lookups in flight at once in this process; more wait their turn. */
  maxConcurrent: number;
  /** DNS servers ("ip" or "ip:port"); default: the system's (/etc/resolv.conf). For tests. */
  servers?: string[];
  /** The lookup for names DNS does not know (default dns.lookup, the system's resolver). Injectable for tests. */
  fallback?: (hostname: string) => Promise<ResolvedAddress[]>;
};

export type DnsResolver = {
  (hostname: string, signal?: AbortSignal): Promise<ResolvedAddress[]>;
  /** Lookups in flight and waiting, for tests and metrics. */
  readonly stats: () => { active: number; waiting: number; fallbackActive: number };
};

/** A first-in first-out cap on concurrent work; a waiter whose signal aborts leaves the queue. */
export function createLimiter(max: number) {
  let active = 0;
  const waiting: { grant: () => void; signal?: AbortSignal; onAbort: () => void }[] = [];
  const release = () => {
    active--;
    const next = waiting.shift();
    if (next) {
      next.signal?.removeEventListener("abort", next.onAbort);
      active++;
      next.grant();
    }
  };
  return {
    get active() {
      return active;
    },
    get waiting() {
      return waiting.length;
    },
    /** Resolves with `release` once a place is free; rejects with the signal's reason if it aborts first. */
    acquire(signal?: AbortSignal): Promise<() => void> {
      if (signal?.aborted) return Promise.reject(signal.reason);
      if (active < max) {
        active++;
        return Promise.resolve(once(release));
      }
      return new Promise((resolve, reject) => {
        const entry = {
          grant: () => resolve(once(release)),
          signal,
          onAbort: () => {
            const i = waiting.indexOf(entry);
            if (i >= 0) waiting.splice(i, 1);
            reject(signal!.reason);
          },
        };
        waiting.push(entry);
        signal?.addEventListener("abort", entry.onAbort, { once: true });
      });
    },
  };
}

function once(fn: () => void): () => void {
  let done = false;
  return () => {
    if (!done) {
      done = true;
      fn();
    }
  };
}

function dnsError(code: string, message: string): NodeJS.ErrnoException {
  const err: NodeJS.ErrnoException = new Error(message);
  err.code = code;
  return err;
}

const systemLookup = async (hostname: string): Promise<ResolvedAddress[]> => {
  const found = await dns.lookup(hostname, { all: true, verbatim: true });
  return found.map((a) => ({ address: a.address, family: a.family === 6 ? 6 : 4 }));
};

/** Races `promise` against `signal`: rejects with the signal's reason when it aborts first (the promise itself runs on). */
function untilAborted<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener("abort", onAbort, { once: true });
    promise.then(
      (v) => (signal.removeEventListener("abort", onAbort), resolve(v)),
      (e) => (signal.removeEventListener("abort", onAbort), reject(e)),
    );
  });
}

export function createDnsResolver({ timeoutMs, maxConcurrent, servers, fallback = systemLookup }: DnsResolverOptions): DnsResolver {
  const lookups = createLimiter(maxConcurrent);
  const fallbacks = createLimiter(FALLBACK_MAX_CONCURRENT);

  async function viaDns(hostname: string, signal: AbortSignal): Promise<ResolvedAddress[] | "not in DNS"> {
    // One Resolver per lookup: cancel() ends every query of its resolver, and only this one's should end.
    // c-ares's own timeout is per try; `signal` (the overall deadline or the job) cancels the rest.
    const resolver = new dns.Resolver({ timeout: Math.max(50, Math.ceil(timeoutMs / 2)), tries: 2 });
    if (servers) resolver.setServers(servers);
    const cancel = () => resolver.cancel();
    signal.addEventListener("abort", cancel, { once: true });
    try {
      const [v4, v6] = await Promise.allSettled([resolver.resolve4(hostname), resolver.resolve6(hostname)]);
      const found: ResolvedAddress[] = [
        ...(v4.status === "fulfilled" ? v4.value.map((address) => ({ address, family: 4 as const })) : []),
        ...(v6.status === "fulfilled" ? v6.value.map((address) => ({ address, family: 6 as const })) : []),
      ];
      if (found.length) return found;
      if (signal.aborted) throw signal.reason;
      const codes = [v4, v6].map((r) => (r.status === "rejected" ? (r.reason as NodeJS.ErrnoException).code : "ENODATA"));
      if (codes.every((c) => c && NOT_IN_DNS.has(c))) return "not in DNS";
      throw [v4, v6].find((r): r is PromiseRejectedResult => r.status === "rejected" && !NOT_IN_DNS.has((r.reason as NodeJS.ErrnoException).code ?? ""))?.reason;
    } finally {
      signal.removeEventListener("abort", cancel);
    }
  }

  async function viaSystem(hostname: string, signal: AbortSignal): Promise<ResolvedAddress[]> {
    const release = await fallbacks.acquire(signal);
    // The slot is held until getaddrinfo really returns, whoever still waits for it.
    const pending = fallback(hostname);
    pending.then(release, release);
    return untilAborted(pending, signal);
  }

  const resolve = async (hostname: string, jobSignal?: AbortSignal): Promise<ResolvedAddress[]> => {
    const deadline = AbortSignal.timeout(timeoutMs);
    const signal = jobSignal ? AbortSignal.any([jobSignal, deadline]) : deadline;
    try {
      const release = await lookups.acquire(signal);
      let found: ResolvedAddress[] | "not in DNS";
      try {
        found = await viaDns(hostname, signal);
      } finally {
        release();
      }
      return found === "not in DNS" ? await viaSystem(hostname, signal) : found;
    } catch (err) {
      if (jobSignal?.aborted) throw jobSignal.reason;
      if (deadline.aborted) throw dnsError("ETIMEOUT", `DNS lookup of "${hostname}" timed out after ${timeoutMs} ms`);
      throw err;
    }
  };
  return Object.assign(resolve, { stats: () => ({ active: lookups.active, waiting: lookups.waiting, fallbackActive: fallbacks.active }) });
}
