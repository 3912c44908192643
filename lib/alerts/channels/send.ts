// Delivers one alert to one channel and says how it went. Delivery problems are results, never
// exceptions: the caller (the outbox dispatcher) records them and retries the retryable ones.
import { env } from "../../env";
import { checkTarget, defaultNetworkPolicy, type Resolver } from "../../entrypoints/network";
import { EntrypointError, type NetworkPolicy } from "../../entrypoints/types";
import { isSecretUrl, maskUrl } from "../../entrypoints/url-secrets";
import type { AlertPayload } from "../payload";
import { discordMessage, ntfyMessage, slackMessage, teamsMessage } from "./chat";
import { isStoredSecret, unsealConfig, type ChannelConfig, type ChannelType, type StoredChannelConfig } from "./config";
import { defaultFrom, mailError, sendMail } from "./email";
import { post, type PostResponse } from "./http-post";
import { oneLine, renderAlert, type RenderedAlert } from "./render";
import { unseal, UnsealError } from "./sealed";
import { webhookHeaders } from "./sign";

export type DeliveryResult =
  | { ok: true; status: number | null; durationMs: number }
  | { ok: false; retryable: boolean; status: number | null; error: string; retryAfterMs?: number; durationMs: number };

export type ChannelToSend = {
  id: string;
  type: ChannelType;
  config: StoredChannelConfig;
  /** The webhook's signing secret, sealed (sealed.ts); null for other types. */
  secret: string | null;
};

export type SendOptions = {
  /** Default: the operator's (ALLOW_PRIVATE_NETWORK_TARGETS). */
  policy?: NetworkPolicy;
  resolve?: Resolver;
  /** Aborts the delivery (shutdown): a retryable failure. */
  signal?: AbortSignal;
  /** The whole delivery's limit, DNS and connection included. */
  timeoutMs?: number;
  /** Epoch ms, for the webhook-timestamp header and Retry-After dates. */
  now?: () => number;
  /** Default: env().SMTP_URL. */
  smtpUrl?: string;
  /** Default: env().SMTP_FROM, else defaultFrom() (email.ts). */
  smtpFrom?: string;
  /** The secret sealing keys derive from (default: AUTH_SECRET). */
  secret?: string;
};

export const DEFAULT_TIMEOUT_MS = 10_000;
const USER_AGENT = "Almanac-Alerts/1";
const ERROR_BODY_CHARS = 300;

class DeliveryTimeout extends Error {
  constructor(readonly ms: number) {
    super(`timed out after ${ms % 1000 === 0 ? `${ms / 1000} s` : `${ms} ms`}`);
  }
}

/** A channel that cannot be sent to until someone edits it; found before any request. */
class Refusal extends Error {}

type HttpDelivery = { url: URL; headers: Record<string, string>; body: string };

function httpDelivery(channel: ChannelToSend, config: ChannelConfig, payload: AlertPayload, rendered: RenderedAlert | null, now: number, secret?: string): HttpDelivery {
  const r = rendered!; // rendered for every type but webhook
  const url = new URL((config as { url: string }).url);
  const json = (value: unknown) => ({ url, headers: { "content-type": "application/json", "user-agent": USER_AGENT }, body: JSON.stringify(value) });
  switch (channel.type) {
    case "webhook": {
      if (!channel.secret) throw new Refusal("this webhook channel has no signing secret: make a new one for it");
      const signing = unseal(channel.secret, secret);
      const body = JSON.stringify(payload);
      const signed = webhookHeaders(signing, payload.id, Math.floor(now / 1000), body);
      return { url, headers: { "content-type": "application/json", "user-agent": USER_AGENT, ...signed }, body };
    }
    case "slack":
      return json(slackMessage(r, payload));
    case "discord":
      return json(discordMessage(r));
    case "msteams":
      return json(teamsMessage(r));
    case "ntfy": {
      const { body, headers } = ntfyMessage(r, payload);
      const token = (config as ChannelConfig<"ntfy">).token;
      return { url, headers: { "content-type": "text/plain; charset=utf-8", "user-agent": USER_AGENT, ...headers, ...(token ? { authorization: `Bearer ${token}` } : {}) }, body };
    }
    default:
      throw new Refusal(`a ${channel.type} channel is not sent over HTTP`);
  }
}

