// The per-address limits against a real `next start` (issue 11, items 4 and 5): the address is the
// connection's (proxy.ts moves the X-Forwarded-For that arrived aside, so Next writes the socket's
// address there), and X-Forwarded-For is believed only from TRUSTED_PROXIES. Registration, limited
// to 3 an hour per address here, is the probe: a fourth registration gets a fresh budget only if
// the server took it for another address.
import { afterAll, expect, test } from "vitest";
import { sqliteTarget } from "../../lib/db/target";
import { tempDir, unique } from "../support/databases";
import { call } from "../support/http";
import { startServer, type TestServer } from "../support/server";

const servers: TestServer[] = [];
afterAll(async () => {
  for (const s of servers) await s.stop();
});

async function serverWith(trustedProxies: string) {
  const server = await startServer(sqliteTarget(`${tempDir("client-address")}/almanac.db`), { REGISTRATIONS_PER_ADDRESS_PER_HOUR: "3", TRUSTED_PROXIES: trustedProxies });
  servers.push(server);
  const register = (forwardedFor: string) =>
    call(server.url, "POST", "/api/v1/auth/register", { body: { email: `${unique("addr")}@example.com`, password: "correct horse battery" }, headers: { "x-forwarded-for": forwardedFor } });
  return register;
}

test("without trusted proxies, a new X-Forwarded-For per request gets no fresh budget", async () => {
  const register = await serverWith("");
  for (const spoofed of ["1.1.1.1", "2.2.2.2", "3.3.3.3"]) expect((await register(spoofed)).status).toBe(201);
  const fourth = await register("4.4.4.4");
  expect(fourth.status).toBe(429);
  expect(fourth.headers.get("retry-after")).toMatch(/^\d+$/);
});

test("the connection's own address is what counts: with a proxy trusted elsewhere, loopback's X-Forwarded-For is not believed", async () => {
  // Were the socket unknown to the handler, it would take the request as from a trusted proxy.
  const register = await serverWith("10.0.0.0/8");
  for (const spoofed of ["1.1.1.1", "2.2.2.2", "3.3.3.3"]) expect((await register(spoofed)).status).toBe(201);
  expect((await register("4.4.4.4")).status).toBe(429);
});

test("behind a trusted proxy, each client it forwards has its own budget", async () => {
  const register = await serverWith("127.0.0.1");
  for (let i = 0; i < 3; i++) expect((await register("203.0.113.7")).status).toBe(201);
  expect((await register("203.0.113.7")).status).toBe(429);
  // A client cannot escape by prepending its own entries: the right-most untrusted one counts.
  expect((await register("198.51.100.1, 203.0.113.7")).status).toBe(429);
  expect((await register("203.0.113.8")).status).toBe(201);
});

test("a body sent without a declared length skips proxy.ts: its own address headers are not believed either", async () => {
  const server = await startServer(sqliteTarget(`${tempDir("client-address")}/almanac.db`), { REGISTRATIONS_PER_ADDRESS_PER_HOUR: "3" });
  servers.push(server);
  const chunked = (spoofed: string) => {
    const body = new TextEncoder().encode(JSON.stringify({ email: `${unique("addr")}@example.com`, password: "correct horse battery" }));
    const stream = new ReadableStream({ start: (c) => (c.enqueue(body), c.close()) });
    // No Content-Length: sent chunked. The headers claim another address each time, both ways.
    return fetch(`${server.url}/api/v1/auth/register`, {
      method: "POST",
      headers: { "content-type": "application/json", "x-forwarded-for": spoofed, "x-almanac-forwarded-for": spoofed },
      body: stream,
      duplex: "half",
    } as RequestInit);
  };
  for (const spoofed of ["1.1.1.1", "2.2.2.2", "3.3.3.3"]) expect((await chunked(spoofed)).status).toBe(201);
  expect((await chunked("4.4.4.4")).status).toBe(429);
});
