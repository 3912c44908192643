// The OpenAPI 3.1 document, generated from lib/openapi/operations.ts (and so from the zod schemas
// the handlers use). Request schemas are rendered as clients must send them (zod's "input" view),
// response schemas as the server sends them ("output").
import { z } from "zod";
import { operations, type Operation } from "./operations";

type JsonSchema = Record<string, unknown>;

/**
 * The JSON Schema of `schema`. Schemas named with .meta({ id }) become shared components, which
 * `components` collects; references to them point there.
 */
function jsonSchema(schema: z.ZodType, io: "input" | "output", components: Record<string, JsonSchema>): JsonSchema {
  const { $schema: _dialect, $defs, ...rest } = z.toJSONSchema(schema, { io, unrepresentable: "any" }) as JsonSchema;
  const relink = (v: unknown) => JSON.parse(JSON.stringify(v).replaceAll('"#/$defs/', '"#/components/schemas/')) as JsonSchema;
  for (const [id, def] of Object.entries(($defs ?? {}) as Record<string, JsonSchema>)) components[id] ??= relink(def);
  return relink(rest);
}

function parameters(op: Operation, components: Record<string, JsonSchema>): JsonSchema[] {
  const path = [...op.path.matchAll(/\{(\w+)\}/g)].map((m) => ({ name: m[1], in: "path", required: true, schema: { type: "string" } }));
  const query = op.query
    ? Object.entries(op.query.shape).map(([name, field]) => ({
        name,
        in: "query",
        required: !(field as z.ZodType).safeParse(undefined).success,
        schema: jsonSchema(field as z.ZodType, "input", components),
      }))
    : [];
  return [...path, ...query];
}

function operation(op: Operation, components: Record<string, JsonSchema>): JsonSchema {
  const responses = Object.fromEntries(
    Object.entries(op.responses).map(([status, r]) => [
      status,
      {
        description: r.description,
        ...(r.schema
          ? {
              content: {
                [r.mediaType ?? "application/json"]: { schema: jsonSchema(r.schema, "output", components) },
                ...(r.events ? { "text/event-stream": { schema: { type: "string", description: r.events } } } : {}),
              },
            }
          : {}),
      },
    ]),
  );
  return {
    operationId: op.operationId ?? `${op.method}${op.path.replace(/^\/api(\/v1)?/, "").replace(/[{}]/g, "").replace(/[^a-zA-Z0-9]+(\w)/g, (_, c: string) => c.toUpperCase())}`,
    summary: op.summary,
    tags: [op.tag],
    ...(op.auth === false ? { security: [] } : {}),
    parameters: parameters(op, components),
    ...(op.body ? { requestBody: { required: op.bodyRequired ?? false, content: { "application/json": { schema: jsonSchema(op.body, "input", components) } } } } : {}),
    ...(op.rawBody ? { requestBody: { required: false, content: { [op.rawBody.mediaType]: { schema: { type: "string", description: op.rawBody.description } } } } } : {}),
    responses,
  };
}

export function openApiDocument(): JsonSchema {
  const paths: Record<string, Record<string, JsonSchema>> = {};
  const schemas: Record<string, JsonSchema> = {};
  for (const op of operations) (paths[op.path] ??= {})[op.method] = operation(op, schemas);
  return {
    openapi: "3.1.0",
    info: {
      title: "Almanac API",
      version: "1",
      description: "Self-hosted cron scheduling. Authenticate with a session cookie, `Authorization: Bearer <JWT>` from POST /api/v1/auth/token, or `Authorization: Bearer alm_...` (an API token). Errors: `{\"error\": {\"code\", \"message\", \"fields\"?}}`.",
    },
    servers: [{ url: "/" }],
    security: [{ bearer: [] }, { session: [] }],
    components: {
      schemas,
      securitySchemes: {
        bearer: { type: "http", scheme: "bearer", description: "A JWT from POST /api/v1/auth/token, or an API token (alm_...)" },
        session: { type: "apiKey", in: "cookie", name: "next-auth.session-token" },
      },
    },
    paths,
  };
}
