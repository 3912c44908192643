// The "http" job type: calls a URL (a webhook) and records the response. Requests go through
// node:http/https with the SSRF guard's lookup, so the address connected to is the one checked.
import type { LookupFunction } from "node:net";
import { z } from "zod";
import { cappedRequest } from "./capped-request";
import { blockedHostReason, checkTarget, guardedLookup, privateTargetError, systemResolver, type Resolver } from "./network";
import { fillSecrets, secretRefs } from "../secrets/references";
import { httpUrlProblem } from "../validation/http-url";
import { open, SealError } from "../secrets/seal";
import { sealHeader } from "../secrets/sealed-headers";
import { isMasked, isSealedSecret, isSecretValue, looksSecret, maskSecret, MASK, type SealedSecret, type SecretValue } from "./secrets";
import { defineEntrypoint, EntrypointError, type EntrypointSpec, type JsonValue, type NetworkPolicy, type RunContext } from "./types";
import { isMaskedUrl, isSecretUrl, maskUrl, normalizeMaskedUrl, presentUrl, urlForLog } from "./url-secrets";

export const HTTP_METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD"] as const;
export type HttpMethod = (typeof HTTP_METHODS)[number];

export const MAX_URL_LENGTH = 2048;
export const MAX_HEADERS = 50;
export const MAX_HEADER_VALUE_BYTES = 8 * 1024;
export const MAX_BODY_BYTES = 32 * 1024;
/** How much of the response body a run keeps. */
export const RESPONSE_BODY_LIMIT = 4 * 1024;
/** Response headers kept on the run's result. */
const RESULT_HEADERS = ["content-type", "content-length", "location", "retry-after"];
/** Headers Almanac sets itself: the request's framing and connection. */
const RESERVED_HEADERS = new Set(["content-length", "transfer-encoding", "connection", "keep-alive", "upgrade", "te", "trailer", "expect"]);
/**
 * Headers that say which run a request belongs to, so a receiver can drop a request it has seen
 * (a run may be delivered twice: a worker can die after its request left and before the run's
 * outcome was recorded). Receivers rely on them, so a user cannot set them; names under this
 * prefix are kept for Almanac's own use.
 */
export const DELIVERY_HEADERS = {
  runId: "Almanac-Run-Id",
  scheduleId: "Almanac-Schedule-Id",
  scheduledFor: "Almanac-Scheduled-For",
  attempt: "Almanac-Attempt",
  /** `<schedule id>:<slot as ISO-8601>`: the same for every attempt of one slot, as QStash and Stripe use it. */
  idempotencyKey: "Idempotency-Key",
} as const;
const DELIVERY_PREFIX = "almanac-";
const isDeliveryHeader = (name: string) => {
  const lower = name.toLowerCase();
  return lower.startsWith(DELIVERY_PREFIX) || lower === DELIVERY_HEADERS.idempotencyKey.toLowerCase();
};

/** The delivery headers of one request: which run, schedule, slot and attempt it is. */
export function deliveryHeaders(ctx: Pick<RunContext, "run" | "schedule">): Record<string, string> {
  const slot = ctx.run.scheduledFor.toISOString();
  return {
    [DELIVERY_HEADERS.runId]: ctx.run.id,
    [DELIVERY_HEADERS.scheduleId]: ctx.schedule.id,
    [DELIVERY_HEADERS.scheduledFor]: slot,
    [DELIVERY_HEADERS.attempt]: String(ctx.run.attempt),
    [DELIVERY_HEADERS.idempotencyKey]: `${ctx.schedule.id}:${slot}`,
  };
}
const HEADER_NAME = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
const HEADER_VALUE = /^[\t\x20-\x7e\x80-\xff]*$/;
const USER_AGENT = "Almanac (cron job)";

const bytes = (s: string) => Buffer.byteLength(s, "utf8");
const hasBody = (method: HttpMethod) => method !== "GET" && method !== "HEAD";

// ---------------------------------------------------------------------------------------------
// Payloads

const statusCode = z
  .number({ error: "must be an HTTP status code" })
  .int("must be a whole number")
  .min(100, "must be an HTTP status code (100-599)")
  .max(599, "must be an HTTP status code (100-599)");

const userHeaderValue = z.union([z.string(), z.strictObject({ value: z.string(), secret: z.literal(true) })], {
  error: 'must be a string or { "value": string, "secret": true }',
});

