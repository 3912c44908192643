// The "llm" job type: sends a prompt to an OpenAI-compatible chat-completions endpoint and records
// the reply. The endpoint is the team's own (Team.llmEndpoint, its key a team secret read through
// ctx.secret, so the run's records never show it) or else the operator's (LLM_URL); both are read
// at each run. A team's endpoint is a URL a team admin chose, so it goes through the SSRF guard
// like an http job; the operator's is trusted (it may be on loopback, like the assistant's model).
import dns from "node:dns";
import type { LookupFunction } from "node:net";
import { z } from "zod";
import { getDb } from "../db/client";
import { completionsUrl } from "../llm/completions-url";
import { NO_ENDPOINT, operatorLlmEndpoint, readTeamLlmEndpoint, type OperatorLlmEndpoint, type TeamLlmEndpoint } from "../llm/endpoint";
import { apiKeySecretName } from "../validation/llm-endpoint";
import { cappedRequest } from "./capped-request";
import { blockedHostReason, guardedLookup, privateTargetError, systemResolver, type Resolver } from "./network";
import { defineEntrypoint, EntrypointError, type EntrypointSpec, type JsonValue, type NetworkPolicy, type RunContext } from "./types";
import { urlForLog } from "./url-secrets";

export const MAX_PROMPT_BYTES = 32 * 1024;
export const MAX_MODEL_LENGTH = 200;
export const MAX_TOKENS_LIMIT = 100_000;
/**
 * How much of the endpoint's answer is read: a chat completion of MAX_TOKENS_LIMIT tokens is a few
 * hundred KiB of JSON. A larger answer fails the run rather than be held in memory.
 */
export const RESPONSE_LIMIT = 1024 * 1024;
/** The reply kept on the run, as JSON text: the run's whole result is capped at 16 KiB (lib/scheduler/execution.ts). */
export const REPLY_LIMIT = 12 * 1024;
/** How much of an endpoint's error message the run's error keeps. */
const ERROR_MESSAGE_LIMIT = 500;
const USER_AGENT = "Almanac (llm job)";

// ---------------------------------------------------------------------------------------------
// Template fields

/** What a prompt (and system message) may refer to; filled in at each run. */
export const TEMPLATE_FIELDS = ["schedule.name", "run.scheduledFor", "run.id"] as const;
type TemplateField = (typeof TEMPLATE_FIELDS)[number];

// Spaces inside the braces are allowed, as in {{ secrets.NAME }}.
const TEMPLATE = /\{\{\s*([^{}]*?)\s*\}\}/g;
const FIELD_LIST = TEMPLATE_FIELDS.map((f) => `{{${f}}}`).join(", ");
const isField = (name: string): name is TemplateField => (TEMPLATE_FIELDS as readonly string[]).includes(name);

/** Why `text` cannot be a prompt's template, or null. */
export function templateProblem(text: string): string | null {
  for (const [, name] of text.matchAll(TEMPLATE)) {
    if (isField(name)) continue;
    if (/^secrets\b/.test(name)) {
      return "cannot use a team secret ({{secrets.NAME}}): the prompt is sent to the model, which may repeat it in its reply, and the reply is kept on the run. The endpoint's key belongs in the team's model endpoint (Team settings)";
    }
    const shown = name.length > 60 ? `${name.slice(0, 60)}...` : name;
    return `unknown template field {{${shown}}}; the fields are ${FIELD_LIST}`;
  }
  return null;
}

/** `text` with its template fields filled from the run. One pass: a filled value is never read again. */
export function fillTemplate(text: string, ctx: Pick<RunContext, "schedule" | "run">): string {
  const values: Record<TemplateField, string> = { "schedule.name": ctx.schedule.name, "run.scheduledFor": ctx.run.scheduledFor.toISOString(), "run.id": ctx.run.id };
  return text.replace(TEMPLATE, (whole, name: string) => (isField(name) ? values[name] : whole));
}

// ---------------------------------------------------------------------------------------------
// Payloads

const bytes = (s: string) => new TextEncoder().encode(s).length;

