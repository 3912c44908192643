import { describe, expect, test, vi } from "vitest";
import { z } from "zod";
import { ENTRYPOINTS, entrypointKeys, getEntrypoint, listEntrypoints, loadExecution, payloadJsonSchema, prepareExecution, presentPayload, registerPayload, runEntrypoint } from "./registry";
import { EntrypointError, type RunContext } from "./types";

const DENY = { allowPrivateNetwork: false };
// Shell jobs are off by default; on here, so that every type's payloads go through (shell.test.ts tests the switch).
vi.hoisted(() => void (process.env.ALLOW_SHELL_JOBS = "true"));

function context(log: RunContext["log"] = () => {}): RunContext {
  return {
    signal: new AbortController().signal,
    aborted: false,
    log,
    output: () => {}, secret: () => Promise.reject(new Error("no team secrets in this test")), schedule: { id: "s1", name: "n", teamId: "u1", timezone: "Europe/Paris" },
    run: { id: "r1", attempt: 2, scheduledFor: new Date(), trigger: "retry" },
  };
}

test("the registry holds log, http, llm, shell and heartbeat, under their own keys", () => {
  expect(entrypointKeys()).toEqual(["log", "http", "llm", "shell", "heartbeat"]);
  for (const [key, spec] of ENTRYPOINTS) expect(spec.key).toBe(key);
  expect(getEntrypoint("http")?.title).toBeTruthy();
  expect(getEntrypoint("nope")).toBeUndefined();
  expect(getEntrypoint("__proto__")).toBeUndefined();
  expect(getEntrypoint("constructor")).toBeUndefined();
});

describe("registerPayload", () => {
  test("an unknown job type names the known ones", async () => {
    expect(await registerPayload("x", {}, undefined, DENY)).toEqual({ ok: false, field: "entrypoint", message: 'unknown job type "x"; one of: log, http, llm, shell, heartbeat' });
    expect(await registerPayload("toString", {}, undefined, DENY)).toMatchObject({ ok: false, field: "entrypoint" });
  });

  test.each([undefined, null, 42, "text", [], [1, 2], { message: { nested: true } }, { url: ["x"] }])("never throws for bad input: %j", async (payload) => {
    for (const key of ["log", "http", "llm"]) {
      const r = await registerPayload(key, payload, undefined, DENY);
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.field).toMatch(/^payload(\.|$)/);
    }
  });

  test("an EntrypointError from the registration validator is mapped to payload.<field>", async () => {
    expect(await registerPayload("http", { url: "http://10.0.0.1/" }, undefined, DENY)).toMatchObject({ ok: false, field: "payload.url" });
  });

  test("a previous payload that does not fit the type is ignored", async () => {
    expect(await registerPayload("log", { message: "m" }, { url: 5 }, DENY)).toEqual({ ok: true, payload: { message: "m" } });
  });

  test("without a policy, ALLOW_PRIVATE_NETWORK_TARGETS decides (off by default)", async () => {
    vi.stubEnv("ALLOW_PRIVATE_NETWORK_TARGETS", undefined);
    expect(await registerPayload("http", { url: "http://127.0.0.1/" })).toMatchObject({ ok: false, field: "payload.url" });
    vi.unstubAllEnvs();
  });

  test("every registered payload is valid for its execution schema, and what the API shows is a valid user payload", async () => {
    const samples: Record<string, unknown[]> = {
      log: [{ message: "hi" }, { message: "hi", errorRate: 0.25 }],
      http: [
        { url: "https://93.184.216.34/x" },
        { url: "https://93.184.216.34/x", method: "PATCH", headers: { Authorization: "Bearer 1234567890abcdef", "X-A": "b" }, body: { a: 1 }, expectStatus: [200, 202] },
      ],
      llm: [{ prompt: "Summarize {{schedule.name}}" }, { prompt: "p", system: "s", model: "m", maxTokens: 10, temperature: 1.5 }],
      shell: [{ command: "echo hi" }, { command: ["pg_dump", "app"], cwd: "/srv", env: { PGUSER: "backup" } }],
      heartbeat: [{}, { graceSeconds: 60 }],
    };
    expect(Object.keys(samples)).toEqual(entrypointKeys());
    for (const [key, payloads] of Object.entries(samples)) {
      const spec = getEntrypoint(key)!;
      for (const payload of payloads) {
        const r = await registerPayload(key, payload, undefined, DENY);
        expect(r.ok).toBe(true);
        if (!r.ok) continue;
        expect(spec.executionPayloadSchema.safeParse(r.payload).success).toBe(true);
        const shown = presentPayload(key, r.payload);
        expect(spec.userPayloadSchema.safeParse(shown).success).toBe(true);
        expect(await registerPayload(key, shown, r.payload, DENY)).toEqual(r);
      }
    }
  });
});