/** A URL's team-secret references ({{secrets.NAME}}) replaced by a stand-in, to check the rest of it. */
const withStandIns = (url: string, standIn = "secret") => fillSecrets(url, () => standIn);

/** The URL rule shared by registration and the execution validator; null when fine. */
const urlProblem = (value: string) => httpUrlProblem(withStandIns(value), "send credentials in an Authorization header (it is kept secret)");

const userPayloadSchema = z
  .strictObject(
    {
      url: z
        .string({ error: "must be a URL" })
        .max(MAX_URL_LENGTH, `must be at most ${MAX_URL_LENGTH} characters`)
        .superRefine((v, ctx) => {
          const problem = urlProblem(v);
          if (problem) ctx.addIssue({ code: "custom", message: problem });
        })
        .meta({
          format: "uri",
          description:
            "The http:// or https:// URL to call. Its path and query are shown masked (https://host/••••) when secretUrl is set, for known webhook services (Slack, Discord, Teams, ...) and when a query parameter is named like a credential (token, key, sig, ...); send the masked URL back unchanged to keep the saved one",
        }),
      secretUrl: z
        .boolean({ error: "must be true or false" })
        .optional()
        .meta({ description: "The URL itself is a secret (e.g. a webhook URL that carries its key): the API shows only its scheme and host" }),
      method: z
        .enum(HTTP_METHODS, { error: `must be one of ${HTTP_METHODS.join(", ")}` })
        .default("POST")
        .meta({ description: "The HTTP method; default POST" }),
      headers: z
        .record(z.string().regex(HEADER_NAME, "not a valid header name"), userHeaderValue)
        .optional()
        .meta({
          description:
            'Request headers. A value given as { "value": ..., "secret": true }, or under a credential-like name (Authorization, Cookie, X-Api-Key, anything with token, secret, key, password), is stored as a secret (encrypted) and shown masked; a value that uses {{secrets.NAME}} is stored as written. Almanac-* and Idempotency-Key are set by Almanac and cannot be given',
        }),
      body: z
        .json({ error: "must be a string or a JSON value" })
        .optional()
        .meta({ description: "The request body: a string is sent as-is (text/plain unless you set Content-Type), anything else as JSON (application/json). Not with GET or HEAD" }),
      expectStatus: z
        .union([statusCode, z.array(statusCode).min(1, "must list at least one status").max(100, "at most 100 statuses")], {
          error: "must be a status code or a list of them",
        })
        .optional()
        .meta({ description: "The status (or statuses) that count as success; default any 2xx" }),
    },
    { error: "must be a JSON object" },
  )
  .superRefine((p, ctx) => {
    const headers = Object.entries(p.headers ?? {});
    if (headers.length > MAX_HEADERS) ctx.addIssue({ code: "custom", path: ["headers"], message: `at most ${MAX_HEADERS} headers` });
    const seen = new Set<string>();
    for (const [name, h] of headers) {
      const value = typeof h === "string" ? h : h.value;
      const lower = name.toLowerCase();
      const issue = (message: string) => ctx.addIssue({ code: "custom", path: ["headers", name], message });
      if (seen.has(lower)) issue(`"${name}" is given more than once`);
      seen.add(lower);
      if (RESERVED_HEADERS.has(lower)) issue(`"${name}" is set by Almanac and cannot be given`);
      else if (isDeliveryHeader(name)) issue(`"${name}" is set by Almanac on every request (it tells the receiver which run it is) and cannot be given`);
      if (/[\r\n]/.test(value)) issue("must not contain line breaks (CR or LF)");
      else if (!isMasked(value) && !HEADER_VALUE.test(value)) issue("must not contain control characters or characters beyond Latin-1");
      if (bytes(value) > MAX_HEADER_VALUE_BYTES) issue(`must be at most ${MAX_HEADER_VALUE_BYTES / 1024} KiB`);
    }
    if (p.body !== undefined && p.body !== null) {
      if (!hasBody(p.method)) ctx.addIssue({ code: "custom", path: ["body"], message: `a ${p.method} request cannot have a body` });
      const size = bytes(typeof p.body === "string" ? p.body : JSON.stringify(p.body));
      if (size > MAX_BODY_BYTES) ctx.addIssue({ code: "custom", path: ["body"], message: `must be at most ${MAX_BODY_BYTES / 1024} KiB (is ${Math.ceil(size / 1024)} KiB)` });
    }
  });

