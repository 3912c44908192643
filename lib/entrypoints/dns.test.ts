// http jobs' DNS lookups (dns.ts) against real DNS servers on 127.0.0.1: one that never answers,
// one that answers NXDOMAIN and one with a table of A records. A silent server costs a lookup its
// timeout (or its job's abort), never a thread of libuv's pool: more stuck lookups than the cap
// leave dns.lookup, fs and crypto free; names DNS does not know fall back to the system resolver
// (/etc/hosts), at most FALLBACK_MAX_CONCURRENT at a time; the SSRF guard checks the address
// the connection really uses.
import { pbkdf2 } from "node:crypto";
import dgram from "node:dgram";
import { promises as systemDns } from "node:dns";
import { readFile } from "node:fs/promises";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { createDnsResolver, FALLBACK_MAX_CONCURRENT } from "./dns";
import { createHttpEntrypoint } from "./http";
import type { RunContext } from "./types";

// ---------------------------------------------------------------------------------------------
// Tiny DNS servers

type Answer = "silent" | "nxdomain" | Record<string, string>;

/** A UDP DNS server on 127.0.0.1: silent, NXDOMAIN for everything, or A records from a table (no AAAA). */
async function dnsServer(answer: Answer) {
  const socket = dgram.createSocket("udp4");
  let queries = 0;
  socket.on("message", (msg, peer) => {
    queries++;
    if (answer === "silent") return;
    // The question: labels up to a zero byte, then type and class.
    let i = 12;
    const labels: string[] = [];
    while (msg[i] !== 0) {
      labels.push(msg.subarray(i + 1, i + 1 + msg[i]).toString("latin1"));
      i += msg[i] + 1;
    }
    const qtype = msg.readUInt16BE(i + 1);
    const question = msg.subarray(12, i + 5);
    const address = answer === "nxdomain" ? undefined : answer[labels.join(".").toLowerCase()];
    const rcode = answer === "nxdomain" || address === undefined ? 3 : 0;
    const records = address && qtype === 1 ? [address] : [];
    const header = Buffer.alloc(12);
    msg.copy(header, 0, 0, 2); // the query's id
    header.writeUInt16BE(0x8180 | rcode, 2); // a response, recursion desired and available
    header.writeUInt16BE(1, 4);
    header.writeUInt16BE(records.length, 6);
    const answers = records.map((a) => {
      const rr = Buffer.alloc(16);
      rr.writeUInt16BE(0xc00c, 0); // the name: a pointer to the question's
      rr.writeUInt16BE(1, 2); // A
      rr.writeUInt16BE(1, 4); // IN
      rr.writeUInt32BE(60, 6);
      rr.writeUInt16BE(4, 10);
      a.split(".").forEach((octet, k) => rr.writeUInt8(Number(octet), 12 + k));
      return rr;
    });
    socket.send(Buffer.concat([header, question, ...answers]), peer.port, peer.address);
  });
  await new Promise<void>((resolve) => socket.bind(0, "127.0.0.1", resolve));
  const { port } = socket.address() as AddressInfo;
  return { server: `127.0.0.1:${port}`, queries: () => queries, close: () => new Promise<void>((resolve) => socket.close(() => resolve())) };
}

let silent: Awaited<ReturnType<typeof dnsServer>>;
let nxdomain: Awaited<ReturnType<typeof dnsServer>>;
let table: Awaited<ReturnType<typeof dnsServer>>;
beforeAll(async () => {
  silent = await dnsServer("silent");
  nxdomain = await dnsServer("nxdomain");
  table = await dnsServer({ "hooks.example.com": "93.184.216.34", "rebind.example.com": "127.0.0.1", "local.example.com": "127.0.0.1" });
});
afterAll(async () => {
  await Promise.all([silent.close(), nxdomain.close(), table.close()]);
});

const elapsed = async <T>(work: () => Promise<T>): Promise<[number, PromiseSettledResult<T>]> => {
  const started = performance.now();
  const [outcome] = await Promise.allSettled([work()]);
  return [performance.now() - started, outcome];
};

