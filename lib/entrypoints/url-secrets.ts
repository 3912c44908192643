// Secrets inside a job's URL. Many webhooks are authenticated by the URL alone: the path of a
// Slack or Discord webhook, a `?token=` or `?sig=` query value. Such a URL is shown by the API only
// as its scheme and host (https://hooks.slack.com/services/••••), and never logged past its host.
// A URL is secret when the user marks it (`secretUrl: true`), when its host is a known webhook
// service, or when a query parameter's name says it is a credential.
import { fillSecrets } from "../secrets/references";
import { MASK } from "./secrets";

/** Known webhook services, whose URL path is the credential; `keep` is the public start of the path, shown before the mask. */
const WEBHOOK_HOSTS: { host: string | RegExp; keep: string }[] = [
  { host: "hooks.slack.com", keep: "/services/" },
  { host: /^(?:(?:ptb|canary)\.)?discord(?:app)?\.com$/, keep: "/api/webhooks/" },
  { host: "outlook.office.com", keep: "/webhook/" },
  { host: /\.webhook\.office\.com$/, keep: "/webhookb2/" },
  { host: /\.logic\.azure\.com$/, keep: "/workflows/" },
  { host: "chat.googleapis.com", keep: "/v1/spaces/" },
  { host: "hooks.zapier.com", keep: "/hooks/catch/" },
  { host: "maker.ifttt.com", keep: "/trigger/" },
  { host: "api.telegram.org", keep: "/" },
];

// A query parameter is a credential when its name contains one of these...
const SECRET_PARAM_PARTS = ["token", "secret", "password", "passwd", "auth", "signature", "credential", "apikey", "api_key", "api-key", "session"];
// ...or one of its words (split at - _ .) is one of these: "key" and "sig" alone, not "monkey" or "design".
const SECRET_PARAM_WORDS = new Set(["key", "sig", "code", "pwd", "pass", "hmac"]);

function secretParamName(name: string): boolean {
  const lower = name.toLowerCase();
  return SECRET_PARAM_PARTS.some((part) => lower.includes(part)) || lower.split(/[-_.]/).some((word) => SECRET_PARAM_WORDS.has(word));
}

function webhookHost(hostname: string) {
  const host = hostname.toLowerCase().replace(/\.+$/, "");
  return WEBHOOK_HOSTS.find((h) => (typeof h.host === "string" ? h.host === host : h.host.test(host)));
}

function parse(url: string): URL | null {
  try {
    // A URL naming a team secret ({{secrets.NAME}}) is judged by its own parts, the secret's aside.
    return new URL(fillSecrets(url, () => "secret"));
  } catch {
    return null;
  }
}

/** Whether `url`'s path and query are to be kept secret: marked so, a known webhook host, or a credential-like query parameter. */
export function isSecretUrl(url: string, marked = false): boolean {
  if (marked) return true;
  const parsed = parse(url);
  if (!parsed) return true; // not a URL we can read: show none of it
  if (webhookHost(parsed.hostname)) return true;
  return [...parsed.searchParams.keys()].some(secretParamName);
}

/** The URL as shown when secret: scheme, host and port, the public start of a known webhook's path, then the mask. */
export function maskUrl(url: string): string {
  const parsed = parse(url);
  if (!parsed) return MASK;
  const keep = webhookHost(parsed.hostname)?.keep;
  return `${parsed.origin}${keep && parsed.pathname.startsWith(keep) ? keep : "/"}${MASK}`;
}

/** The URL as shown by the API: masked when secret. */
export function presentUrl(url: string, marked = false): string {
  return isSecretUrl(url, marked) ? maskUrl(url) : url;
}

// "••••" as a URL parser percent-encodes it, for a masked URL that went through one on its way back.
const ENCODED_MASK = encodeURIComponent(MASK);

/** Whether a submitted URL is (or contains) the masked form, rather than a real URL. */
export function isMaskedUrl(url: string): boolean {
  return url.includes(MASK) || url.toUpperCase().includes(ENCODED_MASK);
}

/** A masked URL sent back, in the form maskUrl() gives (the mask not percent-encoded). */
export function normalizeMaskedUrl(url: string): string {
  return url.replace(new RegExp(ENCODED_MASK, "gi"), MASK);
}

/** What a log line may say about a URL: its scheme, host and port, never its path or query. */
export function urlForLog(url: URL): string {
  return url.origin;
}

const URL_IN_TEXT = /\bhttps?:\/\/[^\s<>"'`]+/gi;

/** `text` with every secret URL in it masked: for text kept and shown later, such as an assistant conversation. */
export function maskSecretUrlsIn(text: string): string {
  return text.replace(URL_IN_TEXT, (found) => {
    const url = found.replace(/[.,;:!?)\]]+$/, ""); // sentence punctuation after a URL is not part of it
    return isSecretUrl(url) ? maskUrl(url) + found.slice(url.length) : found;
  });
}

/**
 * A deep copy of `value` with every secret URL in its strings masked; an object's `url` is masked
 * also when the object marks it secret (`secretUrl: true`), as an http payload does. For echoing
 * input back, e.g. the tool calls an assistant made.
 */
export function scrubSecretUrls(value: unknown): unknown {
  if (typeof value === "string") return maskSecretUrlsIn(value);
  if (Array.isArray(value)) return value.map(scrubSecretUrls);
  if (value === null || typeof value !== "object") return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) out[k] = scrubSecretUrls(v);
  const { url, secretUrl } = value as { url?: unknown; secretUrl?: unknown };
  if (typeof url === "string" && secretUrl === true) out.url = maskUrl(url);
  return out;
}