const templateText = (what: string, min: 0 | 1) =>
  z
    .string({ error: "must be a string" })
    .min(min, "must not be empty")
    .max(MAX_PROMPT_BYTES, `must be at most ${MAX_PROMPT_BYTES / 1024} KiB`)
    .superRefine((v, ctx) => {
      const size = bytes(v);
      if (size > MAX_PROMPT_BYTES) ctx.addIssue({ code: "custom", message: `must be at most ${MAX_PROMPT_BYTES / 1024} KiB (is ${Math.ceil(size / 1024)} KiB)` });
      const problem = templateProblem(v);
      if (problem) ctx.addIssue({ code: "custom", message: problem });
    })
    .meta({ description: `${what}, sent as written once its template fields are filled: ${FIELD_LIST}. At most 32 KiB` });

const userPayloadSchema = z.strictObject(
  {
    prompt: templateText("The user message", 1),
    system: templateText("A system message sent before the prompt", 0).optional(),
    model: z
      .string({ error: "must be a string" })
      .trim()
      .min(1, "must not be empty (leave it out for the endpoint's model)")
      .max(MAX_MODEL_LENGTH, `must be at most ${MAX_MODEL_LENGTH} characters`)
      // Sent as written: a {{...}} here (a secret reference, a template field) would not be filled.
      .refine((v) => !v.includes("{{"), "must be a model name such as gpt-4o-mini; template fields and {{secrets.NAME}} are not filled here")
      .optional()
      .meta({ description: "The model; default: the team's endpoint's model, or the operator's LLM_MODEL" }),
    maxTokens: z
      .number({ error: "must be a number" })
      .int("must be a whole number")
      .min(1, "must be at least 1")
      .max(MAX_TOKENS_LIMIT, `must be at most ${MAX_TOKENS_LIMIT}`)
      .optional()
      .meta({ description: "The most tokens the reply may have (max_tokens); default: the endpoint's" }),
    temperature: z
      .number({ error: "must be a number" })
      .min(0, "must be between 0 and 2")
      .max(2, "must be between 0 and 2")
      .optional()
      .meta({ description: "Sampling temperature, 0-2; default: the endpoint's" }),
  },
  { error: "must be a JSON object" },
);

const executionPayloadSchema = z.object({
  prompt: z.string(),
  system: z.string().optional(),
  model: z.string().optional(),
  maxTokens: z.number().int().optional(),
  temperature: z.number().optional(),
});

export type LlmUserPayload = z.output<typeof userPayloadSchema>;
export type LlmExecutionPayload = z.output<typeof executionPayloadSchema>;

/** What a run records. `usage` is null when the endpoint did not say. */
export type LlmResult = {
  reply: string;
  /** The reply was longer than the run keeps (REPLY_LIMIT): `reply` is its start. */
  replyTruncated?: true;
  model: string;
  usage: { promptTokens: number | null; completionTokens: number | null; totalTokens: number | null } | null;
  finishReason: string | null;
  durationMs: number;
};

/** The endpoint answered with an error status; its message is in the error's. */
export class LlmEndpointError extends Error {
  readonly result: { status: number };
  constructor(
    message: string,
    readonly status: number,
  ) {
    super(message);
    this.name = "LlmEndpointError";
    this.result = { status };
  }
}

// ---------------------------------------------------------------------------------------------
// The endpoint

type Endpoint = ({ source: "team" } & TeamLlmEndpoint) | ({ source: "operator" } & OperatorLlmEndpoint);

const noModel = (source: Endpoint["source"]) =>
  source === "team"
    ? "no model: name one here (model), or in the team's model endpoint (Team settings)"
    : "no model: name one here (model), or set one in the team's model endpoint (Team settings); the operator has not set LLM_MODEL";

const usageSchema = z.object({
  prompt_tokens: z.number().int().nonnegative().nullish(),
  completion_tokens: z.number().int().nonnegative().nullish(),
  total_tokens: z.number().int().nonnegative().nullish(),
});
const completionSchema = z.object({
  model: z.string().nullish(),
  choices: z
    .array(z.object({ message: z.object({ content: z.string().nullish(), refusal: z.string().nullish() }), finish_reason: z.string().nullish() }))
    .min(1),
  usage: usageSchema.nullish(),
});

/** The endpoint's own words from an error answer: OpenAI's {error: {message}}, Ollama's {error}, or the body's start. */
export function endpointMessage(body: string): string {
  let message: unknown;
  try {
    const json = JSON.parse(body) as { error?: unknown; message?: unknown; detail?: unknown } | null;
    const error = json?.error;
    message = typeof error === "string" ? error : error && typeof error === "object" && "message" in error ? error.message : (json?.message ?? json?.detail);
  } catch {
    message = undefined;
  }
  const text = (typeof message === "string" && message.trim() ? message : body).trim();
  return text ? text.slice(0, ERROR_MESSAGE_LIMIT) : "(an empty answer)";
}

