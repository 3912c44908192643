// One error type for everything an API handler refuses, one table of codes to statuses, and one
// mapper from any thrown value to a response. Unknown errors become a 500 that leaks nothing.
import { ZodError } from "zod";
import { isDatabaseUnavailable, isUniqueViolation } from "../db/errors";

export const ERROR_STATUS = {
  validation_error: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  gone: 410,
  payload_too_large: 413,
  unsupported_media_type: 415,
  rate_limited: 429,
  internal: 500,
  /** A receiver we sent to refused or failed (a channel's test): its answer is the message. */
  bad_gateway: 502,
  unavailable: 503,
} as const;

export type ErrorCode = keyof typeof ERROR_STATUS;

export class ApiError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly fields?: Record<string, string>,
    readonly headers?: Record<string, string>,
    /** More members of the error object, e.g. a suggestion. */
    readonly extra?: Record<string, unknown>,
  ) {
    super(message);
  }

  get status(): number {
    return ERROR_STATUS[this.code];
  }
}

export const notFound = (what = "Not found") => new ApiError("not_found", what);
export const unauthorized = (message = "Authentication required: sign in, or send Authorization: Bearer <token>") =>
  new ApiError("unauthorized", message);

/** Field name -> first message, from a zod error; a root-level issue is keyed "body". */
export function zodFields(err: ZodError): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const issue of err.issues) {
    if (issue.code === "unrecognized_keys") {
      for (const key of issue.keys) fields[[...issue.path, key].join(".")] ??= `unknown field "${key}"`;
      continue;
    }
    const key = issue.path.length ? issue.path.join(".") : "body";
    fields[key] ??= issue.message;
  }
  return fields;
}

/** A one-line summary naming every field at fault. */
function summarize(fields: Record<string, string>): string {
  return Object.entries(fields)
    .map(([k, v]) => (k === "body" ? v : `${k}: ${v}`))
    .join("; ");
}

export function validationError(fields: Record<string, string>): ApiError {
  return new ApiError("validation_error", summarize(fields), fields);
}

export { isUniqueViolation };


export function toApiError(err: unknown): ApiError {
  if (err instanceof ApiError) return err;
  if (err instanceof ZodError) return validationError(zodFields(err));
  if (isUniqueViolation(err)) return new ApiError("conflict", "That already exists");
  // An outage or contention, not a bug: the client is told to retry rather than shown a 500.
  if (isDatabaseUnavailable(err)) {
    return new ApiError("unavailable", "The database is unavailable right now; try again shortly", undefined, { "Retry-After": "5" });
  }
  return new ApiError("internal", "Something went wrong on our side; the error was logged");
}

export function errorResponse(err: unknown): Response {
  const apiError = toApiError(err);
  if (apiError.code === "internal") console.error("[api] unhandled error:", err);
  if (apiError.code === "unavailable") console.error("[api] database unavailable:", (err as Error).message);
  const body = {
    error: { code: apiError.code, message: apiError.message, ...(apiError.fields ? { fields: apiError.fields } : {}), ...apiError.extra },
  };
  return Response.json(body, { status: apiError.status, headers: apiError.headers });
}
