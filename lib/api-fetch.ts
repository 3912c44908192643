// Browser-side calls to the REST API, turning its error envelope into an exception the forms can show.
// The typed client over it is lib/api.ts.
import type { ZodError } from "zod";

export class ApiRequestError extends Error {
  constructor(
    message: string,
    readonly status: number,
    readonly code?: string,
    readonly fields?: Record<string, string>,
  ) {
    super(message);
  }
}

type Envelope = { error?: { code?: string; message?: string; fields?: Record<string, string> } };

export async function apiFetch<T>(path: string, init: RequestInit = {}): Promise<T> {
  let response: Response;
  try {
    response = await fetch(path, {
      ...init,
      credentials: "same-origin",
      headers: { Accept: "application/json", ...(init.body ? { "Content-Type": "application/json" } : {}), ...init.headers },
    });
  } catch (err) {
    if (init.signal?.aborted) throw err;
    throw new ApiRequestError("Could not reach the server. Check your connection and try again.", 0);
  }
  if (response.status === 204) return undefined as T;
  const body: unknown = await response.json().catch(() => null);
  if (!response.ok) {
    const error = (body as Envelope | null)?.error;
    const fallback =
      response.status === 401 ? "Your session has expired. Sign in again." : `The server answered ${response.status} ${response.statusText}`.trim();
    throw new ApiRequestError(error?.message ?? fallback, response.status, error?.code, error?.fields);
  }
  return body as T;
}

/** A message for any error thrown by apiFetch. */
export function errorMessage(err: unknown): string {
  return err instanceof ApiRequestError ? err.message : "Something went wrong. Please try again.";
}

/** "password must be…" -> "Password must be…": API and schema messages are lower-case fragments. */
export function sentence(message: string): string {
  return message.charAt(0).toUpperCase() + message.slice(1);
}

/**
 * Top-level field name -> first message, from a failed zod parse. A field left blank in `values`
 * gets "<Field> is required" rather than whatever its format check says about "".
 */
export function zodFieldErrors(error: ZodError, values: Record<string, unknown> = {}): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const issue of error.issues) {
    const key = issue.path.length ? String(issue.path[0]) : "form";
    fields[key] ??= values[key] === "" ? `${sentence(key)} is required` : sentence(issue.message);
  }
  return fields;
}

/** Splits server field errors into the ones a form shows inline and whether any were left over. */
export function pickFieldErrors(fields: Record<string, string> | undefined, known: readonly string[]) {
  const inline: Record<string, string> = {};
  let unmatched = false;
  for (const [key, message] of Object.entries(fields ?? {})) {
    if (known.includes(key)) inline[key] = sentence(message);
    else unmatched = true;
  }
  return { inline, unmatched };
}