/** Retry-After in ms: delay-seconds or an HTTP date (RFC 9110 10.2.3); undefined when unreadable. */
export function parseRetryAfter(value: string | undefined, now: number): number | undefined {
  if (!value) return undefined;
  const text = value.trim();
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  const at = Date.parse(text);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

function hostAndPort(url: URL): string {
  return `${url.hostname}:${url.port || (url.protocol === "https:" ? 443 : 80)}`;
}

function secretChannelUrl(channel: ChannelToSend): boolean {
  return channel.type !== "webhook" || isStoredSecret((channel.config as StoredChannelConfig<"webhook">).url);
}

type Failure = Omit<Extract<DeliveryResult, { ok: false }>, "ok" | "durationMs">;

function fromResponse(res: PostResponse, url: URL, channel: ChannelToSend, now: number): Failure | null {
  const { status } = res;
  if (status >= 200 && status <= 299) return null;
  if (status >= 300 && status <= 399) {
    let to = "";
    if (res.headers.location && URL.canParse(res.headers.location, url)) {
      const target = new URL(res.headers.location, url).href;
      to = ` to ${secretChannelUrl(channel) || isSecretUrl(target) ? maskUrl(target) : target}`;
    }
    return { retryable: false, status, error: `the receiver answered ${status}, a redirect${to}; redirects are not followed: use the URL it redirects to` };
  }
  const body = oneLine(res.body, ERROR_BODY_CHARS);
  const failure: Failure = { retryable: status >= 500 || status === 429 || status === 408, status, error: `the receiver answered ${status}${body ? `: ${body}` : ""}` };
  if (status === 429 || status === 503) {
    const retryAfterMs = parseRetryAfter(res.headers.retryAfter, now);
    if (retryAfterMs !== undefined) failure.retryAfterMs = retryAfterMs;
  }
  return failure;
}

const NETWORK_ERRORS: Record<string, string> = {
  ECONNREFUSED: "connection refused",
  ECONNRESET: "connection reset",
  ETIMEDOUT: "connection timed out",
  ENOTFOUND: "host not found",
  EAI_AGAIN: "DNS lookup failed for now",
  EHOSTUNREACH: "host unreachable",
  ENETUNREACH: "network unreachable",
  EPIPE: "connection closed while sending",
};

function fromError(err: unknown, url: URL | null, signal: AbortSignal, timeout: AbortSignal): Failure {
  if (timeout.aborted && timeout.reason instanceof DeliveryTimeout) return { retryable: true, status: null, error: timeout.reason.message };
  if (signal.aborted) return { retryable: true, status: null, error: "the delivery was stopped before it finished (by its caller, e.g. a worker shutting down)" };
  // An unreadable secret is this process's key, not the alert's fault: a worker with the right
  // AUTH_SECRET (or this one, once the operator fixes it) may send it, so it is tried again.
  if (err instanceof UnsealError) return { retryable: true, status: null, error: err.message };
  // A refused target stays so until someone edits the channel.
  if (err instanceof EntrypointError || err instanceof Refusal) return { retryable: false, status: null, error: err.message };
  const e = err as NodeJS.ErrnoException;
  const where = url ? ` to ${hostAndPort(url)}` : "";
  const what = e.code && NETWORK_ERRORS[e.code];
  if (what) return { retryable: true, status: null, error: `${what} (${e.code})${where}` };
  return { retryable: true, status: null, error: `${e.message ?? String(err)}${e.code ? ` (${e.code})` : ""}${where}` };
}

/** Sends `payload` to `channel`; every delivery problem is a result (ok: false), with whether trying again may help. */
export async function sendToChannel(channel: ChannelToSend, payload: AlertPayload, options: SendOptions = {}): Promise<DeliveryResult> {
  const started = performance.now();
  const durationMs = () => Math.round(performance.now() - started);
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const now = options.now ?? Date.now;
  const timeout = new AbortController();
  const timer = setTimeout(() => timeout.abort(new DeliveryTimeout(timeoutMs)), timeoutMs);
  const external = options.signal ?? new AbortController().signal;
  const signal = AbortSignal.any([external, timeout.signal]);
  let url: URL | null = null;
  try {
    const config = unsealConfig(channel.type, channel.config, options.secret);
    // A webhook sends the payload itself: the text for people is rendered only for the others.
    const r = channel.type === "webhook" ? null : renderAlert(payload);
    if (channel.type === "email") {
      const smtpUrl = "smtpUrl" in options ? options.smtpUrl : env().SMTP_URL;
      if (!smtpUrl) return { ok: false, retryable: false, status: null, error: "email cannot be sent: the operator has not set SMTP_URL", durationMs: durationMs() };
      const from = options.smtpFrom ?? env().SMTP_FROM ?? defaultFrom(smtpUrl);
      try {
        await sendMail(r!, { smtpUrl, from, to: (config as ChannelConfig<"email">).to, timeoutMs, signal });
      } catch (err) {
        if (signal.aborted) throw err;
        return { ok: false, ...mailError(err, smtpUrl), durationMs: durationMs() };
      }
      return { ok: true, status: null, durationMs: durationMs() };
    }
    const delivery = httpDelivery(channel, config, payload, r, now(), options.secret);
    url = delivery.url;
    const policy = options.policy ?? defaultNetworkPolicy();
    await checkTarget(url, { policy, resolve: options.resolve, dnsTimeoutMs: Math.min(5000, timeoutMs) });
    signal.throwIfAborted();
    const res = await post(url, { headers: delivery.headers, body: delivery.body, policy, resolve: options.resolve, signal });
    const failure = fromResponse(res, url, channel, now());
    return failure ? { ok: false, ...failure, durationMs: durationMs() } : { ok: true, status: res.status, durationMs: durationMs() };
  } catch (err) {
    return { ok: false, ...fromError(err, url, external, timeout.signal), durationMs: durationMs() };
  } finally {
    clearTimeout(timer);
  }
}
