// The schedules API over real HTTP against `next start`, on each database: a user's whole round
// (create, list, get, change, toggle, run, runs, delete), another user kept out, and the OpenAPI
// document served.
import { afterAll, beforeAll, expect, test } from "vitest";
import { eachDatabase, unique } from "../support/databases";
import { call } from "../support/http";
import { startServer, type TestServer } from "../support/server";

eachDatabase((target) => {
  let server: TestServer;
  const auth: Record<string, string>[] = [];
  beforeAll(async () => {
    server = await startServer(target());
    for (let i = 0; i < 2; i++) {
      const email = `${unique("http")}@example.com`;
      await call(server.url, "POST", "/api/v1/auth/register", { body: { email, password: "password123" } });
      const { json } = await call(server.url, "POST", "/api/v1/auth/token", { body: { email, password: "password123" } });
      auth.push({ authorization: `Bearer ${json.accessToken}` });
    }
  });
  afterAll(async () => {
    await server?.stop();
  });

  test("a schedule's whole life over HTTP", async () => {
    const base = server.url;
    const [me] = auth;
    const created = await call(base, "POST", "/api/v1/schedules", { headers: me, body: { name: "nightly backup", cronExpression: "0 2 * * *", timezone: "Europe/Berlin" } });
    expect(created.status).toBe(201);
    const id = created.json.id;
    expect(created.headers.get("location")).toBe(`/api/v1/schedules/${id}`);
    expect(created.json.cronHuman).toBe("At 02:00 AM, every day (Europe/Berlin)");

    const list = await call(base, "GET", "/api/v1/schedules?q=BACKUP", { headers: me });
    expect(list.json.items.map((s: { id: string }) => s.id)).toEqual([id]);

    const patched = await call(base, "PATCH", `/api/v1/schedules/${id}`, { headers: me, body: { cronExpression: "@hourly" } });
    expect(patched.json).toMatchObject({ cronExpression: "0 * * * *", cronHuman: "Every hour, every day (Europe/Berlin)" });

    const off = await call(base, "PATCH", `/api/v1/schedules/${id}/toggle`, { headers: me });
    expect(off.json).toMatchObject({ isEnabled: false, nextRunAt: null });

    const queued = await call(base, "POST", `/api/v1/schedules/${id}/run`, { headers: me });
    expect(queued.status).toBe(202);
    const runs = await call(base, "GET", `/api/v1/schedules/${id}/runs`, { headers: me });
    expect(runs.json.items).toEqual([expect.objectContaining({ id: queued.json.run.id, status: "queued", trigger: "manual" })]);

    const other = auth[1];
    expect((await call(base, "GET", `/api/v1/schedules/${id}`, { headers: other })).status).toBe(404);
    expect((await call(base, "DELETE", `/api/v1/schedules/${id}`, { headers: other })).status).toBe(404);

    expect((await call(base, "DELETE", `/api/v1/schedules/${id}`, { headers: me })).status).toBe(204);
    expect((await call(base, "GET", `/api/v1/schedules/${id}`, { headers: me })).status).toBe(404);
  });

  test("bad input over HTTP: named 400s, 413 for a huge body, 401 without credentials", async () => {
    const base = server.url;
    const bad = await call(base, "POST", "/api/v1/schedules", { headers: auth[0], body: { name: "x", cronExpression: "0 0 0 * * *" } });
    expect(bad.status).toBe(400);
    expect(bad.json.error.fields.cronExpression).toMatch(/seconds are not supported/);
    const huge = await call(base, "POST", "/api/v1/schedules", { headers: auth[0], body: { name: "x", cronExpression: "* * * * *", description: "d".repeat(70_000) } });
    expect(huge.status).toBe(413);
    expect((await call(base, "GET", "/api/v1/schedules")).status).toBe(401);
  });

  test("20 parallel creates with the same name over HTTP: one 201, nineteen 409", async () => {
    const name = unique("parallel");
    const results = await Promise.all(Array.from({ length: 20 }, () => call(server.url, "POST", "/api/v1/schedules", { headers: auth[1], body: { name, cronExpression: "*/5 * * * *" } })));
    expect(results.filter((r) => r.status === 201)).toHaveLength(1);
    expect(results.filter((r) => r.status === 409)).toHaveLength(19);
  });

  test("the OpenAPI document is served without credentials", async () => {
    const res = await call(server.url, "GET", "/api/v1/openapi.json");
    expect(res.status).toBe(200);
    expect(res.json.openapi).toBe("3.1.0");
  });
});
