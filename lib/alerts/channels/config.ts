// An alert channel's config: what a user sends per channel type, what is stored, and what the API
// shows. Secret values (a Slack, Discord, Teams or ntfy URL, which carry their key; a webhook URL
// with a credential in it; an ntfy token) are stored sealed beside their masked form, so the API
// can show a channel without unsealing it, and a masked value sent back unchanged keeps the saved one.
import { z } from "zod";
import { env } from "../../env";
import { MAX_URL_LENGTH } from "../../entrypoints/http";
import { checkTarget, type Resolver } from "../../entrypoints/network";
import { isMasked, MASK } from "../../entrypoints/secrets";
import type { JsonValue, NetworkPolicy } from "../../entrypoints/types";
import { isMaskedUrl, isSecretUrl, maskUrl, normalizeMaskedUrl, presentUrl } from "../../entrypoints/url-secrets";
import { seal, unseal } from "./sealed";
import { httpUrlProblem } from "../../validation/http-url";

export const CHANNEL_TYPES = ["email", "webhook", "slack", "discord", "msteams", "ntfy"] as const;
export type ChannelType = (typeof CHANNEL_TYPES)[number];

export const MAX_EMAIL_RECIPIENTS = 20;
const MAX_TOKEN_LENGTH = 1000;

/** A config the channel type refuses. `field` is "type", "config", or a path such as "config.url" or "config.to[1]". */
export class ChannelConfigError extends Error {
  constructor(
    readonly field: string,
    /** The message without the field, for an API's per-field errors. */
    readonly detail: string,
  ) {
    super(`${field}: ${detail}`);
    this.name = "ChannelConfigError";
  }
}

// ---------------------------------------------------------------------------------------------
// What a user sends

const required = (what: string) => (issue: { input: unknown }) => (issue.input === undefined ? "is required" : `must be ${what}`);

const urlField = z
  .string({ error: required("a URL") })
  .trim()
  .max(MAX_URL_LENGTH, `must be at most ${MAX_URL_LENGTH} characters`)
  .superRefine((v, ctx) => {
    const problem = httpUrlProblem(v);
    if (problem) ctx.addIssue({ code: "custom", message: problem });
  });

const addressField = z
  .string({ error: "must be an email address" })
  .trim()
  .max(254, "must be at most 254 characters")
  .pipe(z.email({ error: "must be an email address such as ops@example.com" }));

const tokenField = z
  .string({ error: "must be a string" })
  .trim()
  .min(1, "must not be empty")
  .max(MAX_TOKEN_LENGTH, `must be at most ${MAX_TOKEN_LENGTH} characters`)
  .refine((v) => isMasked(v) || /^[\x21-\x7e]+$/.test(v), "must be printable ASCII without spaces (it is sent in an Authorization header)");

const withUrl = z.strictObject({ url: urlField }, { error: "must be a JSON object" });

/** The config a user sends, per channel type (a masked value stands for the saved one). */
export const channelConfigSchemas = {
  email: z.strictObject(
    {
      to: z
        .array(addressField, { error: required("a list of email addresses") })
        .min(1, "must list at least one address")
        .max(MAX_EMAIL_RECIPIENTS, `must list at most ${MAX_EMAIL_RECIPIENTS} addresses`),
    },
    { error: "must be a JSON object" },
  ),
  webhook: withUrl,
  slack: withUrl,
  discord: withUrl,
  msteams: withUrl,
  ntfy: z.strictObject(
    {
      url: urlField.refine((v) => new URL(v).pathname.length > 1, "must be the topic's URL, such as https://ntfy.sh/mytopic"),
      token: tokenField.optional(),
    },
    { error: "must be a JSON object" },
  ),
} satisfies Record<ChannelType, z.ZodType>;

export type ChannelConfigInput<T extends ChannelType = ChannelType> = z.output<(typeof channelConfigSchemas)[T]>;

// ---------------------------------------------------------------------------------------------
// What is stored

/** A secret config value as stored: sealed (sealed.ts), with the masked form the API shows. */
export type StoredSecret = { sealed: string; masked: string };

