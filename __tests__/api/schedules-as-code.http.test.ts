// Schedules as code over real HTTP against `next start` (SQLite; the suite covers both databases
// in-process): export and apply are reached beside /api/v1/schedules/[id], export answers a YAML
// file, and apply takes a document past the 64 KiB other bodies are held to.
import path from "node:path";
import { afterAll, beforeAll, expect, test } from "vitest";
import { parse as parseYaml } from "yaml";
import { migrate } from "../../lib/db/migrate";
import { sqliteTarget } from "../../lib/db/target";
import { tempDir, unique } from "../support/databases";
import { call } from "../support/http";
import { startServer, type TestServer } from "../support/server";

let server: TestServer;
let me: Record<string, string>;
beforeAll(async () => {
  const target = sqliteTarget(path.join(tempDir(), "almanac.db"));
  await migrate(target);
  server = await startServer(target);
  const email = `${unique("as-code")}@example.com`;
  await call(server.url, "POST", "/api/v1/auth/register", { body: { email, password: "password123" } });
  const { json } = await call(server.url, "POST", "/api/v1/auth/token", { body: { email, password: "password123" } });
  me = { authorization: `Bearer ${json.accessToken}` };
});
afterAll(async () => {
  await server?.stop();
});

test("apply a large document, export it as a YAML file, apply the export: unchanged", async () => {
  // 300 schedules with long descriptions: about 600 KiB of YAML.
  const names = Array.from({ length: 300 }, (_, i) => `job ${String(i).padStart(3, "0")}`);
  const content = `version: 1\nschedules:\n${names.map((n) => `  ${n}:\n    cronExpression: "@hourly"\n    description: "${"d".repeat(1900)}"\n`).join("")}`;
  expect(content.length).toBeGreaterThan(512 * 1024);
  const applied = await call(server.url, "POST", "/api/v1/schedules/apply", { headers: me, body: { content } });
  expect(applied.status, applied.text.slice(0, 500)).toBe(200);
  expect(applied.json.created).toHaveLength(300);

  const exported = await call(server.url, "GET", "/api/v1/schedules/export", { headers: me });
  expect(exported.status).toBe(200);
  expect(exported.headers.get("content-type")).toBe("application/yaml; charset=utf-8");
  expect(exported.headers.get("content-disposition")).toMatch(/^attachment; filename=".+\.schedules\.yaml"$/);
  expect(Object.keys(parseYaml(exported.text).schedules)).toEqual(names);

  const again = await call(server.url, "POST", "/api/v1/schedules/apply", { headers: me, body: { content: exported.text } });
  expect(again.json).toEqual({ created: [], updated: [], deleted: [], unchanged: 300, errors: [] });
  expect((await call(server.url, "GET", "/api/v1/schedules/document-schema")).json.$defs.SchedulesDocument).toBeDefined();
});