// A secret header is stored sealed; a row from before sealing holds { value, secret: true } until
// the migration step seals it (lib/secrets/header-migration.ts), and runs all the same meanwhile.
const storedHeader = z.union([z.string(), z.object({ sealed: z.string(), mask: z.string(), secret: z.literal(true) }), z.object({ value: z.string(), secret: z.literal(true) })]);

const executionPayloadSchema = z.object({
  url: z.string(),
  secretUrl: z.literal(true).optional(),
  method: z.enum(HTTP_METHODS),
  headers: z.record(z.string(), storedHeader).default({}),
  body: z.json().optional(),
  expectStatus: z.array(z.number().int()).optional(),
});

export type HttpUserPayload = z.output<typeof userPayloadSchema>;
export type StoredHeader = string | SealedSecret | SecretValue;
export type HttpExecutionPayload = {
  url: string;
  /** The user marked the URL secret (known webhook hosts are secret without it: see url-secrets.ts). */
  secretUrl?: true;
  method: HttpMethod;
  headers: Record<string, StoredHeader>;
  body?: JsonValue;
  expectStatus?: number[];
};

/** What a run records. `ok`: the status was the expected one. */
export type HttpResult = {
  status: number;
  ok: boolean;
  durationMs: number;
  headers: Record<string, string>;
  body: string;
  truncated?: true;
};

/** The response's status was not the expected one; `result` is what was received. */
export class HttpStatusError extends Error {
  readonly status: number;
  constructor(
    message: string,
    readonly result: HttpResult,
  ) {
    super(message);
    this.name = "HttpStatusError";
    this.status = result.status;
  }
}

// ---------------------------------------------------------------------------------------------
// Secrets

/**
 * A header's value for the request. A sealed one is opened here, in the worker, with the secrets key;
 * one that cannot be is refused (retrying would not help), saying which key it needs.
 */
function headerValue(name: string, h: StoredHeader): string {
  if (typeof h === "string") return h;
  if (!isSealedSecret(h)) return h.value;
  try {
    return open(h.sealed);
  } catch (err) {
    if (err instanceof SealError) throw new EntrypointError(`this secret header cannot be opened: ${err.message}`, `headers.${name}`);
    throw err;
  }
}

/**
 * A value that uses `{{secrets.NAME}}` is kept as written: the reference is not the secret (the
 * team secret is), and it stays visible, so that a secret still in use can be found.
 */
const usesTeamSecrets = (value: string) => secretRefs(value).length > 0;
const isSecretHeader = (name: string, h: StoredHeader) => typeof h !== "string" || (looksSecret(name) && !usesTeamSecrets(h));
/** What the API shows for a secret header: the last 4 characters of a long value. */
const maskOf = (h: StoredHeader) => (typeof h === "string" ? maskSecret(h) : isSealedSecret(h) ? h.mask : maskSecret(h.value));

/**
 * The submitted headers as stored: secrets sealed ({ sealed, mask, secret: true }); a masked value
 * sent back unchanged keeps the saved secret (still sealed, never opened here).
 */
function storeHeaders(input: Record<string, string | SecretValue>, previous: Record<string, StoredHeader> = {}): Record<string, StoredHeader> {
  const saved = new Map(Object.entries(previous).map(([name, h]) => [name.toLowerCase(), { name, h }]));
  const out: Record<string, StoredHeader> = {};
  for (const [name, h] of Object.entries(input)) {
    const value = typeof h === "string" ? h : h.value;
    if (isMasked(value)) {
      const old = saved.get(name.toLowerCase());
      if (!old || !isSecretHeader(old.name, old.h) || maskOf(old.h) !== value) {
        throw new EntrypointError(`this is a masked secret (${MASK}...) that does not match this header's saved value: send the real value`, `headers.${name}`);
      }
      out[name] = isSealedSecret(old.h) ? old.h : sealHeader(typeof old.h === "string" ? old.h : old.h.value);
      continue;
    }
    const secret = (typeof h !== "string" || looksSecret(name)) && !usesTeamSecrets(value);
    out[name] = secret ? sealHeader(value) : value;
  }
  return out;
}

/**
 * The URL to store and whether the user marked it secret. A masked URL sent back unchanged (an
 * edit that kept it) stands for the saved one, and keeps its mark; any other masked URL is refused,
 * so a masked value can never overwrite the real one.
 */
