// The job types a schedule can run, by key. Adding a type: a new lib/entrypoints/<key>.ts
// exporting its spec, and one line in ENTRYPOINTS below. Schedule.entrypoint is a plain string and
// Schedule.payload plain JSON, so no database migration is needed.
import { z } from "zod";
import { heartbeatEntrypoint } from "./heartbeat";
import { httpEntrypoint } from "./http";
import { llmEntrypoint } from "./llm";
import { logEntrypoint } from "./log";
import { defaultNetworkPolicy } from "./network";
import { scrubSecrets } from "./secrets";
import { shellEntrypoint } from "./shell";
import { checkSecretRefs, fillPayloadSecrets } from "../secrets/fill";
import { EntrypointError, type EntrypointSpec, type JsonValue, type NetworkPolicy, type RegisterContext, type RunContext } from "./types";

// Each spec has its own payload types.
type AnySpec = EntrypointSpec<any, any>;

export const ENTRYPOINTS: ReadonlyMap<string, AnySpec> = new Map<string, AnySpec>([
  [logEntrypoint.key, logEntrypoint],
  [httpEntrypoint.key, httpEntrypoint],
  [llmEntrypoint.key, llmEntrypoint],
  [shellEntrypoint.key, shellEntrypoint],
  [heartbeatEntrypoint.key, heartbeatEntrypoint],
]);

export function getEntrypoint(key: string): EntrypointSpec | undefined {
  return typeof key === "string" ? ENTRYPOINTS.get(key) : undefined;
}

export function entrypointKeys(): string[] {
  return [...ENTRYPOINTS.keys()];
}

export type EntrypointInfo = { key: string; title: string; description: string; payloadSchema: Record<string, unknown> };

let listed: EntrypointInfo[] | undefined;

// The JSON Schema zod gives z.json(), which it files under a generated name such as "__schema0".
const JSON_VALUE_DEF = (JSON.stringify(z.toJSONSchema(z.object({ v: z.json() })).$defs?.__schema0) ?? "").replaceAll("__schema0", "SELF");

/** The JSON Schema (draft 2020-12) of what a client sends; zod's generated $defs names get readable ones. */
export function payloadJsonSchema(schema: z.ZodType): Record<string, unknown> {
  const generated = z.toJSONSchema(schema, { target: "draft-2020-12", io: "input" });
  const renames = new Map<string, string>();
  for (const [name, def] of Object.entries(generated.$defs ?? {})) {
    if (!name.startsWith("__schema")) continue;
    const readable = JSON.stringify(def).replaceAll(`"#/$defs/${name}"`, '"#/$defs/SELF"') === JSON_VALUE_DEF && ![...renames.values()].includes("JsonValue") ? "JsonValue" : `Def${renames.size + 1}`;
    renames.set(name, readable);
  }
  let text = JSON.stringify(generated);
  for (const [from, to] of renames) text = text.replaceAll(`"#/$defs/${from}"`, `"#/$defs/${to}"`).replaceAll(`"${from}":`, `"${to}":`);
  return JSON.parse(text) as Record<string, unknown>;
}

/** Every job type with the JSON Schema (draft 2020-12) of the payload a client sends. */
export function listEntrypoints(): EntrypointInfo[] {
  listed ??= [...ENTRYPOINTS.values()].map((spec) => ({
    key: spec.key,
    title: spec.title,
    description: spec.description,
    payloadSchema: payloadJsonSchema(spec.userPayloadSchema),
  }));
  return structuredClone(listed);
}

export type RegisterResult = { ok: true; payload: JsonValue } | { ok: false; field: string; message: string };

const noSecrets = async () => new Set<string>();

const MAX_KEY_IN_MESSAGE = 100;

/** One zod issue as a field under "payload" and its message. */
function issueField(issue: z.core.$ZodIssue): { field: string; message: string } {
  const at = (path: PropertyKey[]) => ["payload", ...path.map(String)].join(".");
  if (issue.code === "unrecognized_keys") return { field: at([...issue.path, issue.keys[0]]), message: `unknown field "${issue.keys[0]}"` };
  if (issue.code === "invalid_key" && issue.issues[0]) return { field: at(issue.path), message: issue.issues[0].message };
  return { field: at(issue.path), message: issue.message };
}

/**
 * The registration flow: checks `payload` against the job type's user payload schema and runs its
 * registration validator, giving the execution payload to store on the schedule. `previous` is the
 * stored payload of the schedule being edited (same job type only): secrets sent back masked keep
 * their saved value. `context` names the schedule's team, for checks that need it (an llm job's
 * endpoint). Bad input never throws: it comes back as a field and a message.
 */
