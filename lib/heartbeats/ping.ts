// The ping endpoint of heartbeat checks: GET or POST /ping/{key}[/start|/fail|/{exit status}].
// The key is the only credential (no session, no token, no origin check: curl on any machine
// sends it). Answers are short plain text, for a terminal or a cron log: 200 "OK", or a 4xx/5xx
// that says what is wrong. The body's first 10 KiB become the run's output; the rest is not read.
import { ApiError } from "../api/errors";
import { clientAddress } from "../api/client-address";
import { throttlePing } from "../auth/throttles";
import { getDb } from "../db/client";
import { isDatabaseUnavailable } from "../db/errors";
import { appNow } from "../app-clock";
import { createLogger } from "../log";
import { PING_KEY_PATTERN } from "./ping-key";
import { settleCheck, type PingSignal } from "./settle";

/** What a ping's run keeps of the request body. */
export const PING_BODY_MAX_BYTES = 10 * 1024;
const USER_AGENT_MAX = 200;

const text = (status: number, body: string, headers: Record<string, string> = {}) =>
  new Response(`${body}\n`, { status, headers: { "content-type": "text/plain; charset=utf-8", "cache-control": "no-store", ...headers } });

const NOT_FOUND = "not found: no heartbeat check has this ping URL (was it given a new one?)";

/** The signal a ping URL's last part names: none is success; start; fail; an exit status 0-255 (0 succeeds). */
export function parseSignal(part: string | undefined): PingSignal | null {
  if (part === undefined) return { kind: "success" };
  if (part === "start") return { kind: "start" };
  if (part === "fail") return { kind: "fail" };
  if (/^\d{1,3}$/.test(part) && Number(part) <= 255) return Number(part) === 0 ? { kind: "success" } : { kind: "fail", exitStatus: Number(part) };
  return null;
}

/**
 * The first `max` bytes of a body as text: invalid UTF-8 replaced, a character cut at the end
 * dropped, NUL removed (PostgreSQL's text cannot hold it). Stops reading there.
 */
export async function readBodyStart(body: ReadableStream<Uint8Array> | null, max = PING_BODY_MAX_BYTES): Promise<string> {
  if (!body) return "";
  const reader = body.getReader();
  const parts: Uint8Array[] = [];
  let size = 0;
  let cut = false;
  try {
    while (size < max) {
      const { done, value } = await reader.read();
      if (done) break;
      parts.push(value);
      size += value.byteLength;
    }
    cut = size > max;
    if (size >= max) await reader.cancel().catch(() => undefined);
  } finally {
    reader.releaseLock();
  }
  const bytes = Buffer.concat(parts).subarray(0, max);
  let decoded = new TextDecoder("utf-8", { fatal: false }).decode(bytes);
  if (cut || size === max) decoded = decoded.replace(/\uFFFD$/, "");
  return decoded.replaceAll("\u0000", "");
}

let log: ReturnType<typeof createLogger> | undefined;

/** Answers one ping. */
export async function answerPing(request: Request, key: string, signalPart?: string): Promise<Response> {
  const signal = parseSignal(signalPart);
  if (!signal) return text(404, `not found: ${JSON.stringify(signalPart)} is not a ping; use /ping/{key}, /start, /fail or an exit status from 0 to 255`);
  if (!PING_KEY_PATTERN.test(key)) return text(404, NOT_FOUND);
  try {
    const db = await getDb();
    // Counted only for keys that exist: guesses cost one indexed read, and write nothing.
    if (!(await db.schedule.findUnique({ where: { pingKey: key }, select: { id: true } }))) return text(404, NOT_FOUND);
    await throttlePing(key);
    const body = await readBodyStart(request.body);
    const source = {
      method: request.method,
      address: clientAddress(request.headers),
      userAgent: request.headers.get("user-agent")?.slice(0, USER_AGENT_MAX) ?? null,
    };
    const settled = await settleCheck(db, { pingKey: key }, appNow(), { signal, body, source });
    if (!settled) return text(404, NOT_FOUND); // its key changed or it was deleted meanwhile
    return text(200, "OK");
  } catch (err) {
    if (err instanceof ApiError && err.status === 429) return text(429, err.message, err.headers);
    if (isDatabaseUnavailable(err)) return text(503, "unavailable: the database cannot be reached; ping again shortly", { "Retry-After": "5" });
    (log ??= createLogger("ping")).error("ping failed", { error: (err as Error).message });
    return text(500, "error: the ping could not be recorded; ping again");
  }
}