/** `reply` cut so that its JSON text fits REPLY_LIMIT (never inside a surrogate pair). */
function keptReply(reply: string): { reply: string; truncated: boolean } {
  if (JSON.stringify(reply).length <= REPLY_LIMIT) return { reply, truncated: false };
  let cut = reply.slice(0, REPLY_LIMIT);
  while (JSON.stringify(cut).length > REPLY_LIMIT) cut = cut.slice(0, Math.floor(cut.length * 0.9));
  if (/[\uD800-\uDBFF]$/.test(cut)) cut = cut.slice(0, -1);
  return { reply: cut, truncated: true };
}

function abortError(signal: AbortSignal): Error {
  const reason: unknown = signal.reason;
  const detail = reason instanceof Error && reason.name !== "AbortError" ? `: ${reason.message}` : typeof reason === "string" ? `: ${reason}` : "";
  const err = new Error(`the request to the model endpoint was aborted${detail}`, { cause: reason });
  err.name = "AbortError";
  return err;
}

// The operator's endpoint is trusted: resolved by the system, loopback allowed.
const systemLookup = dns.lookup as unknown as LookupFunction;

// ---------------------------------------------------------------------------------------------
// The spec

export type LlmEntrypointOptions = {
  /** The team's endpoint now, or null (default: Team.llmEndpoint in the process's database). */
  readTeamEndpoint?: (teamId: string) => Promise<TeamLlmEndpoint | null>;
  /** The operator's endpoint, or null (default: LLM_URL, LLM_MODEL, LLM_API_KEY). */
  operatorEndpoint?: () => OperatorLlmEndpoint | null;
  /** How a team endpoint's host is resolved for the connection (default: the system's, through the SSRF guard). */
  resolve?: Resolver;
};