type StoredConfigs = {
  email: { to: string[] };
  /** The URL is sealed when it carries a credential (user:password@, ?token=, a known webhook host). */
  webhook: { url: string | StoredSecret };
  slack: { url: StoredSecret };
  discord: { url: StoredSecret };
  msteams: { url: StoredSecret };
  /** The topic URL is sealed too: on a public ntfy server whoever knows the topic can read it. */
  ntfy: { url: StoredSecret; token?: StoredSecret };
};
export type StoredChannelConfig<T extends ChannelType = ChannelType> = StoredConfigs[T];

/** The config with its secrets unsealed: what sending uses. */
export type ChannelConfig<T extends ChannelType = ChannelType> = {
  email: { to: string[] };
  webhook: { url: string };
  slack: { url: string };
  discord: { url: string };
  msteams: { url: string };
  ntfy: { url: string; token?: string };
}[T];

export function isChannelType(type: unknown): type is ChannelType {
  return typeof type === "string" && (CHANNEL_TYPES as readonly string[]).includes(type);
}

export function isStoredSecret(v: unknown): v is StoredSecret {
  return typeof v === "object" && v !== null && typeof (v as StoredSecret).sealed === "string" && typeof (v as StoredSecret).masked === "string";
}

function fieldName(path: readonly PropertyKey[]): string {
  return path.reduce<string>((out, key) => (typeof key === "number" ? `${out}[${key}]` : `${out}.${String(key)}`), "config");
}

function firstIssue(error: z.ZodError, type: ChannelType): ChannelConfigError {
  const issue = error.issues[0];
  if (issue.code === "unrecognized_keys") {
    const valid = Object.keys(channelConfigSchemas[type].shape).join(", ");
    return new ChannelConfigError(fieldName([...issue.path, issue.keys[0]]), `unknown field "${issue.keys[0]}" (a ${type} channel takes: ${valid})`);
  }
  return new ChannelConfigError(fieldName(issue.path), issue.message);
}

function savedSecret(previous: unknown, key: string): StoredSecret | undefined {
  const v = typeof previous === "object" && previous !== null ? (previous as Record<string, unknown>)[key] : undefined;
  return isStoredSecret(v) ? v : undefined;
}

type StoreOptions = { secret?: string };

/** A URL as stored: sealed when `alwaysSecret` or it carries a credential; a masked URL sent back unchanged keeps the saved one. */
function storeUrl(input: string, previous: unknown, alwaysSecret: boolean, { secret }: StoreOptions): string | StoredSecret {
  if (isMaskedUrl(input)) {
    const saved = savedSecret(previous, "url");
    if (saved && saved.masked === normalizeMaskedUrl(input)) return saved;
    throw new ChannelConfigError("config.url", `this is a masked URL (${MASK}) that does not match this channel's saved URL: send the whole URL`);
  }
  const url = new URL(input);
  url.hash = "";
  if (url.href.length > MAX_URL_LENGTH) throw new ChannelConfigError("config.url", `must be at most ${MAX_URL_LENGTH} characters`);
  const href = url.href;
  if (!alwaysSecret && !isSecretUrl(href) && !url.username && !url.password) return href;
  return { sealed: seal(href, secret), masked: maskUrl(href) };
}

function storeToken(input: string, previous: unknown, { secret }: StoreOptions): StoredSecret {
  if (isMasked(input)) {
    const saved = savedSecret(previous, "token");
    if (saved && saved.masked === input) return saved;
    throw new ChannelConfigError("config.token", `this is a masked token (${MASK}) but this channel has no saved token: send the real token`);
  }
  return { sealed: seal(input, secret), masked: MASK };
}

export type ParseChannelOptions = {
  /** Whether email can be sent: the SMTP server's URL (default: env().SMTP_URL). */
  smtpUrl?: string;
  /** The secret sealing keys derive from (default: AUTH_SECRET). */
  secret?: string;
};

/**
 * The config to store for a channel of `type`, from what a user sent. `previous` is the stored
 * config of the channel being edited (same type): a masked value sent back unchanged keeps the
 * saved value; any other masked value is refused. Throws ChannelConfigError naming the field.
 * Targets are checked apart (checkChannelTargets), as that needs DNS.
 */