/** How long fs, crypto (both on the thread pool) and a dns.lookup of localhost take right now. */
async function threadPoolWork(): Promise<number> {
  const started = performance.now();
  await Promise.all([
    ...Array.from({ length: 8 }, () => readFile(import.meta.filename)),
    ...Array.from({ length: 4 }, () => new Promise((resolve, reject) => pbkdf2("x", "salt", 1, 32, "sha256", (err, key) => (err ? reject(err) : resolve(key))))),
    systemDns.lookup("localhost"),
  ]);
  return performance.now() - started;
}

// ---------------------------------------------------------------------------------------------

describe("a DNS server that never answers", () => {
  test("a lookup gives up at its timeout with ETIMEOUT, having asked that server", async () => {
    const resolve = createDnsResolver({ servers: [silent.server], timeoutMs: 400, maxConcurrent: 4 });
    const before = silent.queries();
    const [ms, outcome] = await elapsed(() => resolve("job.example.com"));
    expect(outcome.status).toBe("rejected");
    expect((outcome as PromiseRejectedResult).reason).toMatchObject({ code: "ETIMEOUT", message: 'DNS lookup of "job.example.com" timed out after 400 ms' });
    expect(ms).toBeGreaterThanOrEqual(350);
    expect(ms).toBeLessThan(1500);
    expect(silent.queries()).toBeGreaterThan(before);
    expect(resolve.stats()).toEqual({ active: 0, waiting: 0, fallbackActive: 0 });
  });

  test("the job's abort cancels its lookup at once", async () => {
    const resolve = createDnsResolver({ servers: [silent.server], timeoutMs: 10_000, maxConcurrent: 4 });
    const job = new AbortController();
    setTimeout(() => job.abort(new Error("timed out after 1 s")), 100);
    const [ms, outcome] = await elapsed(() => resolve("job.example.com", job.signal));
    expect((outcome as PromiseRejectedResult).reason).toMatchObject({ message: "timed out after 1 s" });
    expect(ms).toBeLessThan(600);
    expect(resolve.stats()).toEqual({ active: 0, waiting: 0, fallbackActive: 0 });
  });

  test("five times the cap of stuck lookups: the rest wait their turn, and fs, crypto and dns.lookup stay fast", async () => {
    const resolve = createDnsResolver({ servers: [silent.server], timeoutMs: 20_000, maxConcurrent: 4 });
    const jobs = new AbortController();
    const stuck = Array.from({ length: 20 }, (_, i) => resolve(`stuck-${i}.example.com`, jobs.signal).catch((err: unknown) => err));
    await new Promise((r) => setTimeout(r, 200));
    expect(resolve.stats()).toEqual({ active: 4, waiting: 16, fallbackActive: 0 });
    // The thread pool is free: these do not wait for any lookup.
    expect(await threadPoolWork()).toBeLessThan(1000);
    jobs.abort(new Error("shutdown"));
    const [ms] = await elapsed(() => Promise.all(stuck));
    expect(ms).toBeLessThan(500);
    expect((await Promise.all(stuck)).every((e) => e instanceof Error && e.message === "shutdown")).toBe(true);
    expect(resolve.stats()).toEqual({ active: 0, waiting: 0, fallbackActive: 0 });
  });

  test("an http job whose host's DNS never answers fails at its own timeout, its lookup cancelled", async () => {
    const resolve = createDnsResolver({ servers: [silent.server], timeoutMs: 20_000, maxConcurrent: 4 });
    const spec = createHttpEntrypoint({ resolve });
    const controller = new AbortController();
    const ctx: RunContext = {
      signal: controller.signal,
      get aborted() {
        return controller.signal.aborted;
      },
      log: () => {},
      output: () => {}, secret: () => Promise.reject(new Error("no team secrets in this test")), schedule: { id: "s", name: "s", teamId: "u", timezone: "UTC" },
      run: { id: "r", attempt: 1, scheduledFor: new Date(), trigger: "schedule" },
    };
    setTimeout(() => controller.abort(new Error("timed out after 0.3 s")), 300);
    const [ms, outcome] = await elapsed(() => spec.execute({ url: "https://hooks.example.com/x", method: "POST", headers: {} }, ctx, { allowPrivateNetwork: false }));
    expect(outcome.status).toBe("rejected");
    expect(String((outcome as PromiseRejectedResult).reason)).toMatch(/aborted: timed out after 0.3 s/);
    expect(ms).toBeLessThan(1000);
    await new Promise((r) => setTimeout(r, 20));
    expect(resolve.stats()).toEqual({ active: 0, waiting: 0, fallbackActive: 0 });
  });
});