export async function registerPayload(
  key: string,
  payload: unknown,
  previous?: unknown,
  policy: NetworkPolicy = defaultNetworkPolicy(),
  context?: RegisterContext,
): Promise<RegisterResult> {
  const spec = getEntrypoint(key);
  if (!spec) {
    return { ok: false, field: "entrypoint", message: `unknown job type ${JSON.stringify(String(key).slice(0, MAX_KEY_IN_MESSAGE))}; one of: ${entrypointKeys().join(", ")}` };
  }
  const parsed = spec.userPayloadSchema.safeParse(payload);
  if (!parsed.success) return { ok: false, ...issueField(parsed.error.issues[0]) };
  // Checked on what was sent: the stored form may seal a value (a secret header) that names one.
  const refProblem = await checkSecretRefs(spec, parsed.data, context?.teamSecrets ?? noSecrets);
  if (refProblem) return { ok: false, field: `payload.${refProblem.field}`, message: refProblem.message };
  const prev = previous === undefined || previous === null ? undefined : spec.executionPayloadSchema.safeParse(previous);
  try {
    const stored = await spec.register(parsed.data, policy, prev?.success ? prev.data : undefined, context);
    return { ok: true, payload: JSON.parse(JSON.stringify(stored)) as JsonValue };
  } catch (err) {
    if (err instanceof EntrypointError) return { ok: false, field: err.field ? `payload.${err.field}` : "payload", message: err.message };
    throw err;
  }
}

/** A stored payload as the API shows it: secrets masked. An unknown type's (or unreadable) payload is shown as stored, secrets masked all the same. */
export function presentPayload(key: string, storedPayload: unknown): JsonValue {
  const spec = getEntrypoint(key);
  const parsed = spec?.executionPayloadSchema.safeParse(storedPayload);
  if (!spec || !parsed?.success) return scrubSecrets(storedPayload);
  return spec.present(parsed.data);
}

type LoadedExecution = { spec: EntrypointSpec; payload: unknown };

// Stored payloads checked ahead of their run (prepareExecution), by the stored object; each is
// taken by the first loadExecution() of that object, so no two runs share a parsed payload.
const prepared = new WeakMap<object, { key: string; loaded: LoadedExecution }>();

/**
 * Checks a stored payload now, for a run that will load it soon (a worker does this when it
 * claims a slot ahead, so that the slot itself pays less). A payload that does not fit is left
 * for the run to report.
 */
export function prepareExecution(key: string, storedPayload: unknown): void {
  if (storedPayload === null || typeof storedPayload !== "object") return;
  try {
    prepared.set(storedPayload, { key, loaded: parseExecution(key, storedPayload) });
  } catch {
    // loadExecution() throws the same error when the run starts.
  }
}

/** A stored payload read back for a run; throws EntrypointError for an unknown type or a payload that no longer fits it. */
export function loadExecution(key: string, storedPayload: unknown): LoadedExecution {
  if (storedPayload !== null && typeof storedPayload === "object") {
    const ahead = prepared.get(storedPayload);
    if (ahead) {
      prepared.delete(storedPayload);
      if (ahead.key === key) return ahead.loaded;
    }
  }
  return parseExecution(key, storedPayload);
}

function parseExecution(key: string, storedPayload: unknown): LoadedExecution {
  const spec = getEntrypoint(key);
  if (!spec) throw new EntrypointError(`unknown job type ${JSON.stringify(String(key).slice(0, MAX_KEY_IN_MESSAGE))}; one of: ${entrypointKeys().join(", ")}`);
  const parsed = spec.executionPayloadSchema.safeParse(storedPayload);
  if (!parsed.success) {
    const { field, message } = issueField(parsed.error.issues[0]);
    throw new EntrypointError(`the stored payload is invalid: ${field}: ${message}`, field.replace(/^payload\.?/, "") || undefined);
  }
  return { spec, payload: parsed.data };
}

/**
 * One run, the way the worker does it: load the stored payload, fill in the team secrets it
 * names (ctx.secret), run the execution validator, then the executor. Rejects with EntrypointError (the configuration is refused: retrying will
 * not help), HttpStatusError (with its `result`), an AbortError after ctx.signal fired, or
 * whatever the job threw.
 */
export async function runEntrypoint(key: string, storedPayload: unknown, ctx: RunContext, policy: NetworkPolicy = defaultNetworkPolicy()): Promise<JsonValue> {
  const { spec, payload: stored } = loadExecution(key, storedPayload);
  const payload = spec.secretFields ? await fillPayloadSecrets(stored, ctx) : stored;
  await spec.validateExecution(payload, policy);
  return spec.execute(payload, ctx, policy);
}
