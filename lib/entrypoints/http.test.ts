import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, beforeEach, describe, expect, test } from "vitest";
import { createHttpEntrypoint, HttpStatusError, RESPONSE_BODY_LIMIT, type HttpExecutionPayload, type HttpResult } from "./http";
import type { Resolver } from "./network";
import { registerPayload } from "./registry";
import { isSealedSecret } from "./secrets";
import { open } from "../secrets/seal";
import { EntrypointError, type RunContext } from "./types";

const DENY = { allowPrivateNetwork: false };
const ALLOW = { allowPrivateNetwork: true };
const PUBLIC = "https://93.184.216.34"; // a literal public address: registration does no DNS lookup

function context(signal = new AbortController().signal, lines: string[] = []): RunContext {
  return {
    signal,
    get aborted() {
      return signal.aborted;
    },
    log: (message) => lines.push(message),
    output: () => {}, secret: () => Promise.reject(new Error("no team secrets in this test")), schedule: { id: "s1", name: "hook", teamId: "u1", timezone: "UTC" },
    run: { id: "r1", attempt: 1, scheduledFor: new Date("2026-01-01T00:00:00Z"), trigger: "manual" },
  };
}

/** A resolver from a table that can be changed between calls; unknown names fail like getaddrinfo. */
function tableResolver(table: Record<string, string>): Resolver {
  return async (name) => {
    const address = table[name];
    if (!address) throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${name}`), { code: "ENOTFOUND" });
    return [{ address, family: address.includes(":") ? 6 : 4 }];
  };
}

// ---------------------------------------------------------------------------------------------
// A real server on 127.0.0.1

type Seen = { method: string; url: string; headers: http.IncomingHttpHeaders; rawHeaders: string[]; body: string };
let server: http.Server;
let port: number;
let base: string;
let seen: Seen[] = [];

beforeAll(async () => {
  server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const body = Buffer.concat(chunks).toString("utf8");
      seen.push({ method: req.method ?? "", url: req.url ?? "", headers: req.headers, rawHeaders: req.rawHeaders, body });
      const url = new URL(req.url ?? "/", "http://x");
      switch (url.pathname) {
        case "/echo":
          res.writeHead(200, { "content-type": "application/json", "x-not-kept": "1" });
          return res.end(JSON.stringify({ method: req.method, headers: req.headers, body }));
        case "/big":
          res.writeHead(200, { "content-type": "text/plain" });
          return res.end("a".repeat(10_000));
        case "/exact":
          return res.end("b".repeat(RESPONSE_BODY_LIMIT));
        case "/utf8":
          return res.end("€".repeat(3000)); // 3 bytes each: the 4 KiB cut falls inside a character
        case "/endless": {
          res.writeHead(200);
          const timer = setInterval(() => res.write("c".repeat(1024)), 5);
          res.on("close", () => clearInterval(timer));
          return;
        }
        case "/status":
          res.writeHead(Number(url.searchParams.get("code")), { "retry-after": "30" });
          return res.end("nope");
        case "/redirect":
          res.writeHead(302, { location: `${base}/echo` });
          return res.end();
        case "/slow":
          return; // never answers
        case "/slow-body":
          res.writeHead(200);
          return res.write("partial"); // never ends
        default:
          res.writeHead(404);
          return res.end();
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  port = (server.address() as AddressInfo).port;
  base = `http://127.0.0.1:${port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

beforeEach(() => {
  seen = [];
});

const spec = createHttpEntrypoint();

/** Registers (with private targets allowed) and runs. */
async function run(input: Record<string, unknown>, ctx = context()): Promise<HttpResult> {
  const registered = await registerPayload("http", input, undefined, ALLOW);
  if (!registered.ok) throw new Error(`${registered.field}: ${registered.message}`);
  const payload = registered.payload as HttpExecutionPayload;
  await spec.validateExecution(payload, ALLOW);
  return (await spec.execute(payload, ctx, ALLOW)) as HttpResult;
}

const failure = (p: Promise<unknown>) => p.then(
  () => {
    throw new Error("expected a failure");
  },
  (err: unknown) => err as Error,
);

// ---------------------------------------------------------------------------------------------

describe("payload validation", () => {
  test.each([
    [{ url: "ftp://93.184.216.34/file" }, "payload.url", "must be an http:// or https:// URL, not ftp://"],
    [{ url: "file:///etc/passwd" }, "payload.url", "must be an http:// or https:// URL, not file://"],
    [{}, "payload.url", "must be a URL"],
    [{ url: "not a url" }, "payload.url", "must be an absolute http:// or https:// URL"],
    [{ url: "/relative/path" }, "payload.url", "must be an absolute http:// or https:// URL"],
    [{ url: `${PUBLIC}/${"a".repeat(2048)}` }, "payload.url", "must be at most 2048 characters"],
    [{ url: "https://user:pw@93.184.216.34/" }, "payload.url", "must not contain a user name or password: send credentials in an Authorization header (it is kept secret)"],
    [{ url: PUBLIC, method: "TRACE" }, "payload.method", "must be one of GET, POST, PUT, PATCH, DELETE, HEAD"],
    [{ url: PUBLIC, method: "GET", body: "x" }, "payload.body", "a GET request cannot have a body"],
    [{ url: PUBLIC, method: "HEAD", body: { a: 1 } }, "payload.body", "a HEAD request cannot have a body"],
    [{ url: PUBLIC, body: "x".repeat(32 * 1024 + 1) }, "payload.body", "must be at most 32 KiB (is 33 KiB)"],
    [{ url: PUBLIC, body: { data: "é".repeat(17 * 1024) } }, "payload.body", "must be at most 32 KiB (is 35 KiB)"],
    [{ url: PUBLIC, headers: { "Bad Header": "x" } }, "payload.headers.Bad Header", "not a valid header name"],
    [{ url: PUBLIC, headers: { "X-Ä": "x" } }, "payload.headers.X-Ä", "not a valid header name"],
    [{ url: PUBLIC, headers: { "X-A": "a\r\nInjected: 1" } }, "payload.headers.X-A", "must not contain line breaks (CR or LF)"],
    [{ url: PUBLIC, headers: { "X-A": "a\nb" } }, "payload.headers.X-A", "must not contain line breaks (CR or LF)"],
    [{ url: PUBLIC, headers: { "X-A": { value: "a\rb", secret: true } } }, "payload.headers.X-A", "must not contain line breaks (CR or LF)"],
    [{ url: PUBLIC, headers: { "X-A": "a\u0000b" } }, "payload.headers.X-A", "must not contain control characters or characters beyond Latin-1"],
    [{ url: PUBLIC, headers: { "X-A": "x".repeat(8 * 1024 + 1) } }, "payload.headers.X-A", "must be at most 8 KiB"],
    [{ url: PUBLIC, headers: { "X-A": 5 } }, "payload.headers.X-A", 'must be a string or { "value": string, "secret": true }'],
    [{ url: PUBLIC, headers: { "X-A": { value: "v", secret: false } } }, "payload.headers.X-A", 'must be a string or { "value": string, "secret": true }'],
    [{ url: PUBLIC, headers: { "X-A": "1", "x-a": "2" } }, "payload.headers.x-a", '"x-a" is given more than once'],
    [{ url: PUBLIC, headers: { "Content-Length": "5" } }, "payload.headers.Content-Length", '"Content-Length" is set by Almanac and cannot be given'],
    [{ url: PUBLIC, headers: { "Transfer-Encoding": "chunked" } }, "payload.headers.Transfer-Encoding", '"Transfer-Encoding" is set by Almanac and cannot be given'],
    ...["Idempotency-Key", "idempotency-key", "Almanac-Run-Id", "ALMANAC-ATTEMPT", "Almanac-Scheduled-For", "Almanac-Schedule-Id", "Almanac-Anything"].map(
      (name): [{ url: string; headers: Record<string, string> }, string, string] => [
        { url: PUBLIC, headers: { [name]: "mine" } },
        `payload.headers.${name}`,
        `"${name}" is set by Almanac on every request (it tells the receiver which run it is) and cannot be given`,
      ],
    ),
    [{ url: PUBLIC, expectStatus: 700 }, "payload.expectStatus", "must be an HTTP status code (100-599)"],
    [{ url: PUBLIC, expectStatus: [200, 99] }, "payload.expectStatus.1", "must be an HTTP status code (100-599)"],
    [{ url: PUBLIC, expectStatus: [] }, "payload.expectStatus", "must list at least one status"],
    [{ url: PUBLIC, expectStatus: "200" }, "payload.expectStatus", "must be a status code or a list of them"],
    [{ url: PUBLIC, timeoutSeconds: 5 }, "payload.timeoutSeconds", 'unknown field "timeoutSeconds"'],
    [[], "payload", "must be a JSON object"],
  ])("%j is refused on %s", async (payload, field, message) => {
    expect(await registerPayload("http", payload, undefined, DENY)).toEqual({ ok: false, field, message });
  });

  test("51 headers are refused, 50 are fine", async () => {
    const headers = (n: number) => Object.fromEntries(Array.from({ length: n }, (_, i) => [`X-H${i}`, "v"]));
    expect(await registerPayload("http", { url: PUBLIC, headers: headers(51) }, undefined, DENY)).toEqual({ ok: false, field: "payload.headers", message: "at most 50 headers" });
    expect(await registerPayload("http", { url: PUBLIC, headers: headers(50) }, undefined, DENY)).toMatchObject({ ok: true });
  });

  test("a body of exactly 32 KiB is fine; a null body counts as none, even for GET", async () => {
    expect(await registerPayload("http", { url: PUBLIC, body: "x".repeat(32 * 1024) }, undefined, DENY)).toMatchObject({ ok: true });
    expect(await registerPayload("http", { url: PUBLIC, method: "GET", body: null }, undefined, DENY)).toEqual({
      ok: true,
      payload: { url: `${PUBLIC}/`, method: "GET", headers: {} },
    });
  });

  test("the stored payload is normalized", async () => {
    const r = await registerPayload("http", { url: "HTTPS://93.184.216.34:443/hook?x=1#frag", expectStatus: 204, body: { a: [1, "b", null] } }, undefined, DENY);
    expect(r).toEqual({ ok: true, payload: { url: "https://93.184.216.34/hook?x=1", method: "POST", headers: {}, body: { a: [1, "b", null] }, expectStatus: [204] } });
    const list = await registerPayload("http", { url: PUBLIC, method: "DELETE", expectStatus: [404, 200, 204, 200] }, undefined, DENY);
    expect(list).toMatchObject({ ok: true, payload: { method: "DELETE", expectStatus: [200, 204, 404] } });
  });

  test("a stored payload is itself a valid user payload (what the API shows can be sent back)", async () => {
    const r = await registerPayload("http", { url: PUBLIC, method: "PUT", headers: { "X-A": "1" }, body: "text", expectStatus: [200, 201] }, undefined, DENY);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(await registerPayload("http", r.payload, r.payload, DENY)).toEqual(r);
  });
});

describe("SSRF guard at registration", () => {
  test.each([
    ["http://127.0.0.1/", "loopback"],
    ["http://127.10.20.30:8080/x", "loopback"],
    ["http://[::1]/", "loopback"],
    ["http://10.0.0.5/", "private"],
    ["http://172.16.0.1/", "private"],
    ["http://172.31.255.254/", "private"],
    ["http://192.168.1.1/", "private"],
    ["http://[fc00::1]/", "private"],
    ["http://[fd00:ec2::254]/", "private"],
    ["http://169.254.169.254/latest/meta-data/", "link-local (cloud metadata)"],
    ["http://169.254.10.10/", "link-local"],
    ["http://[fe80::1]/", "link-local"],
    ["http://0.0.0.0/", "unspecified"],
    ["http://0/", "unspecified"],
    ["http://[::]/", "unspecified"],
    ["http://100.64.0.1/", "shared (CGNAT)"],
    ["http://[::ffff:127.0.0.1]/", "loopback (IPv4-mapped)"],
    ["http://[::ffff:7f00:1]/", "loopback (IPv4-mapped)"],
    ["http://[::ffff:10.0.0.5]/", "private (IPv4-mapped)"],
    ["http://[::ffff:169.254.169.254]/", "link-local (cloud metadata) (IPv4-mapped)"],
    ["http://[::ffff:0.0.0.0]/", "unspecified (IPv4-mapped)"],
    ["http://[::ffff:100.64.0.1]/", "shared (CGNAT) (IPv4-mapped)"],
    ["http://[::ffff:192.168.0.1]/", "private (IPv4-mapped)"],
    ["http://224.0.0.1/", "multicast"],
    ["http://[ff02::1]/", "multicast"],
    ["http://255.255.255.255/", "broadcast"],
    ["http://2130706433/", "loopback"],
    ["http://0x7f000001/", "loopback"],
    ["http://017700000001/", "loopback"],
    ["http://127.1/", "loopback"],
    ["http://0xa9.0xfe.0xa9.0xfe/", "link-local (cloud metadata)"],
    ["http://localhost/", "local host name"],
    ["http://localhost:3000/api", "local host name"],
    ["http://LocalHost./", "local host name"],
    ["http://app.localhost/", "local host name"],
    ["http://metadata.google.internal/computeMetadata/v1/", "local host name"],
  ])("%s is refused (%s)", async (url, reason) => {
    const r = await registerPayload("http", { url }, undefined, DENY);
    expect(r).toMatchObject({ ok: false, field: "payload.url" });
    if (r.ok) return;
    expect(r.message).toContain(reason);
    expect(r.message).toContain("ALLOW_PRIVATE_NETWORK_TARGETS=true");
  });

  test.each(["http://93.184.216.34/", "https://[2606:4700:4700::1111]/dns-query", "http://172.32.0.1/", "http://100.128.0.1/", "http://[::ffff:8.8.8.8]/"])("%s is accepted", async (url) => {
    expect(await registerPayload("http", { url }, undefined, DENY)).toMatchObject({ ok: true });
  });

  test("a name is resolved: refused if any address is private", async () => {
    const guarded = createHttpEntrypoint({ resolve: tableResolver({ "hooks.example.com": "93.184.216.34", "intranet.example.com": "10.0.0.5", "v6.example.com": "fd00::7" }) });
    await expect(guarded.register({ url: "https://hooks.example.com/x", method: "POST" }, DENY)).resolves.toMatchObject({ url: "https://hooks.example.com/x" });
    for (const [host, address] of [
      ["intranet.example.com", "10.0.0.5"],
      ["v6.example.com", "fd00::7"],
    ]) {
      const err = await failure(guarded.register({ url: `https://${host}/x`, method: "POST" }, DENY));
      expect(err).toBeInstanceOf(EntrypointError);
      expect(err).toMatchObject({ field: "url", message: expect.stringContaining(`"${host}" resolves to ${address}, which is a private address`) });
    }
  });

  test("a name that does not resolve now is accepted (it is checked again before each run)", async () => {
    const guarded = createHttpEntrypoint({ resolve: tableResolver({}) });
    await expect(guarded.register({ url: "https://not-yet.example.com/", method: "POST" }, DENY)).resolves.toMatchObject({ url: "https://not-yet.example.com/" });
  });

  test("a syntactically invalid name is refused", async () => {
    expect(await registerPayload("http", { url: "http://a..b/" }, undefined, DENY)).toEqual({ ok: false, field: "payload.url", message: 'could not resolve host "a..b": not a valid host name' });
    expect(await registerPayload("http", { url: "http://-bad-.example/" }, undefined, ALLOW)).toMatchObject({ ok: false, field: "payload.url" });
  });

  test("with allowPrivateNetwork every address class is accepted", async () => {
    for (const url of ["http://127.0.0.1:8080/", "http://localhost/", "http://169.254.169.254/", "http://[::ffff:7f00:1]/", "http://10.0.0.5/"]) {
      expect(await registerPayload("http", { url }, undefined, ALLOW)).toMatchObject({ ok: true });
    }
  });
});

describe("SSRF guard at execution", () => {
  test("a literal private address is refused without connecting", async () => {
    for (const url of [`${base}/echo`, `http://localhost:${port}/echo`, `http://[::ffff:127.0.0.1]:${port}/echo`]) {
      const payload: HttpExecutionPayload = { url, method: "POST", headers: {} };
      await expect(spec.validateExecution(payload, DENY)).rejects.toBeInstanceOf(EntrypointError);
      const err = await failure(spec.execute(payload, context(), DENY));
      expect(err).toBeInstanceOf(EntrypointError);
      expect(err).toMatchObject({ field: "url" });
    }
    expect(seen).toEqual([]);
  });

  test("a public name that resolves to 10.0.0.5 is refused by the execution validator and the executor", async () => {
    const guarded = createHttpEntrypoint({ resolve: tableResolver({ "public.example.com": "10.0.0.5" }) });
    const payload: HttpExecutionPayload = { url: "http://public.example.com/hook", method: "POST", headers: {} };
    await expect(guarded.validateExecution(payload, DENY)).rejects.toThrow('"public.example.com" resolves to 10.0.0.5, which is a private address');
    const err = await failure(guarded.execute(payload, context(), DENY));
    expect(err).toBeInstanceOf(EntrypointError);
    expect(err.message).toContain("resolves to 10.0.0.5");
  });

  test("https goes through the same guarded lookup", async () => {
    const guarded = createHttpEntrypoint({ resolve: tableResolver({ "secure.example.com": "169.254.169.254" }) });
    const err = await failure(guarded.execute({ url: "https://secure.example.com/", method: "GET", headers: {} }, context(), DENY));
    expect(err).toBeInstanceOf(EntrypointError);
    expect(err.message).toContain('"secure.example.com" resolves to 169.254.169.254, which is a link-local (cloud metadata) address');
  });

  test("DNS rebinding: a name that resolved publicly at check time but points at loopback when connecting is refused", async () => {
    const table = { "rebind.example.com": "93.184.216.34" };
    const guarded = createHttpEntrypoint({ resolve: tableResolver(table) });
    const payload = await guarded.register({ url: `http://rebind.example.com:${port}/echo`, method: "POST" }, DENY);
    await guarded.validateExecution(payload, DENY);
    table["rebind.example.com"] = "127.0.0.1";
    const err = await failure(guarded.execute(payload, context(), DENY));
    expect(err).toBeInstanceOf(EntrypointError);
    expect(err.message).toContain('"rebind.example.com" resolves to 127.0.0.1, which is a loopback address');
    expect(seen).toEqual([]);
  });

  test("the connection goes to the address the guard resolved", async () => {
    const guarded = createHttpEntrypoint({ resolve: tableResolver({ "hooks.example.com": "127.0.0.1" }) });
    const payload = await guarded.register({ url: `http://hooks.example.com:${port}/echo`, method: "GET" }, ALLOW);
    const result = (await guarded.execute(payload, context(), ALLOW)) as HttpResult;
    expect(result.status).toBe(200);
    expect(seen[0].headers.host).toBe(`hooks.example.com:${port}`);
  });
});

describe("execution against a local server (private targets allowed)", () => {
  test("POST with a JSON body: method, headers, body and the result's shape", async () => {
    const lines: string[] = [];
    const result = await run({ url: `${base}/echo?q=1`, headers: { "X-Custom": "yes", Authorization: "Bearer token-1234567890" }, body: { hello: "world", n: [1, 2] } }, context(undefined, lines));
    expect(Object.keys(result).sort()).toEqual(["body", "durationMs", "headers", "ok", "status"]);
    expect(result).toMatchObject({ status: 200, ok: true, headers: { "content-type": "application/json" } });
    expect(result.headers).not.toHaveProperty("x-not-kept");
    expect(result.durationMs).toBeGreaterThanOrEqual(0);
    expect(seen).toHaveLength(1);
    expect(seen[0]).toMatchObject({ method: "POST", url: "/echo?q=1", body: '{"hello":"world","n":[1,2]}' });
    expect(seen[0].headers).toMatchObject({
      "content-type": "application/json",
      "content-length": "27",
      "x-custom": "yes",
      authorization: "Bearer token-1234567890",
      "user-agent": "Almanac (cron job)",
    });
    expect(JSON.parse(result.body)).toMatchObject({ method: "POST", body: '{"hello":"world","n":[1,2]}' });
    // Scheme and host only: never the path or query, which may be a webhook's key.
    expect(lines).toEqual([`POST http://127.0.0.1:${port}`, "HTTP 200"]);
  });

  test("the user's Content-Type and User-Agent win; a string body is sent as-is", async () => {
    await run({ url: `${base}/echo`, method: "PUT", headers: { "content-type": "application/vnd.api+json", "User-Agent": "mine" }, body: { a: 1 } });
    expect(seen[0].headers).toMatchObject({ "content-type": "application/vnd.api+json", "user-agent": "mine" });
    await run({ url: `${base}/echo`, method: "PATCH", body: "a=1&b=2" });
    expect(seen[1]).toMatchObject({ method: "PATCH", body: "a=1&b=2", headers: { "content-type": "text/plain; charset=utf-8" } });
  });

  test.each(["GET", "DELETE", "HEAD", "POST"])("%s", async (method) => {
    const result = await run({ url: `${base}/echo`, method });
    expect(seen[0]).toMatchObject({ method, body: "" });
    expect(result.status).toBe(200);
    if (method === "HEAD") expect(result.body).toBe("");
    if (method === "POST") expect(seen[0].headers["content-length"]).toBe("0");
  });

  test("the body is cut at 4 KiB", async () => {
    const big = await run({ url: `${base}/big` });
    expect(big.body).toBe("a".repeat(4096));
    expect(big.truncated).toBe(true);
    const exact = await run({ url: `${base}/exact` });
    expect(exact.body).toHaveLength(4096);
    expect(exact).not.toHaveProperty("truncated");
    const utf8 = await run({ url: `${base}/utf8` });
    expect(utf8.body).toBe("€".repeat(Math.floor(4096 / 3)));
    expect(utf8.truncated).toBe(true);
  });

  test("an endless response is not read past the limit", async () => {
    const started = Date.now();
    const result = await run({ url: `${base}/endless`, method: "GET" });
    expect(result).toMatchObject({ status: 200, truncated: true });
    expect(result.body).toHaveLength(4096);
    expect(Date.now() - started).toBeLessThan(5000);
  });

  test("an unexpected status throws HttpStatusError carrying the result", async () => {
    const err = await failure(run({ url: `${base}/status?code=503` }));
    expect(err).toBeInstanceOf(HttpStatusError);
    expect(err.message).toBe("expected 2xx, got 503");
    const { result, status } = err as HttpStatusError;
    expect(status).toBe(503);
    expect(result).toMatchObject({ status: 503, ok: false, body: "nope", headers: { "retry-after": "30" } });
  });

  test("expectStatus decides what counts as success", async () => {
    await expect(run({ url: `${base}/status?code=503`, expectStatus: 503 })).resolves.toMatchObject({ status: 503, ok: true });
    await expect(run({ url: `${base}/echo`, expectStatus: [201, 204] })).rejects.toThrow("expected 201 or 204, got 200");
    await expect(run({ url: `${base}/echo`, expectStatus: [201, 202, 204] })).rejects.toThrow("expected 201, 202 or 204, got 200");
  });

  test("a redirect is not followed: a failure unless expected", async () => {
    const err = await failure(run({ url: `${base}/redirect` }));
    expect(err).toBeInstanceOf(HttpStatusError);
    expect(err.message).toBe(`expected 2xx, got 302 (a redirect to ${base}/echo; redirects are not followed)`);
    expect((err as HttpStatusError).result.headers.location).toBe(`${base}/echo`);
    expect(seen.map((s) => s.url)).toEqual(["/redirect"]);
    await expect(run({ url: `${base}/redirect`, expectStatus: 302 })).resolves.toMatchObject({ status: 302, ok: true });
  });

  test("an abort while waiting for the response ends the request promptly", async () => {
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 100);
    const started = Date.now();
    const err = await failure(run({ url: `${base}/slow` }, context(controller.signal)));
    expect(err.name).toBe("AbortError");
    expect(err.message).toBe("the request was aborted");
    expect(Date.now() - started).toBeLessThan(2000);
  });

  test("an abort while the body is arriving ends it too, with the reason given", async () => {
    const controller = new AbortController();
    setTimeout(() => controller.abort(new Error("timed out after 1s")), 100);
    const err = await failure(run({ url: `${base}/slow-body`, method: "GET" }, context(controller.signal)));
    expect(err.name).toBe("AbortError");
    expect(err.message).toBe("the request was aborted: timed out after 1s");
  });

  test("an already aborted signal sends nothing", async () => {
    const err = await failure(run({ url: `${base}/echo` }, context(AbortSignal.abort())));
    expect(err.name).toBe("AbortError");
    expect(seen).toEqual([]);
  });

  test("a refused connection is an ordinary error", async () => {
    const closed = http.createServer();
    await new Promise<void>((resolve) => closed.listen(0, "127.0.0.1", resolve));
    const closedPort = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    const err = await failure(run({ url: `http://127.0.0.1:${closedPort}/` }));
    expect(err).not.toBeInstanceOf(EntrypointError);
    expect(err.message).toContain("ECONNREFUSED");
  });
});

describe("delivery headers: the receiver can tell runs apart", () => {
  const slot = new Date("2026-12-06T10:00:00Z");
  const ctxFor = (run: RunContext["run"]): RunContext => ({ ...context(), schedule: { id: "sched-7", name: "hook", teamId: "u1", timezone: "UTC" }, run });

  test("every request names its run, schedule, slot and attempt; the idempotency key is the slot's", async () => {
    await run({ url: `${base}/echo`, method: "GET" }, ctxFor({ id: "run-1", attempt: 1, scheduledFor: slot, trigger: "schedule" }));
    await run({ url: `${base}/echo` }, ctxFor({ id: "run-2", attempt: 2, scheduledFor: slot, trigger: "retry" }));
    expect(seen.map((s) => s.headers)).toEqual([
      expect.objectContaining({
        "almanac-run-id": "run-1",
        "almanac-schedule-id": "sched-7",
        "almanac-scheduled-for": "2026-12-06T10:00:00.000Z",
        "almanac-attempt": "1",
        "idempotency-key": "sched-7:2026-12-06T10:00:00.000Z",
      }),
      expect.objectContaining({
        "almanac-run-id": "run-2",
        "almanac-attempt": "2",
        "idempotency-key": "sched-7:2026-12-06T10:00:00.000Z", // a retry of the same slot: the same key
      }),
    ]);
  });

  test("a payload stored before the names were reserved cannot override them: Almanac's values are sent, once", async () => {
    const stored: HttpExecutionPayload = {
      url: `${base}/echo`,
      method: "POST",
      headers: { "idempotency-key": "mine", "ALMANAC-RUN-ID": "forged", "Almanac-Attempt": { value: "9", secret: true }, "X-Kept": "yes" },
    };
    await spec.execute(stored, ctxFor({ id: "run-3", attempt: 1, scheduledFor: slot, trigger: "schedule" }), ALLOW);
    expect(seen[0].headers).toMatchObject({ "idempotency-key": "sched-7:2026-12-06T10:00:00.000Z", "almanac-run-id": "run-3", "almanac-attempt": "1", "x-kept": "yes" });
    const names = seen[0].rawHeaders.filter((_, i) => i % 2 === 0).map((n) => n.toLowerCase());
    for (const name of ["idempotency-key", "almanac-run-id", "almanac-attempt"]) expect(names.filter((n) => n === name)).toHaveLength(1);
  });
});

describe("secrets", () => {
  const TOKEN = "Bearer abcdefghijklmnop";

  async function registered(headers: Record<string, unknown>, previous?: unknown) {
    const r = await registerPayload("http", { url: PUBLIC, headers }, previous, DENY);
    if (!r.ok) throw new Error(`${r.field}: ${r.message}`);
    return r.payload as HttpExecutionPayload;
  }
  /** The stored headers with each sealed one opened, as { value, secret: true }. */
  const opened = (headers: HttpExecutionPayload["headers"]) =>
    Object.fromEntries(Object.entries(headers).map(([name, h]) => [name, isSealedSecret(h) ? { value: open(h.sealed), secret: true } : h]));

  test("secret headers are stored sealed and shown masked", async () => {
    const stored = await registered({ Authorization: TOKEN, "X-Api-Key": "short", "X-Custom": "plain", "X-Signing": { value: "s3cr3t-value-1234", secret: true }, "X-Refresh-Token": "rt-0123456789abcdef" });
    expect(JSON.stringify(stored)).not.toMatch(/abcdefghijkl|short|s3cr3t|rt-0123/);
    expect(stored.headers.Authorization).toEqual({ sealed: expect.stringMatching(/^s1\.[0-9a-f]{8}\./), mask: "••••mnop", secret: true });
    expect(opened(stored.headers)).toEqual({
      Authorization: { value: TOKEN, secret: true },
      "X-Api-Key": { value: "short", secret: true },
      "X-Custom": "plain",
      "X-Signing": { value: "s3cr3t-value-1234", secret: true },
      "X-Refresh-Token": { value: "rt-0123456789abcdef", secret: true },
    });
    const shown = spec.present(stored);
    expect(shown).toEqual({
      url: `${PUBLIC}/`,
      method: "POST",
      headers: {
        Authorization: { value: "••••mnop", secret: true },
        "X-Api-Key": { value: "••••", secret: true },
        "X-Custom": "plain",
        "X-Signing": { value: "••••1234", secret: true },
        "X-Refresh-Token": { value: "••••cdef", secret: true },
      },
    });
    expect(JSON.stringify(shown)).not.toMatch(/abcdefghijkl|short|s3cr3t|rt-0123/);
  });

  test.each(["Cookie", "Proxy-Authorization", "x-api-key", "X-Auth-Token", "Client-Secret", "X-Password", "Api-Key"])("%s counts as secret", async (name) => {
    const stored = await registered({ [name]: "some-long-secret-value" });
    expect(opened(stored.headers)[name]).toEqual({ value: "some-long-secret-value", secret: true });
    expect(JSON.stringify(stored)).not.toContain("some-long-secret-value");
  });

  test("sending back what was shown keeps the secret", async () => {
    const stored = await registered({ Authorization: TOKEN, "X-Api-Key": "short", "X-Custom": "plain" });
    const shown = spec.present(stored);
    const again = await registerPayload("http", shown, stored, DENY);
    expect(again).toEqual({ ok: true, payload: stored });
    // also as a plain string, and under another spelling of the name
    const plain = await registered({ authorization: "••••mnop", "X-Api-Key": { value: "••••", secret: true } }, stored);
    expect(opened(plain.headers)).toEqual({ authorization: { value: TOKEN, secret: true }, "X-Api-Key": { value: "short", secret: true } });
    // the saved sealed value is kept as it is: a masked value is never opened to be stored again
    expect(plain.headers.authorization).toEqual(stored.headers.Authorization);
  });

  test("a changed value replaces the secret; a header left out is dropped", async () => {
    const stored = await registered({ Authorization: TOKEN, "X-Custom": "plain" });
    const changed = await registered({ Authorization: "Bearer new-token-value" }, stored);
    expect(opened(changed.headers)).toEqual({ Authorization: { value: "Bearer new-token-value", secret: true } });
  });

  test("a masked value that does not match the saved one is refused", async () => {
    const stored = await registered({ Authorization: TOKEN });
    expect(await registerPayload("http", { url: PUBLIC, headers: { Authorization: "••••zzzz" } }, stored, DENY)).toMatchObject({
      ok: false,
      field: "payload.headers.Authorization",
      message: expect.stringContaining("send the real value"),
    });
    expect(await registerPayload("http", { url: PUBLIC, headers: { Authorization: "••••mnop" } }, undefined, DENY)).toMatchObject({ ok: false, field: "payload.headers.Authorization" });
    expect(await registerPayload("http", { url: PUBLIC, headers: { "X-Other": "••••mnop" } }, stored, DENY)).toMatchObject({ ok: false, field: "payload.headers.X-Other" });
  });

  test("the real secret is what is sent", async () => {
    const stored = await registered({ Authorization: TOKEN });
    await spec.execute({ ...stored, url: `${base}/echo` }, context(), ALLOW);
    expect(seen[0].headers.authorization).toBe(TOKEN);
  });
});
