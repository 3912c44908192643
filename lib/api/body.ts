// Reading request bodies: size-capped while streaming, JSON only, parsed by the resource's strict zod schema.
import type { z } from "zod";
import { ApiError, errorResponse, validationError, zodFields } from "./errors";

export const MAX_BODY_BYTES = 64 * 1024;

/**
 * The request's body as bytes, refused with 413 as soon as it passes `limit`. A declared
 * Content-Length is checked first; a chunked body (no length) is counted as it streams in and the
 * stream is cancelled at the limit, so a client can never make the server hold more than `limit`.
 */
export async function readBodyBytes(request: Request, limit = MAX_BODY_BYTES): Promise<Uint8Array> {
  const declared = request.headers.get("content-length");
  if (declared !== null && Number(declared) > limit) throw tooLarge(limit);
  if (!request.body) return new Uint8Array(0);
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > limit) {
      await reader.cancel().catch(() => {});
      throw tooLarge(limit);
    }
    chunks.push(value);
  }
  const bytes = new Uint8Array(total);
  let at = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, at);
    at += chunk.byteLength;
  }
  return bytes;
}

/**
 * How much of a body Next copies for proxy.ts (next.config.ts `proxyClientMaxBodySize`). Past it
 * Next silently cuts the body short, for proxy.ts and for the route after it; at four times the
 * limit, a cut body has still shown proxy.ts more than MAX_BODY_BYTES (a chunk from the socket is
 * at most 64 KiB), so bodyOverLimit() refuses it before anything reads the cut copy.
 */
export const PROXY_BODY_COPY_BYTES = 4 * MAX_BODY_BYTES;

/** For proxy.ts: a 413 response if the request's body passes MAX_BODY_BYTES (declared or counted), else null. */
export async function refuseLargeBody(request: Request): Promise<Response | null> {
  if (request.method === "GET" || request.method === "HEAD") return null;
  try {
    await readBodyBytes(request);
    return null;
  } catch (err) {
    if (err instanceof ApiError && err.code === "payload_too_large") return errorResponse(err);
    throw err;
  }
}

/** The request's JSON body; an empty body reads as `{}` when `allowEmpty` is set; `limit` for the few routes that take more than MAX_BODY_BYTES. */
export async function readJson(request: Request, { allowEmpty = false, limit = MAX_BODY_BYTES } = {}): Promise<unknown> {
  const text = new TextDecoder().decode(await readBodyBytes(request, limit));
  if (text.trim() === "") {
    if (allowEmpty) return {};
    throw validationError({ body: "a JSON body is required" });
  }
  try {
    return JSON.parse(text);
  } catch {
    throw validationError({ body: "the body is not valid JSON" });
  }
}

/** Parses the body with `schema`; every problem comes back as a field message. */
export async function parseBody<S extends z.ZodType>(request: Request, schema: S, opts?: { allowEmpty?: boolean; limit?: number }): Promise<z.output<S>> {
  const raw = await readJson(request, opts);
  const parsed = schema.safeParse(raw);
  if (!parsed.success) throw validationError(zodFields(parsed.error));
  return parsed.data;
}

function tooLarge(limit: number): ApiError {
  return new ApiError("payload_too_large", limit >= 1024 * 1024 ? `request bodies here are limited to ${limit / 1024 / 1024} MiB` : `request bodies are limited to ${limit / 1024} KiB`);
}

/** Parses the query string with `schema`; a repeated parameter is refused rather than guessed at. */
export function parseQuery<S extends z.ZodType>(request: Request, schema: S): z.output<S> {
  const params = new URL(request.url).searchParams;
  const raw: Record<string, string> = {};
  for (const [key, value] of params) {
    if (key in raw) throw validationError({ [key]: `${key} was given more than once` });
    raw[key] = value;
  }
  const parsed = schema.safeParse(raw);
  if (!parsed.success) throw validationError(zodFields(parsed.error));
  return parsed.data;
}
