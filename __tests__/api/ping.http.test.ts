// The ping endpoint of heartbeat checks against a real `next start` (one database: settling is
// tested on both in __tests__/heartbeats/settle.test.ts): a check made through the API, pinged at
// its pingUrl with no cookie, token or Origin, GET and POST, each signal; its runs and their
// output read back through the API; what a wrong key or signal answers; the per-key rate limit
// (PINGS_PER_MINUTE=5 on this server: no check here is pinged more than that, but the one that
// tests the limit).
import path from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { sqliteTarget } from "../../lib/db/target";
import { tempDir, unique } from "../support/databases";
import { call } from "../support/http";
import { startServer, type TestServer } from "../support/server";

let server: TestServer;
let auth: Record<string, string>;

beforeAll(async () => {
  server = await startServer(sqliteTarget(path.join(tempDir("ping-http"), "almanac.db")), { PINGS_PER_MINUTE: "5" });
  const email = `${unique("pinger")}@example.com`;
  await call(server.url, "POST", "/api/v1/auth/register", { body: { email, password: "password123" } });
  const { json } = await call(server.url, "POST", "/api/v1/auth/token", { body: { email, password: "password123" } });
  auth = { authorization: `Bearer ${json.accessToken}` };
}, 240_000);
afterAll(async () => {
  await server?.stop();
});

/** A heartbeat check made through the API; its pingUrl. A daily slot far from now: each ping here is a run of its own. */
async function check(): Promise<{ id: string; pingUrl: string }> {
  const created = await call(server.url, "POST", "/api/v1/schedules", { headers: auth, body: { name: unique("check"), cronExpression: "0 0 1 1 *", entrypoint: "heartbeat", payload: { graceSeconds: 120 } } });
  expect(created.status).toBe(201);
  expect(created.json.pingUrl).toMatch(new RegExp(`^${server.url}/ping/[A-Za-z0-9_-]{24}$`));
  return { id: created.json.id, pingUrl: created.json.pingUrl };
}

/** A ping with nothing but what curl sends: no cookie, no token, no Origin. */
async function ping(url: string, init: { method?: string; body?: string; headers?: Record<string, string> } = {}) {
  const res = await fetch(url, { method: init.method ?? "GET", body: init.body, headers: { "user-agent": "curl/8.5.0", ...init.headers } });
  return { status: res.status, text: await res.text(), headers: res.headers };
}

const runs = async (id: string) => {
  const r = await call(server.url, "GET", `/api/v1/schedules/${id}/runs`, { headers: auth });
  expect(r.status).toBe(200);
  return r.json.items as Record<string, any>[];
};
const output = async (runId: string) => {
  const r = await call(server.url, "GET", `/api/v1/runs/${runId}/output`, { headers: auth });
  expect(r.status).toBe(200);
  return { text: (r.json.chunks as { text: string }[]).map((c) => c.text).join(""), bytes: r.json.bytes as number };
};

