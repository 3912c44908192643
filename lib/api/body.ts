// Reading request bodies: size-capped, JSON only, parsed by the resource's strict zod schema.
import type { z } from "zod";
import { ApiError, validationError, zodFields } from "./errors";

export const MAX_BODY_BYTES = 64 * 1024;

/** The request's JSON body; an empty body reads as `{}` when `allowEmpty` is set. */
export async function readJson(request: Request, { allowEmpty = false } = {}): Promise<unknown> {
  const declared = Number(request.headers.get("content-length") ?? "0");
  if (declared > MAX_BODY_BYTES) throw tooLarge();
  const bytes = new Uint8Array(await request.arrayBuffer());
  if (bytes.byteLength > MAX_BODY_BYTES) throw tooLarge();
  const text = new TextDecoder().decode(bytes);
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
export async function parseBody<S extends z.ZodType>(request: Request, schema: S, opts?: { allowEmpty?: boolean }): Promise<z.output<S>> {
  const raw = await readJson(request, opts);
  const parsed = schema.safeParse(raw);
  if (!parsed.success) throw validationError(zodFields(parsed.error));
  return parsed.data;
}

function tooLarge(): ApiError {
  return new ApiError("payload_too_large", `request bodies are limited to ${MAX_BODY_BYTES / 1024} KiB`);
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