function storeUrl(input: Pick<HttpUserPayload, "url" | "secretUrl">, previous?: HttpExecutionPayload): { url: string; secretUrl: boolean } {
  if (!isMaskedUrl(input.url)) return { url: input.url, secretUrl: input.secretUrl === true };
  const saved = previous && isSecretUrl(previous.url, previous.secretUrl) && maskUrl(previous.url) === normalizeMaskedUrl(input.url) ? previous : undefined;
  if (!saved) throw new EntrypointError(`this is a masked URL (${MASK}) that does not match this schedule's saved URL: send the whole URL`, "url");
  return { url: saved.url, secretUrl: input.secretUrl === true || saved.secretUrl === true };
}

function maskLocation(location: string, base: URL): string {
  try {
    return maskUrl(new URL(location, base).href);
  } catch {
    return MASK;
  }
}

function presentHeaders(headers: Record<string, StoredHeader>): Record<string, JsonValue> {
  const out: Record<string, JsonValue> = {};
  for (const [name, h] of Object.entries(headers)) out[name] = isSecretHeader(name, h) ? { value: maskOf(h), secret: true } : (h as string);
  return out;
}

// ---------------------------------------------------------------------------------------------
// The request

function describeExpected(expect?: number[]): string {
  if (!expect?.length) return "2xx";
  return expect.length === 1 ? String(expect[0]) : `${expect.slice(0, -1).join(", ")} or ${expect[expect.length - 1]}`;
}

const isExpected = (status: number, expect?: number[]) => (expect?.length ? expect.includes(status) : status >= 200 && status <= 299);

function abortError(signal: AbortSignal): Error {
  const reason: unknown = signal.reason;
  const detail = reason instanceof Error && reason.name !== "AbortError" ? `: ${reason.message}` : typeof reason === "string" ? `: ${reason}` : "";
  const err = new Error(`the request was aborted${detail}`, { cause: reason });
  err.name = "AbortError";
  return err;
}

type RawResponse = Omit<HttpResult, "ok">;

async function send(url: URL, init: { method: HttpMethod; headers: Record<string, string>; body?: Buffer; lookup: LookupFunction }, signal: AbortSignal): Promise<RawResponse> {
  const res = await cappedRequest(url, { ...init, bodyLimit: RESPONSE_BODY_LIMIT, keepHeaders: RESULT_HEADERS, abortError }, signal);
  if (res.cut) throw new Error("the connection closed before the whole response was received");
  return { status: res.status, durationMs: res.durationMs, headers: res.headers, body: res.body, ...(res.truncated ? { truncated: true as const } : {}) };
}

// ---------------------------------------------------------------------------------------------
// The spec

export type HttpEntrypointOptions = {
  /** How host names are resolved, for every check and for the connection itself (default: the system's). */
  resolve?: Resolver;
  /** How long registration and the execution validator wait for DNS before going on without it. */
  dnsTimeoutMs?: number;
};

function checkedUrl(value: string): URL {
  const problem = urlProblem(value);
  if (problem) throw new EntrypointError(problem, "url");
  return new URL(withStandIns(value));
}

export function createHttpEntrypoint({ resolve = systemResolver, dnsTimeoutMs = 5000 }: HttpEntrypointOptions = {}): EntrypointSpec<
  HttpUserPayload,
  HttpExecutionPayload
