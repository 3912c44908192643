// What went wrong when a sign-in with the provider failed, for the login page to say. next-auth
// answers every failure of its callback with the same redirect (".../error?error=OAuthCallback",
// or "Callback") and tells only its logger why; so the logger notes the failure of the request
// it belongs to (an AsyncLocalStorage per callback request), and the callback's redirect is
// pointed at /login with that failure's code. The state: one note per request, filled by the
// logger, read once when next-auth has answered, dropped with the request.
import { AsyncLocalStorage } from "node:async_hooks";
import { loginErrorPath, SSO_ERROR_CODES, type ProviderFailure } from "./sign-in-codes";

type Note = { failure: ProviderFailure | null };

const notes = new AsyncLocalStorage<Note>();

// next-auth's log codes for a failed OAuth sign-in (next-auth/core/routes/callback.js, signin.js).
const SIGN_IN_LOG_CODES = new Set(["OAUTH_CALLBACK_HANDLER_ERROR", "OAUTH_CALLBACK_ERROR", "OAUTH_PARSE_PROFILE_ERROR", "SIGNIN_OAUTH_ERROR"]);

// Errors of a connection that failed or timed out (Node's and openid-client's).
const NETWORK_ERROR_CODES = new Set(["ECONNREFUSED", "ECONNRESET", "ENOTFOUND", "EAI_AGAIN", "ETIMEDOUT", "EHOSTUNREACH", "ENETUNREACH", "EPIPE"]);

type LoggedError = { message: string; code?: unknown };

/** The error a next-auth log entry carries: the metadata itself or its `error`. */
function loggedError(metadata: unknown): LoggedError | null {
  const candidate = metadata instanceof Error ? metadata : (metadata as { error?: unknown } | null)?.error;
  if (candidate instanceof Error) return candidate as LoggedError;
  return null;
}

/**
 * What a next-auth error log entry says went wrong with the provider, or null when it is not
 * about a sign-in with one. The provider's own error codes (RFC 6749 4.1.2.1, 5.2) arrive as the
 * message: the redirect's `error`, or "invalid_client (description)" from the token endpoint.
 */
export function classifyProviderFailure(code: string, metadata: unknown): ProviderFailure | null {
  if (!SIGN_IN_LOG_CODES.has(code)) return null;
  const error = loggedError(metadata);
  if (!error) return "failed";
  const providerCode = /^[a-z_]+(?= \(|$)/.exec(error.message)?.[0];
  if (providerCode === "access_denied") return "denied";
  if (providerCode === "invalid_client" || providerCode === "unauthorized_client") return "client_rejected";
  if (providerCode === "temporarily_unavailable" || providerCode === "server_error") return "unreachable";
  if (typeof error.code === "string" && NETWORK_ERROR_CODES.has(error.code)) return "unreachable";
  // openid-client: "outgoing request timed out after 10000ms", "expected 200 OK, got: 503 Service Unavailable"
  if (/^outgoing request timed out|^expected \d{3} [A-Za-z ]+, got: 5\d\d/.test(error.message)) return "unreachable";
  return "failed";
}

/** Called by next-auth's logger for every error it logs; notes the first sign-in failure of this request. */
export function noteProviderFailure(code: string, metadata: unknown): ProviderFailure | null {
  const failure = classifyProviderFailure(code, metadata);
  const note = notes.getStore();
  // next-auth logs one failure more than once on its way out; the first entry is the cause.
  if (note && failure && !note.failure) note.failure = failure;
  return failure;
}

/**
 * Runs next-auth's callback handler; when the sign-in failed at or with the provider, its
 * redirect goes to /login with the code of what happened instead of next-auth's catch-all.
 */
export async function withProviderFailures(handle: () => Promise<Response>): Promise<Response> {
  const note: Note = { failure: null };
  const response = await notes.run(note, handle);
  const location = response.headers.get("location");
  if (!note.failure || !location) return response;
  // A path: the browser resolves it against the address it used, whatever proxy is in between.
  response.headers.set("location", loginErrorPath(SSO_ERROR_CODES[note.failure]));
  return response;
}
