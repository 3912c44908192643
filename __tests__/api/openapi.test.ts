// /api/v1/openapi.json is valid OpenAPI 3.1 and describes exactly the routes that exist.
import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { Validator } from "@seriousme/openapi-schema-validator";
import { expect, test } from "vitest";
import { GET } from "../../app/api/v1/openapi.json/route";
import { ROOT } from "../../lib/db/schema-source";

const document = async () => (await GET()).json() as Promise<{ paths: Record<string, Record<string, unknown>> }>;

test("validates as OpenAPI 3.1", async () => {
  const validator = new Validator();
  const result = await validator.validate(await document());
  expect(result.errors ?? []).toEqual([]);
  expect(result.valid).toBe(true);
  expect(validator.version).toBe("3.1");
});

/** Every (method, path) the route files under app/api and app/ping export, next-auth's own routes aside. */
function routesOnDisk(): string[] {
  const found: string[] = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const full = path.join(dir, name);
      if (statSync(full).isDirectory()) walk(full);
      else if (name === "route.ts") {
        const rel = path.relative(path.join(ROOT, "app"), path.dirname(full));
        if (rel.startsWith(path.join("api", "auth", "["))) continue; // next-auth
        const urlPath = "/" + rel.replace(/\[(\w+)\]/g, "{$1}").split(path.sep).join("/");
        const source = readFileSync(full, "utf8");
        for (const m of source.matchAll(/export (?:const|async function|function) (GET|POST|PATCH|PUT|DELETE)\b/g)) found.push(`${m[1].toLowerCase()} ${urlPath}`);
      }
    }
  };
  walk(path.join(ROOT, "app", "api"));
  walk(path.join(ROOT, "app", "ping"));
  return found.sort();
}

test("every route file's handlers are in the document, and nothing else", async () => {
  const doc = await document();
  const documented = Object.entries(doc.paths)
    .flatMap(([p, ops]) => Object.keys(ops).map((m) => `${m} ${p}`))
    .sort();
  expect(routesOnDisk().length).toBeGreaterThan(15);
  expect(documented).toEqual(routesOnDisk());
});

test("request schemas are the handlers' own: the create body lists every field and requires name and cronExpression", async () => {
  type Schema = { $ref?: string; properties: object; required: string[]; additionalProperties: boolean };
  const doc = (await document()) as unknown as {
    paths: Record<string, { post: { requestBody: { content: Record<string, { schema: Schema }> } } }>;
    components: { schemas: Record<string, Schema> };
  };
  const ref = doc.paths["/api/v1/schedules"].post.requestBody.content["application/json"].schema.$ref!;
  expect(ref).toBe("#/components/schemas/ScheduleCreate");
  const schema = doc.components.schemas.ScheduleCreate;
  expect(Object.keys(schema.properties)).toEqual(expect.arrayContaining(["name", "cronExpression", "timezone", "entrypoint", "payload", "overlapPolicy", "misfirePolicy"]));
  expect(schema.required).toEqual(["name", "cronExpression"]);
  expect(schema.additionalProperties).toBe(false);
});

test("the ping URLs of heartbeat checks are described as needing no credentials, answering plain text", async () => {
  type Op = { operationId: string; security?: unknown[]; requestBody?: { content: Record<string, unknown> }; responses: Record<string, { content?: Record<string, unknown> }> };
  const doc = (await document()) as unknown as { paths: Record<string, Record<string, Op>> };
  for (const p of ["/ping/{key}", "/ping/{key}/{signal}"]) {
    for (const method of ["get", "post"]) {
      const op = doc.paths[p][method];
      expect(op.security, `${method} ${p}`).toEqual([]);
      expect(Object.keys(op.responses).sort()).toEqual(["200", "404", "429", "500", "503"]);
      expect(Object.keys(op.responses["200"].content!)).toEqual(["text/plain"]);
    }
    expect(Object.keys(doc.paths[p].post.requestBody!.content)).toEqual(["text/plain"]);
  }
  expect(doc.paths["/ping/{key}"].get.operationId).toBe("getPing");
});