describe("names DNS does not know", () => {
  test("fall back to the system resolver: localhost is found in /etc/hosts", async () => {
    const resolve = createDnsResolver({ servers: [nxdomain.server], timeoutMs: 2000, maxConcurrent: 4 });
    const found = await resolve("localhost");
    expect(found.map((a) => a.address)).toContain("127.0.0.1");
  });

  test(`at most ${FALLBACK_MAX_CONCURRENT} fallbacks hold a thread at once; a job that gives up leaves its thread taken until the lookup returns`, async () => {
    const returns: (() => void)[] = [];
    const fallback = () => new Promise<{ address: string; family: 4 }[]>((resolve) => returns.push(() => resolve([{ address: "93.184.216.34", family: 4 }])));
    const resolve = createDnsResolver({ servers: [nxdomain.server], timeoutMs: 20_000, maxConcurrent: 4, fallback });
    const jobs = new AbortController();
    const waiting = Array.from({ length: 5 }, (_, i) => resolve(`unknown-${i}.example.com`, jobs.signal).catch((err: unknown) => err));
    await new Promise((r) => setTimeout(r, 200));
    expect(returns).toHaveLength(FALLBACK_MAX_CONCURRENT);
    expect(resolve.stats().fallbackActive).toBe(FALLBACK_MAX_CONCURRENT);
    jobs.abort(new Error("gave up"));
    expect((await Promise.all(waiting)).every((e) => e instanceof Error && e.message === "gave up")).toBe(true);
    expect(resolve.stats().fallbackActive).toBe(FALLBACK_MAX_CONCURRENT); // getaddrinfo cannot be cancelled
    returns.forEach((r) => r());
    await new Promise((r) => setTimeout(r, 0));
    expect(resolve.stats()).toEqual({ active: 0, waiting: 0, fallbackActive: 0 });
  });
});

describe("the SSRF guard with real DNS answers", () => {
  let server: http.Server;
  let port: number;
  beforeAll(async () => {
    server = http.createServer((_req, res) => res.end("ok"));
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  const ctx = (): RunContext => {
    const controller = new AbortController();
    return { signal: controller.signal, aborted: false, log: () => {}, output: () => {}, secret: () => Promise.reject(new Error("no team secrets in this test")), schedule: { id: "s", name: "s", teamId: "u", timezone: "UTC" }, run: { id: "r", attempt: 1, scheduledFor: new Date(), trigger: "schedule" } };
  };

  test("a name whose A record is 127.0.0.1 is refused at connection time; allowed, it connects to that address", async () => {
    const resolve = createDnsResolver({ servers: [table.server], timeoutMs: 2000, maxConcurrent: 4 });
    expect(await resolve("hooks.example.com")).toEqual([{ address: "93.184.216.34", family: 4 }]);
    const spec = createHttpEntrypoint({ resolve });
    const payload = { url: `http://rebind.example.com:${port}/`, method: "GET" as const, headers: {} };
    await expect(spec.execute(payload, ctx(), { allowPrivateNetwork: false })).rejects.toThrow('"rebind.example.com" resolves to 127.0.0.1, which is a loopback address');
    await expect(spec.validateExecution(payload, { allowPrivateNetwork: false })).rejects.toThrow(/loopback/);
    await expect(spec.execute({ ...payload, url: `http://local.example.com:${port}/` }, ctx(), { allowPrivateNetwork: true })).resolves.toMatchObject({ status: 200, body: "ok" });
  });
});