describe("presentPayload", () => {
  test("masks secrets through the type's present()", () => {
    const stored = { url: "https://93.184.216.34/", method: "POST", headers: { "X-Api-Key": { value: "key-0123456789", secret: true } } };
    expect(presentPayload("http", stored)).toEqual({ url: "https://93.184.216.34/", method: "POST", headers: { "X-Api-Key": { value: "••••6789", secret: true } } });
  });

  test("an unknown type's payload is shown as stored, but never a secret", () => {
    expect(presentPayload("gone", { a: [1, "x"], b: null })).toEqual({ a: [1, "x"], b: null });
    expect(presentPayload("gone", { token: { value: "super-secret-token", secret: true } })).toEqual({ token: { value: "••••oken", secret: true } });
    expect(presentPayload("http", { url: 5, headers: { A: { value: "super-secret-token", secret: true } } })).toEqual({ url: 5, headers: { A: { value: "••••oken", secret: true } } });
  });
});

describe("listEntrypoints", () => {
  // Every keyword of JSON Schema draft 2020-12 (core, applicator, validation, meta-data, format, content, unevaluated).
  const KEYWORDS = new Set(
    (
      "$schema $id $ref $defs $comment $anchor $dynamicRef $dynamicAnchor $vocabulary allOf anyOf oneOf not if then else dependentSchemas prefixItems items contains " +
      "properties patternProperties additionalProperties propertyNames unevaluatedItems unevaluatedProperties type enum const multipleOf maximum exclusiveMaximum " +
      "minimum exclusiveMinimum maxLength minLength pattern maxItems minItems uniqueItems maxContains minContains maxProperties minProperties required dependentRequired " +
      "title description default deprecated readOnly writeOnly examples format contentEncoding contentMediaType contentSchema"
    ).split(" "),
  );
  const SCHEMA_MAPS = ["properties", "patternProperties", "$defs", "dependentSchemas"];
  const SCHEMA_LISTS = ["allOf", "anyOf", "oneOf", "prefixItems"];
  const SCHEMA_ONE = ["not", "if", "then", "else", "items", "contains", "additionalProperties", "propertyNames", "unevaluatedItems", "unevaluatedProperties", "contentSchema"];

  function checkSchema(schema: unknown, at: string, problems: string[]) {
    if (typeof schema === "boolean") return;
    if (typeof schema !== "object" || schema === null || Array.isArray(schema)) return void problems.push(`${at}: not a schema`);
    for (const [k, v] of Object.entries(schema)) {
      if (!KEYWORDS.has(k)) problems.push(`${at}: unknown keyword ${k}`);
      if (SCHEMA_MAPS.includes(k)) for (const [name, sub] of Object.entries(v as object)) checkSchema(sub, `${at}/${k}/${name}`, problems);
      if (SCHEMA_LISTS.includes(k)) (v as unknown[]).forEach((sub, i) => checkSchema(sub, `${at}/${k}/${i}`, problems));
      if (SCHEMA_ONE.includes(k)) checkSchema(v, `${at}/${k}`, problems);
    }
  }

  test("each type has its user payload's JSON Schema, draft 2020-12, with nothing of zod's", () => {
    const list = listEntrypoints();
    expect(list.map((e) => e.key)).toEqual(["log", "http", "llm", "shell", "heartbeat"]);
    for (const entry of list) {
      expect(Object.keys(entry).sort()).toEqual(["description", "key", "payloadSchema", "title"]);
      const schema = entry.payloadSchema;
      expect(schema.$schema).toBe("https://json-schema.org/draft/2020-12/schema");
      expect(schema.type).toBe("object");
      expect(schema.additionalProperties).toBe(false);
      expect(JSON.parse(JSON.stringify(schema))).toEqual(schema);
      const text = JSON.stringify(schema);
      expect(text).not.toMatch(/"~|"_zod|"def"|__schema/);
      const problems: string[] = [];
      checkSchema(schema, "#", problems);
      expect(problems).toEqual([]);
      for (const ref of text.match(/"#\/\$defs\/[^"]+"/g) ?? []) {
        const name = JSON.parse(ref).slice("#/$defs/".length);
        expect((schema.$defs as Record<string, unknown>)[name], ref).toBeDefined();
      }
    }
    const [log, http] = list.map((e) => e.payloadSchema as { properties: Record<string, Record<string, unknown>>; required: string[] });
    expect(Object.keys(log.properties)).toEqual(["message", "errorRate"]);
    expect(log.required).toEqual(["message"]);
    expect(log.properties.message).toMatchObject({ type: "string", minLength: 1, maxLength: 1000 });
    expect(Object.keys(http.properties)).toEqual(["url", "secretUrl", "method", "headers", "body", "expectStatus"]);
    expect(http.required).toEqual(["url"]);
    expect(http.properties.method).toMatchObject({ default: "POST", enum: ["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD"] });
    expect(http.properties.body).toMatchObject({ $ref: "#/$defs/JsonValue" });
    const shell = list.find((e) => e.key === "shell")!.payloadSchema as { properties: Record<string, Record<string, unknown>>; required: string[] };
    expect(Object.keys(shell.properties)).toEqual(["command", "cwd", "env"]);
    expect(shell.required).toEqual(["command"]);
    expect(shell.properties.command.anyOf).toEqual([{ type: "string", minLength: 1 }, { type: "array", items: { type: "string" }, minItems: 1, maxItems: 1000 }]);
  });

  test("callers get their own copy", () => {
    const first = listEntrypoints();
    (first[0].payloadSchema as Record<string, unknown>).type = "mutated";
    expect(listEntrypoints()[0].payloadSchema.type).toBe("object");
  });

  test("payloadJsonSchema names other generated $defs plainly", () => {
    type Tree = { children: Tree[] };
    const tree: z.ZodType<Tree> = z.lazy(() => z.object({ children: z.array(tree) }));
    const schema = payloadJsonSchema(z.object({ tree, data: z.json() }));
    expect(Object.keys(schema.$defs as object).sort()).toEqual(["Def1", "JsonValue"].sort());
    expect(JSON.stringify(schema)).not.toContain("__schema");
  });
});

