// Email alerts through the operator's SMTP server (SMTP_URL), with nodemailer. The server is the
// operator's own choice, so it is not subject to the SSRF guard; its URL (which may hold a
// password) never appears in an error.
import nodemailer, { type Transporter } from "nodemailer";
import type { RenderedAlert } from "./render";

/** The From when SMTP_FROM is not set: the SMTP login when it is an address, else almanac@localhost. */
export function defaultFrom(smtpUrl: string): string {
  const user = URL.canParse(smtpUrl) ? decodeURIComponent(new URL(smtpUrl).username) : "";
  return `Almanac <${/^[^\s<>@]+@[^\s<>@]+\.[^\s<>@]+$/.test(user) ? user : "almanac@localhost"}>`;
}

/** "mail.example.com:465", for messages: never the user name or password. */
export function smtpServerName(smtpUrl: string): string {
  if (!URL.canParse(smtpUrl)) return "the mail server";
  const url = new URL(smtpUrl);
  return `${url.hostname}:${url.port || (url.protocol === "smtps:" ? 465 : 587)}`;
}

// One transport per server URL and timeout: a transport holds no connection between messages
// (not pooled), so this only saves parsing the URL again.
const transports = new Map<string, Transporter>();

function transportFor(url: string, timeoutMs: number): Transporter {
  const key = `${timeoutMs} ${url}`;
  let transport = transports.get(key);
  if (!transport) {
    transport = nodemailer.createTransport({ url, connectionTimeout: timeoutMs, greetingTimeout: timeoutMs, socketTimeout: timeoutMs });
    transports.set(key, transport);
  }
  return transport;
}

export type MailError = { retryable: boolean; error: string; status: number | null };

// Errors that are the message's or the login's fault, not the moment's: sending again will not help.
const PERMANENT_CODES = new Set(["EENVELOPE", "EMESSAGE", "EAUTH", "ECONFIG", "ENOAUTH"]);

/** What went wrong in a sendMail, and whether trying later may help: an SMTP 4xx or a network problem may; a 5xx will not. */
export function mailError(err: unknown, smtpUrl: string): MailError {
  const e = err as { message?: string; code?: string; responseCode?: number; response?: string };
  const server = smtpServerName(smtpUrl);
  if (typeof e.responseCode === "number") {
    const detail = (e.response ?? e.message ?? "").replace(/\s+/g, " ").trim().slice(0, 300);
    return { retryable: e.responseCode < 500, status: e.responseCode, error: `the mail server ${server} answered ${detail || e.responseCode}` };
  }
  const message = (e.message ?? String(err)).replace(/\s+/g, " ").trim().slice(0, 300);
  return { retryable: !PERMANENT_CODES.has(e.code ?? ""), status: null, error: `sending through the mail server ${server} failed: ${message}${e.code ? ` (${e.code})` : ""}` };
}

export type MailOptions = { smtpUrl: string; from: string; to: string[]; timeoutMs: number; signal: AbortSignal };

/** Sends one alert; rejects with nodemailer's error, or with `signal.reason` when it aborts first. */
export async function sendMail(r: RenderedAlert, { smtpUrl, from, to, timeoutMs, signal }: MailOptions): Promise<void> {
  signal.throwIfAborted();
  const sending = transportFor(smtpUrl, timeoutMs).sendMail({ from, to, subject: r.subject, text: r.text, html: r.html });
  let onAbort: (() => void) | undefined;
  const aborted = new Promise<never>((_, reject) => {
    onAbort = () => reject(signal.reason);
    signal.addEventListener("abort", onAbort, { once: true });
  });
  try {
    await Promise.race([sending, aborted]);
  } finally {
    signal.removeEventListener("abort", onAbort!);
    sending.catch(() => {}); // settles later when aborted: nobody is waiting for it
  }
}