export function createLlmEntrypoint({
  readTeamEndpoint = async (teamId) => readTeamLlmEndpoint(await getDb(), teamId),
  operatorEndpoint = () => operatorLlmEndpoint(),
  resolve = systemResolver,
}: LlmEntrypointOptions = {}): EntrypointSpec<LlmUserPayload, LlmExecutionPayload> {
  async function chooseEndpoint(teamId: string): Promise<Endpoint | null> {
    const team = await readTeamEndpoint(teamId);
    if (team) return { source: "team", ...team };
    const operator = operatorEndpoint();
    return operator ? { source: "operator", ...operator } : null;
  }

  return defineEntrypoint<LlmUserPayload, LlmExecutionPayload>({
    key: "llm",
    title: "Ask a language model",
    description:
      "Sends a prompt (and an optional system message) to an OpenAI-compatible chat-completions endpoint: the team's own (Team settings, Model endpoint) or the operator's. The run's result holds the reply (its first 12 KiB), the model and the token usage; an error answer fails the run with the endpoint's message. The prompt may use {{schedule.name}}, {{run.scheduledFor}} (ISO-8601, UTC) and {{run.id}}; team secrets cannot be used in it.",
    userPayloadSchema,
    executionPayloadSchema,

    async register(input, _policy, _previous, context) {
      const stored: LlmExecutionPayload = { prompt: input.prompt };
      if (input.system) stored.system = input.system;
      if (input.model) stored.model = input.model;
      if (input.maxTokens !== undefined) stored.maxTokens = input.maxTokens;
      if (input.temperature !== undefined) stored.temperature = input.temperature;
      // A schedule no endpoint could run is refused now rather than failing at every run.
      if (context) {
        const endpoint = await chooseEndpoint(context.teamId);
        if (!endpoint) throw new EntrypointError(NO_ENDPOINT);
        if (!stored.model && !endpoint.model) throw new EntrypointError(noModel(endpoint.source), "model");
      }
      return stored;
    },

    // The endpoint is read at each run, in execute.
    async validateExecution() {},

    async execute(payload: LlmExecutionPayload, ctx: RunContext, policy: NetworkPolicy) {
      const endpoint = await chooseEndpoint(ctx.schedule.teamId);
      if (!endpoint) throw new EntrypointError(NO_ENDPOINT);
      const model = payload.model ?? endpoint.model;
      if (!model) throw new EntrypointError(noModel(endpoint.source), "model");

      let url: URL;
      try {
        url = new URL(completionsUrl(endpoint.url));
      } catch {
        throw new EntrypointError(endpoint.source === "team" ? "the team's model endpoint URL is not a valid URL" : "LLM_URL is not a valid URL");
      }
      let lookup = systemLookup;
      let apiKey = endpoint.source === "operator" ? endpoint.apiKey : undefined;
      if (endpoint.source === "team") {
        // A literal address is connected to without a lookup, so it is checked here; a name is
        // checked inside the connection's lookup (no DNS rebinding window).
        const literal = policy.allowPrivateNetwork ? null : blockedHostReason(url.hostname);
        if (literal) throw privateTargetError(`the team's model endpoint "${url.hostname}"`, literal);
        lookup = guardedLookup(policy, resolve, ctx.signal);
        if (endpoint.apiKey) {
          const name = apiKeySecretName(endpoint.apiKey);
          if (!name) throw new EntrypointError("the team's model endpoint has an apiKey that is not a {{secrets.NAME}} reference");
          apiKey = await ctx.secret(name);
        }
      }

      const messages = [...(payload.system ? [{ role: "system", content: fillTemplate(payload.system, ctx) }] : []), { role: "user", content: fillTemplate(payload.prompt, ctx) }];
      const body = Buffer.from(
        JSON.stringify({
          model,
          messages,
          ...(payload.maxTokens !== undefined ? { max_tokens: payload.maxTokens } : {}),
          ...(payload.temperature !== undefined ? { temperature: payload.temperature } : {}),
        }),
        "utf8",
      );
      const headers: Record<string, string> = {
        "Content-Type": "application/json",
        "Content-Length": String(body.length),
        Accept: "application/json",
        "User-Agent": USER_AGENT,
        ...(apiKey ? { Authorization: `Bearer ${apiKey}` } : {}),
      };

      ctx.log(`asking ${model} at ${urlForLog(url)} (${endpoint.source === "team" ? "the team's endpoint" : "the operator's endpoint"})`);
      const res = await cappedRequest(url, { method: "POST", headers, body, lookup, bodyLimit: RESPONSE_LIMIT, keepHeaders: [], abortError }, ctx.signal);
      if (res.truncated) throw new Error(`the model endpoint's answer is larger than ${RESPONSE_LIMIT / 1024 / 1024} MiB (HTTP ${res.status}); it was not read further`);
      if (res.cut) throw new Error(`the connection to the model endpoint closed before the whole answer was received (HTTP ${res.status})`);
      if (res.status >= 400) throw new LlmEndpointError(`the model endpoint answered ${res.status}: ${endpointMessage(res.body)}`, res.status);
      if (res.status < 200 || res.status > 299) throw new LlmEndpointError(`the model endpoint answered ${res.status} (redirects are not followed)`, res.status);

      let json: unknown;
      try {
        json = JSON.parse(res.body);
      } catch {
        throw new Error(`the model endpoint's answer is not JSON: ${res.body.trim().slice(0, 200) || "(empty)"}`);
      }
      const parsed = completionSchema.safeParse(json);
      if (!parsed.success) {
        const issue = parsed.error.issues[0];
        throw new Error(`the model endpoint's answer is not a chat completion (${issue.path.join(".") || "body"}: ${issue.message})`);
      }
      const [choice] = parsed.data.choices;
      if (typeof choice.message.content !== "string") {
        throw new Error(choice.message.refusal ? `the model refused: ${choice.message.refusal.slice(0, ERROR_MESSAGE_LIMIT)}` : "the model's answer has no text (choices[0].message.content is empty)");
      }
      const usage = parsed.data.usage;
      const { reply, truncated } = keptReply(choice.message.content);
      const result: LlmResult = {
        reply,
        ...(truncated ? { replyTruncated: true as const } : {}),
        model: parsed.data.model ?? model,
        usage: usage ? { promptTokens: usage.prompt_tokens ?? null, completionTokens: usage.completion_tokens ?? null, totalTokens: usage.total_tokens ?? null } : null,
        finishReason: choice.finish_reason ?? null,
        durationMs: res.durationMs,
      };
      ctx.log(`${result.model} answered`, { durationMs: res.durationMs, finishReason: result.finishReason, totalTokens: result.usage?.totalTokens ?? null });
      return result as unknown as JsonValue;
    },

    present: (payload) => ({ ...payload }),
  });
}

export const llmEntrypoint = createLlmEntrypoint();
