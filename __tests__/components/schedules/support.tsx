// Shared by the schedules component tests: a fetch stand-in that answers like the REST API (the
// typed client in lib/api.ts runs for real on top of it), fixtures, and a render helper.
import { render } from "@testing-library/react";
import type { ReactElement } from "react";
import { vi } from "vitest";
import type { ScheduleOut } from "../../../lib/api";
import { ToastProvider } from "../../../components/ui/Toast";

export type Call = { method: string; path: string; url: URL; body: unknown };
type Handler = (call: Call) => Response | Promise<Response>;

export const json = (body: unknown, status = 200) => Response.json(body, { status });
export const apiError = (status: number, code: string, message: string, fields?: Record<string, string>) =>
  json({ error: { code, message, ...(fields ? { fields } : {}) } }, status);

/**
 * Stubs fetch with handlers keyed "METHOD /path" (a trailing "*" matches any rest of the path).
 * Unmatched calls answer 404, so a missing handler shows up as a visible error. Returns every call.
 */
export function mockApi(handlers: Record<string, Handler>): Call[] {
  const calls: Call[] = [];
  vi.stubGlobal(
    "fetch",
    vi.fn(async (input: string, init: RequestInit = {}) => {
      const url = new URL(input, "http://localhost");
      const method = (init.method ?? "GET").toUpperCase();
      const call = { method, path: url.pathname, url, body: typeof init.body === "string" ? JSON.parse(init.body) : undefined };
      calls.push(call);
      const key = `${method} ${url.pathname}`;
      const handler =
        handlers[key] ?? Object.entries(handlers).find(([pattern]) => pattern.endsWith("*") && key.startsWith(pattern.slice(0, -1)))?.[1];
      return handler ? handler(call) : apiError(404, "not_found", `no handler for ${key}`);
    }),
  );
  return calls;
}

/** Handlers every form needs: the job types and a cron preview that accepts anything. */
export const formHandlers: Record<string, Handler> = {
  "GET /api/v1/entrypoints": () => json({ items: ENTRYPOINTS }),
  "GET /api/v1/cron/describe": () => json({ normalized: "0 9 * * 1-5", cronHuman: "At 09:00, Monday through Friday (UTC)", nextRuns: ["2026-11-23T09:00:00.000Z"] }),
  "GET /api/health": () => json({ status: "ok", database: "ok", worker: { online: true, lastSeenAt: "2026-11-22T00:00:00.000Z" } }),
};

export const ENTRYPOINTS = [
  {
    key: "log",
    title: "Log a message",
    description: "Writes a message to the run's log.",
    payloadSchema: {
      type: "object",
      properties: {
        message: { type: "string", minLength: 1, maxLength: 1000, description: "The text each run writes to its log" },
        errorRate: { type: "number", minimum: 0, maximum: 1, description: "The probability (0-1) that a run fails on purpose" },
      },
      required: ["message"],
      additionalProperties: false,
    },
  },
  {
    key: "http",
    title: "Call a URL (webhook)",
    description: "Sends an HTTP request.",
    payloadSchema: {
      type: "object",
      properties: { url: { type: "string", format: "uri" }, headers: { type: "object", additionalProperties: { type: "string" } } },
      required: ["url"],
    },
  },
];

let nextId = 1;

export function aSchedule(overrides: Partial<ScheduleOut> = {}): ScheduleOut {
  const id = overrides.id ?? `s${nextId++}`;
  return {
    id,
    teamId: "t1",
    name: `Schedule ${id}`,
    description: null,
    cronExpression: "0 9 * * 1-5",
    timezone: "UTC",
    cronHuman: "At 09:00, Monday through Friday (UTC)",
    entrypoint: "log",
    payload: { message: "hello" },
    isEnabled: true,
    overlapPolicy: "skip",
    misfirePolicy: "run_once",
    timeoutSeconds: 300,
    maxRetries: 0,
    retryDelaySeconds: 30,
    lastRunAt: null,
    nextRunAt: "2026-11-23T09:00:00.000Z",
    lastRunStatus: null,
    pingUrl: null,
    alerts: null,
    consecutiveFailures: 0,
    createdAt: "2026-11-01T00:00:00.000Z",
    updatedAt: "2026-11-01T00:00:00.000Z",
    ...overrides,
  };
}

export const renderWithToasts = (ui: ReactElement) => render(<ToastProvider>{ui}</ToastProvider>);
