// Runs, schedules and a fake REST API for the run-history component tests. Tests stub `fetch`,
// never lib/api.ts, so the typed client and its error handling are exercised too.
import { vi } from "vitest";
import type { RunOut, RunStatus, ScheduleOut } from "../../../lib/api";

let seq = 0;

export function makeRun(overrides: Partial<RunOut> = {}): RunOut {
  seq += 1;
  const at = new Date(Date.UTC(2026, 10, 21, 12, 0) - seq * 60_000).toISOString();
  const status: RunStatus = overrides.status ?? "succeeded";
  const finished = status !== "queued" && status !== "running";
  return {
    id: `run-${seq}`,
    scheduleId: "s1",
    scheduleName: "Nightly backup",
    trigger: "schedule",
    scheduledFor: at,
    attempt: 1,
    status,
    startedAt: status === "queued" ? null : at,
    finishedAt: finished ? at : null,
    durationMs: finished ? 120 : null,
    result: finished && status === "succeeded" ? { ok: true } : null,
    error: status === "failed" ? { message: "connect ECONNREFUSED" } : null,
    ...overrides,
  };
}

export function makeSchedule(overrides: Partial<ScheduleOut> = {}): ScheduleOut {
  return {
    id: "s1",
    teamId: "t1",
    name: "Nightly backup",
    description: "Copies the database to S3",
    cronExpression: "0 2 * * *",
    timezone: "Europe/Paris",
    cronHuman: "At 02:00 (Europe/Paris)",
    entrypoint: "log",
    payload: { message: "backup" },
    isEnabled: true,
    overlapPolicy: "skip",
    misfirePolicy: "run_once",
    timeoutSeconds: 300,
    maxRetries: 2,
    retryDelaySeconds: 30,
    lastRunAt: null,
    nextRunAt: "2026-11-23T01:00:00.000Z",
    lastRunStatus: null,
    pingUrl: null,
    alerts: null,
    consecutiveFailures: 0,
    createdAt: "2026-11-01T10:00:00.000Z",
    updatedAt: "2026-11-02T10:00:00.000Z",
    ...overrides,
  };
}

type Reply = { status?: number; body?: unknown };
type Route = (url: URL, init: RequestInit) => Reply | undefined;

/**
 * Stubs fetch with `route`, which answers by URL (the first match wins); anything unmatched is a
 * 404 so a missing route shows up as a failed assertion rather than a hang. Returns the mock, whose
 * calls record each request.
 */
export function stubApi(route: Route) {
  const fetchMock = vi.fn(async (input: RequestInfo | URL, init: RequestInit = {}) => {
    const url = new URL(String(input), "http://localhost");
    const reply = route(url, init) ?? { status: 404, body: { error: { code: "not_found", message: "Not found" } } };
    const status = reply.status ?? 200;
    return new Response(status === 204 ? null : JSON.stringify(reply.body ?? null), { status, headers: { "Content-Type": "application/json" } });
  });
  vi.stubGlobal("fetch", fetchMock);
  return fetchMock;
}

/** The requests made so far, as "METHOD /path?query". */
export function requests(fetchMock: ReturnType<typeof stubApi>): string[] {
  return fetchMock.mock.calls.map(([input, init]) => {
    const url = new URL(String(input), "http://localhost");
    return `${init?.method ?? "GET"} ${url.pathname}${url.search}`;
  });
}
