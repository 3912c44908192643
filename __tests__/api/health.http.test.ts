// GET /api/health when the database cannot be reached: a 503 that says so, not a 500 or a hang.
import { afterAll, beforeAll, expect, test } from "vitest";
import { call } from "../support/http";
import { freePort, startServer, type TestServer } from "../support/server";

let server: TestServer;
beforeAll(async () => {
  const closedPort = await freePort(); // nothing listens there
  server = await startServer({ provider: "postgresql", url: `postgresql://postgres@127.0.0.1:${closedPort}/almanac` }, {}, { expectDatabaseDown: true });
});
afterAll(async () => {
  await server?.stop();
});

test("answers 503 with database unreachable", async () => {
  const res = await call(server.url, "GET", "/api/health");
  expect(res.status).toBe(503);
  expect(res.json).toEqual({ status: "error", database: "unreachable", worker: { online: false, lastSeenAt: null } });
});

test("API calls answer 503 with the error envelope and Retry-After, leaking no connection details", async () => {
  const res = await call(server.url, "POST", "/api/v1/auth/token", { body: { email: "a@example.com", password: "whatever123" } });
  expect(res.status).toBe(503);
  expect(res.headers.get("retry-after")).toBe("5");
  expect(res.json.error).toEqual({ code: "unavailable", message: "The database is unavailable right now; try again shortly" });
});