export function parseChannelConfig<T extends ChannelType>(type: T, config: unknown, previous?: unknown, options?: ParseChannelOptions): StoredChannelConfig<T>;
export function parseChannelConfig(type: unknown, config: unknown, previous?: unknown, options?: ParseChannelOptions): StoredChannelConfig;
export function parseChannelConfig(type: unknown, config: unknown, previous?: unknown, options: ParseChannelOptions = {}): StoredChannelConfig {
  if (!isChannelType(type)) throw new ChannelConfigError("type", `must be one of ${CHANNEL_TYPES.join(", ")}${typeof type === "string" ? ` (not "${type}")` : ""}`);
  const smtpUrl = "smtpUrl" in options ? options.smtpUrl : env().SMTP_URL;
  if (type === "email" && !smtpUrl) throw new ChannelConfigError("type", "email channels need the operator to set SMTP_URL (the mail server to send through); choose another type meanwhile");
  const parsed = channelConfigSchemas[type].safeParse(config);
  if (!parsed.success) throw firstIssue(parsed.error, type);
  const input = parsed.data as ChannelConfigInput;
  switch (type) {
    case "email": {
      const { to } = input as ChannelConfigInput<"email">;
      const seen = new Set<string>();
      return { to: to.filter((a) => !seen.has(a.toLowerCase()) && seen.add(a.toLowerCase())) };
    }
    case "webhook":
      return { url: storeUrl((input as ChannelConfigInput<"webhook">).url, previous, false, options) };
    case "ntfy": {
      const { url, token } = input as ChannelConfigInput<"ntfy">;
      const stored: StoredChannelConfig<"ntfy"> = { url: storeUrl(url, previous, true, options) as StoredSecret };
      if (token !== undefined) stored.token = storeToken(token, previous, options);
      return stored;
    }
    default:
      return { url: storeUrl((input as ChannelConfigInput<"slack">).url, previous, true, options) as StoredSecret };
  }
}

// ---------------------------------------------------------------------------------------------
// Reading a stored config

const open = (v: string | StoredSecret, secret?: string) => (typeof v === "string" ? v : unseal(v.sealed, secret));

/** The stored config with its secrets unsealed, for sending; throws UnsealError (sealed.ts) when AUTH_SECRET changed. */
export function unsealConfig<T extends ChannelType>(type: T, stored: StoredChannelConfig<T>, secret?: string): ChannelConfig<T>;
export function unsealConfig(type: ChannelType, stored: StoredChannelConfig, secret?: string): ChannelConfig {
  if (type === "email") return { to: [...(stored as StoredConfigs["email"]).to] };
  const { url, token } = stored as StoredConfigs["ntfy"];
  const plain: { url: string; token?: string } = { url: open(url, secret) };
  if (type === "ntfy" && token) plain.token = open(token, secret);
  return plain;
}

/** The config as the API shows it: secret values masked. Needs no key. */
export function presentChannelConfig(type: ChannelType, stored: StoredChannelConfig): { [k: string]: JsonValue } {
  if (type === "email") return { to: [...(stored as StoredConfigs["email"]).to] };
  const { url, token } = stored as StoredConfigs["ntfy"];
  const out: { [k: string]: JsonValue } = { url: typeof url === "string" ? presentUrl(url) : url.masked };
  if (type === "ntfy" && token) out.token = token.masked;
  return out;
}

/**
 * Refuses (ChannelConfigError on "config.url") a channel whose URL is, or resolves to, an address
 * the operator's policy forbids (ALLOW_PRIVATE_NETWORK_TARGETS). Email goes to the operator's own
 * SMTP server and is not checked.
 */
export async function checkChannelTargets(
  type: ChannelType,
  stored: StoredChannelConfig,
  policy: NetworkPolicy,
  resolve?: Resolver,
  options: { secret?: string; dnsTimeoutMs?: number } = {},
): Promise<void> {
  if (type === "email") return;
  let url: string;
  try {
    url = open((stored as StoredConfigs["webhook"]).url, options.secret);
  } catch (err) {
    throw new ChannelConfigError("config.url", (err as Error).message);
  }
  try {
    await checkTarget(new URL(url), { policy, resolve, dnsTimeoutMs: options.dnsTimeoutMs });
  } catch (err) {
    throw new ChannelConfigError("config.url", (err as Error).message);
  }
}
