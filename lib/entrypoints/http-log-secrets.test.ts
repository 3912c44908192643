// The worker never logs the path or query of an http job's URL (a webhook's key is often there):
// one run, as the worker executes it (startExecution, runEntrypoint), with its logger captured,
// when the call succeeds, gets a 500 or a redirect, and cannot connect. Nor does the run's stored outcome hold it.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, expect, test } from "vitest";
import type { Logger } from "../log";
import { systemClock } from "../scheduler/clock";
import { startExecution, type Job } from "../scheduler/execution";
import type { Outcome, ScheduleSnapshot } from "../scheduler/store";
import { registerPayload, runEntrypoint } from "./registry";

const SECRET_PATH = "/services/T0SECRETA/B0SECRETB/keySECRETC";
const SECRET_QUERY = "?token=SECRETquery&sig=SECRETsig";

let server: http.Server;
let port: number;
beforeAll(async () => {
  server = http.createServer((req, res) => {
    if (req.url?.startsWith("/redirect")) res.writeHead(302, { location: `${req.url.slice("/redirect".length)}/` });
    else res.writeHead(req.url?.startsWith("/fail") ? 500 : 200);
    res.end("ok");
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  port = (server.address() as AddressInfo).port;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

async function runLogged(url: string): Promise<{ lines: string[]; outcome: Outcome }> {
  const lines: string[] = [];
  const capture = (level: string) => (message: string, fields?: Record<string, unknown>) => lines.push(`${level} ${message} ${JSON.stringify(fields ?? {})}`);
  const log: Logger = { debug: capture("debug"), info: capture("info"), warn: capture("warn"), error: capture("error") };
  const policy = { allowPrivateNetwork: true };
  const registered = await registerPayload("http", { url }, undefined, policy);
  if (!registered.ok) throw new Error(registered.message);
  const schedule = { id: "s1", userId: "u1", name: "slack", timezone: "UTC", entrypoint: "http", payload: registered.payload, timeoutSeconds: 10 } as unknown as ScheduleSnapshot;
  const job: Job = { run: { id: "r1", scheduleId: "s1", scheduledFor: new Date(), attempt: 1, trigger: "schedule" }, schedule };
  let outcome!: Outcome;
  const execution = startExecution(job, { clock: systemClock, log, run: (key, payload, ctx) => runEntrypoint(key, payload, ctx, policy) }, (o) => (outcome = o));
  await execution.ended;
  return { lines, outcome };
}

test.each([
  ["a call that succeeds", () => `http://127.0.0.1:${port}${SECRET_PATH}${SECRET_QUERY}`, "succeeded"],
  ["a call by host name", () => `http://localhost:${port}${SECRET_PATH}${SECRET_QUERY}`, "succeeded"],
  ["a call answered with 500", () => `http://127.0.0.1:${port}/fail${SECRET_PATH}${SECRET_QUERY}`, "failed"],
  ["a call answered with a redirect to the same secret path", () => `http://127.0.0.1:${port}/redirect${SECRET_PATH}${SECRET_QUERY}`, "failed"],
  ["a call that cannot connect", () => `http://127.0.0.1:1${SECRET_PATH}${SECRET_QUERY}`, "failed"],
])("%s: the log lines and the outcome have the scheme and host, never the path or query", async (_what, url, status) => {
  const { lines, outcome } = await runLogged(url());
  expect(outcome.status).toBe(status);
  expect(lines.some((l) => /POST http:\/\/(127\.0\.0\.1|localhost):\d+ /.test(l)), lines.join("\n")).toBe(true);
  const text = lines.join("\n") + JSON.stringify(outcome);
  for (const secret of ["SECRETA", "SECRETB", "SECRETC", "SECRETquery", "SECRETsig", "/services"]) expect(text, text).not.toContain(secret);
});