> {
  return defineEntrypoint<HttpUserPayload, HttpExecutionPayload>({
    key: "http",
    title: "Call a URL (webhook)",
    description:
      "Sends an HTTP request and records the response's status, a few headers and the first 4 KiB of its body. The run fails on a status other than the expected one (default: any 2xx); redirects are not followed. Every request carries Almanac-Run-Id, Almanac-Schedule-Id, Almanac-Scheduled-For, Almanac-Attempt and an Idempotency-Key (the same for every attempt of one slot), so the receiver can ignore a run it has already seen. A URL that carries its own key (a Slack or Discord webhook, a ?token= query, or one you mark with secretUrl: true) is shown as https://host/••••: leave it masked to keep it.",
    userPayloadSchema,
    executionPayloadSchema,
    secretFields: ["url", "headers", "body"],

    async register(input, policy, previous) {
      const { url: given, secretUrl: marked } = storeUrl(input, previous);
      let href: string;
      if (secretRefs(given).length === 0) {
        const url = checkedUrl(given);
        url.hash = "";
        href = url.href;
        await checkTarget(url, { policy, resolve, dnsTimeoutMs });
      } else {
        // Kept as written (a URL parser would percent-encode the braces); the worker checks the
        // filled-in URL before each run, and its host now when no secret is part of it.
        href = given;
        const url = checkedUrl(given);
        if (url.hostname === new URL(withStandIns(given, "other")).hostname) await checkTarget(url, { policy, resolve, dnsTimeoutMs });
      }
      if (href.length > MAX_URL_LENGTH) throw new EntrypointError(`must be at most ${MAX_URL_LENGTH} characters`, "url");
      const stored: HttpExecutionPayload = { url: href, method: input.method, headers: storeHeaders(input.headers ?? {}, previous?.headers) };
      if (marked) stored.secretUrl = true;
      if (input.body !== undefined && input.body !== null) stored.body = input.body;
      if (input.expectStatus !== undefined) {
        const list = Array.isArray(input.expectStatus) ? input.expectStatus : [input.expectStatus];
        stored.expectStatus = [...new Set(list)].sort((a, b) => a - b);
      }
      return stored;
    },

    async validateExecution(payload, policy) {
      await checkTarget(checkedUrl(payload.url), { policy, resolve, dnsTimeoutMs });
    },

    async execute(payload: HttpExecutionPayload, ctx: RunContext, policy: NetworkPolicy) {
      const url = checkedUrl(payload.url);
      // A literal IP address is connected to without a lookup, so it is checked here; a name is
      // checked inside the connection's lookup.
      const literal = policy.allowPrivateNetwork ? null : blockedHostReason(url.hostname);
      if (literal) throw privateTargetError(`"${url.hostname}"`, literal);

      const headers: Record<string, string> = {};
      // A payload stored before the delivery headers were reserved may carry one: ours win.
      for (const [name, h] of Object.entries(payload.headers)) if (!isDeliveryHeader(name)) headers[name] = headerValue(name, h);
      Object.assign(headers, deliveryHeaders(ctx));
      const has = (name: string) => Object.keys(headers).some((k) => k.toLowerCase() === name);
      let body: Buffer | undefined;
      if (payload.body !== undefined && payload.body !== null && hasBody(payload.method)) {
        const isText = typeof payload.body === "string";
        body = Buffer.from(isText ? (payload.body as string) : JSON.stringify(payload.body), "utf8");
        if (!has("content-type")) headers["Content-Type"] = isText ? "text/plain; charset=utf-8" : "application/json";
      }
      if (body || payload.method === "POST" || payload.method === "PUT" || payload.method === "PATCH") headers["Content-Length"] = String(body?.length ?? 0);
      if (!has("user-agent")) headers["User-Agent"] = USER_AGENT;

      // Scheme and host only: a webhook's path or query is often its key (url-secrets.ts).
      ctx.log(`${payload.method} ${urlForLog(url)}`);
      const raw = await send(url, { method: payload.method, headers, body, lookup: guardedLookup(policy, resolve, ctx.signal) }, ctx.signal);
      // A redirect from a secret URL often points at the same secret path: the run keeps it masked too.
      if (raw.headers.location && isSecretUrl(payload.url, payload.secretUrl)) raw.headers.location = maskLocation(raw.headers.location, url);
      const ok = isExpected(raw.status, payload.expectStatus);
      const result: HttpResult = { status: raw.status, ok, durationMs: raw.durationMs, headers: raw.headers, body: raw.body, ...(raw.truncated ? { truncated: true } : {}) };
      ctx.log(`HTTP ${raw.status}`, { durationMs: raw.durationMs });
      if (!ok) {
        const redirect = raw.status >= 300 && raw.status <= 399 && raw.headers.location ? ` (a redirect to ${raw.headers.location}; redirects are not followed)` : "";
        throw new HttpStatusError(`expected ${describeExpected(payload.expectStatus)}, got ${raw.status}${redirect}`, result);
      }
      return result;
    },

    present(payload) {
      const out: { [k: string]: JsonValue } = { url: presentUrl(payload.url, payload.secretUrl), method: payload.method, headers: presentHeaders(payload.headers) };
      if (payload.secretUrl) out.secretUrl = true;
      if (payload.body !== undefined) out.body = payload.body;
      if (payload.expectStatus !== undefined) out.expectStatus = payload.expectStatus;
      return out;
    },
  });
}

export const httpEntrypoint = createHttpEntrypoint();
