// The REST API as the CLI calls it: Bearer token, JSON in and out, and every failure turned into a
// CliError with its exit code (401/403: 3, 404: 4, a server that cannot be reached: 5, else 1).
import { CliError, EXIT, exitForStatus } from "./errors";
import type { Config } from "./config";

/** How long a plain request may take; following a run's output is not bounded by it. */
const REQUEST_TIMEOUT_MS = 30_000;

type Query = Record<string, string | number | boolean | undefined>;
export type RequestOptions = { query?: Query; body?: unknown; headers?: Record<string, string>; timeout?: boolean };

export type ApiErrorBody = { error?: { code?: string; message?: string; fields?: Record<string, string> }; errors?: unknown };

export class ApiError extends CliError {
  constructor(
    message: string,
    readonly status: number,
    readonly body: ApiErrorBody | null,
    fields: Record<string, string> = {},
  ) {
    super(message, exitForStatus(status), fields);
  }
}

export function createClient(config: Config, fetchImpl: typeof fetch = fetch) {
  async function send(method: string, path: string, options: RequestOptions = {}): Promise<Response> {
    const url = new URL(`${config.url}${path}`);
    for (const [k, v] of Object.entries(options.query ?? {})) if (v !== undefined) url.searchParams.set(k, String(v));
    const headers: Record<string, string> = { authorization: `Bearer ${config.token}`, accept: "application/json", ...options.headers };
    if (options.body !== undefined) headers["content-type"] = "application/json";
    let res: Response;
    try {
      res = await fetchImpl(url, {
        method,
        headers,
        body: options.body === undefined ? undefined : JSON.stringify(options.body),
        signal: options.timeout === false ? undefined : AbortSignal.timeout(REQUEST_TIMEOUT_MS),
      });
    } catch (err) {
      throw unreachable(config.url, err);
    }
    if (!res.ok) throw await apiError(res);
    return res;
  }

  async function json<T>(method: string, path: string, options?: RequestOptions): Promise<T> {
    const res = await send(method, path, options);
    if (res.status === 204) return undefined as T;
    return (await res.json()) as T;
  }

  return {
    url: config.url,
    send,
    get: <T>(path: string, query?: Query) => json<T>("GET", path, { query }),
    post: <T>(path: string, body?: unknown, query?: Query) => json<T>("POST", path, { body, query }),
    patch: <T>(path: string, body?: unknown) => json<T>("PATCH", path, { body }),
    delete: (path: string) => json<void>("DELETE", path),
  };
}

export type Client = ReturnType<typeof createClient>;

export function unreachable(url: string, err: unknown): CliError {
  const e = err as Error & { cause?: { code?: string; message?: string } };
  if (e.name === "TimeoutError") return new CliError(`${url} did not answer within ${REQUEST_TIMEOUT_MS / 1000} s`, EXIT.unreachable);
  const why = e.cause?.code ?? e.cause?.message ?? e.message;
  return new CliError(`cannot reach ${url}: ${why}`, EXIT.unreachable);
}

/** The API's error envelope as a CliError: its message, its fields, and the status's exit code. */
export async function apiError(res: Response): Promise<ApiError> {
  const text = await res.text().catch(() => "");
  let body: ApiErrorBody | null = null;
  try {
    body = JSON.parse(text) as ApiErrorBody;
  } catch {
    body = null;
  }
  const message = body?.error?.message ?? (text.trim().slice(0, 200) || res.statusText);
  return new ApiError(`${message} (HTTP ${res.status})`, res.status, body, body?.error?.fields ?? {});
}