const logSpec = () => getEntrypoint("log")!;

describe("runEntrypoint and loadExecution (for the worker)", () => {
  test("runs a stored payload", async () => {
    const log = vi.fn();
    await expect(runEntrypoint("log", { message: "tick" }, context(log), DENY)).resolves.toEqual({ message: "tick" });
    expect(log).toHaveBeenCalledWith("tick");
  });

  test("an unknown type or a payload that no longer fits is an EntrypointError", async () => {
    await expect(runEntrypoint("gone", {}, context(), DENY)).rejects.toThrow('unknown job type "gone"; one of: log, http, llm, shell');
    const err = await runEntrypoint("log", { message: 5 }, context(), DENY).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(EntrypointError);
    expect(err).toMatchObject({ field: "message", message: expect.stringContaining("the stored payload is invalid: payload.message") });
    expect(() => loadExecution("http", { url: "https://93.184.216.34/" })).toThrow(EntrypointError);
  });

  test("a payload checked ahead is taken by one load only; a bad one still fails its run", () => {
    const stored = { message: "tick" };
    prepareExecution("log", stored);
    const parse = vi.spyOn(logSpec().executionPayloadSchema, "safeParse");
    try {
      const first = loadExecution("log", stored);
      expect(first.payload).toEqual({ message: "tick" });
      expect(parse).not.toHaveBeenCalled(); // checked ahead
      const second = loadExecution("log", stored);
      expect(parse).toHaveBeenCalledTimes(1); // checked again: no two runs share a parsed payload
      expect(second.payload).toEqual(first.payload);
      expect(second.payload).not.toBe(first.payload);
    } finally {
      parse.mockRestore();
    }
    const bad = { message: 5 };
    prepareExecution("log", bad);
    expect(() => loadExecution("log", bad)).toThrow(/the stored payload is invalid: payload.message/);
    // Checked ahead under one job type, loaded under another: checked again, as that type.
    const both = { message: "x" };
    prepareExecution("log", both);
    expect(() => loadExecution("http", both)).toThrow(EntrypointError);
  });

  test("the execution validator runs before the executor", async () => {
    await expect(runEntrypoint("http", { url: "http://169.254.169.254/latest/meta-data/", method: "GET", headers: {} }, context(), DENY)).rejects.toThrow(/cloud metadata/);
  });
});