describe("pinging a check", () => {
  test("GET its pingUrl: 200 OK as plain text, and a succeeded run with trigger ping", async () => {
    const c = await check();
    const res = await ping(c.pingUrl);
    expect(res.status).toBe(200);
    expect(res.text.trim()).toBe("OK");
    expect(res.headers.get("content-type")).toMatch(/^text\/plain/);
    const [run, ...more] = await runs(c.id);
    expect(more).toEqual([]);
    expect(run).toMatchObject({ trigger: "ping", status: "succeeded", error: null });
    expect(run.result).toMatchObject({ signal: "success", method: "GET", userAgent: "curl/8.5.0" });
  });

  test("POST /start with a body, then POST with a body: one run with a duration, its output both bodies", async () => {
    const c = await check();
    expect((await ping(`${c.pingUrl}/start`, { method: "POST", body: "backup starting\n" })).status).toBe(200);
    const [started] = await runs(c.id);
    expect(started).toMatchObject({ trigger: "ping", status: "running", finishedAt: null });
    expect((await ping(c.pingUrl, { method: "POST", body: "42 files copied\n" })).status).toBe(200);
    const all = await runs(c.id);
    expect(all).toHaveLength(1);
    expect(all[0]).toMatchObject({ id: started.id, status: "succeeded" });
    expect(all[0].durationMs).toEqual(expect.any(Number));
    expect(all[0].durationMs).toBe(Date.parse(all[0].finishedAt) - Date.parse(all[0].startedAt));
    expect((await output(started.id)).text).toBe("backup starting\n42 files copied\n");
  });

  test("/fail and an exit status fail their runs; /0 succeeds", async () => {
    const c = await check();
    expect((await ping(`${c.pingUrl}/fail`, { method: "POST", body: "it broke\n" })).status).toBe(200);
    expect((await ping(`${c.pingUrl}/7`, { method: "POST", body: "copying...\ndisk full\n" })).status).toBe(200);
    expect((await ping(`${c.pingUrl}/0`)).status).toBe(200);
    const list = (await runs(c.id)).reverse(); // oldest first
    expect(list.map((r) => [r.trigger, r.status])).toEqual([
      ["ping", "failed"],
      ["ping", "failed"],
      ["ping", "succeeded"],
    ]);
    expect(list[0].error).toEqual({ name: "PingFail", message: "the job reported failure (a /fail ping): it broke" });
    expect(list[1].error).toEqual({ name: "PingFail", message: "the job exited with status 7: disk full" });
    expect(list[1].result).toMatchObject({ signal: "fail", exitStatus: 7 });
    expect(list[2].result).toMatchObject({ signal: "success" });
  });

  test("a 50 KiB body: 200, and the run keeps exactly its first 10 KiB", async () => {
    const c = await check();
    const lines = Array.from({ length: 5000 }, (_, i) => `line ${String(i).padStart(5, "0")}\n`).join(""); // 11 bytes a line
    const body = lines.slice(0, 50 * 1024);
    expect(Buffer.byteLength(body)).toBe(51_200);
    const res = await ping(c.pingUrl, { method: "POST", body, headers: { "content-type": "text/plain" } });
    expect(res.status).toBe(200);
    const [run] = await runs(c.id);
    const out = await output(run.id);
    expect(out.bytes).toBe(10_240);
    expect(out.text).toBe(body.slice(0, 10_240));
  });

  test("POST with a foreign Origin, or none, is still a ping: the key is the only credential", async () => {
    const c = await check();
    expect((await ping(c.pingUrl, { method: "POST", body: "x", headers: { origin: "https://elsewhere.example" } })).status).toBe(200);
    expect((await ping(c.pingUrl, { method: "POST", body: "y" })).status).toBe(200);
    expect(await runs(c.id)).toHaveLength(2);
  });
});

describe("what is not a ping", () => {
  test("an unknown key of the right shape: 404 that says so", async () => {
    const res = await ping(`${server.url}/ping/${"A".repeat(24)}`);
    expect(res.status).toBe(404);
    expect(res.text).toMatch(/^not found: no heartbeat check has this ping URL/);
    expect((await ping(`${server.url}/ping/${"A".repeat(24)}/start`, { method: "POST" })).status).toBe(404);
  });

  test("a key of the wrong shape: 404", async () => {
    for (const key of ["short", "has.dots.in.it.and.is.long.enough", "x".repeat(65)]) {
      const res = await ping(`${server.url}/ping/${key}`);
      expect(res.status, key).toBe(404);
      expect(res.text).toMatch(/^not found/);
    }
  });

  test("a signal that is none of start, fail or 0-255: 404 naming it, and nothing recorded", async () => {
    const c = await check();
    for (const signal of ["nope", "256", "-1"]) {
      const res = await ping(`${c.pingUrl}/${signal}`, { method: "POST", body: "x" });
      expect(res.status, signal).toBe(404);
      expect(res.text).toContain(`"${signal}" is not a ping`);
      expect(res.text).toContain("/start, /fail or an exit status from 0 to 255");
    }
    expect(await runs(c.id)).toEqual([]);
  });
});

test("past PINGS_PER_MINUTE pings to one key: 429 with Retry-After; another check is not held back", async () => {
  const c = await check();
  for (let i = 1; i <= 5; i++) expect((await ping(c.pingUrl)).status, `ping ${i}`).toBe(200);
  const sixth = await ping(c.pingUrl);
  expect(sixth.status).toBe(429);
  expect(Number(sixth.headers.get("retry-after"))).toBeGreaterThan(0);
  expect(sixth.text).toMatch(/PINGS_PER_MINUTE/);
  expect(await runs(c.id)).toHaveLength(5);
  const other = await check();
  expect((await ping(other.pingUrl)).status).toBe(200);
});
