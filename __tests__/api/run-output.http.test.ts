// A run's output end to end, on each database: `next start` and a real worker process; Run now on an
// `http` schedule whose target answers slowly, followed over Server-Sent Events: the line the job
// writes when it starts arrives while the run is still going, the one it writes when it finishes
// after, then `end`; the same output as JSON afterwards, resumed after Last-Event-ID, and kept
// from another team and from anonymous callers.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { DbTarget } from "../../lib/db/target";
import { ownDatabases, unique } from "../support/databases";
import { call } from "../support/http";
import { startServer, type TestServer } from "../support/server";
import { sseReader, type SseEvent } from "../support/sse";
import { startWorker, type WorkerProcess } from "../support/worker-process";

/** How long the target takes to answer: the run's output must be seen before it has. */
const SLOW_MS = 2000;

describe.each(ownDatabases("run-output-http"))("on %s", (_name, makeTarget, dropTarget) => {
  let target: DbTarget;
  let server: TestServer;
  let worker: WorkerProcess;
  let receiver: http.Server;
  let hook: string;
  const auth: Record<string, string>[] = [];

  beforeAll(async () => {
    receiver = http.createServer((req, res) => {
      req.resume();
      setTimeout(() => res.writeHead(200, { "content-type": "text/plain" }).end("done"), SLOW_MS).unref();
    });
    await new Promise<void>((r) => receiver.listen(0, "127.0.0.1", r));
    hook = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/slow`;
    target = await makeTarget();
    // The target is on loopback: the operator's switch, for the API (registration) and the worker.
    server = await startServer(target, { ALLOW_PRIVATE_NETWORK_TARGETS: "true" });
    worker = startWorker(target, unique("output-worker"), { ALLOW_PRIVATE_NETWORK_TARGETS: "true" });
    for (let i = 0; i < 2; i++) {
      const email = `${unique("output")}@example.com`;
      await call(server.url, "POST", "/api/v1/auth/register", { body: { email, password: "password123" } });
      const { json } = await call(server.url, "POST", "/api/v1/auth/token", { body: { email, password: "password123" } });
      auth.push({ authorization: `Bearer ${json.accessToken}` });
    }
  }, 120_000);
  afterAll(async () => {
    await worker?.stop();
    await server?.stop();
    receiver?.closeAllConnections();
    receiver?.close();
    await dropTarget(target);
  });

  /** Every event of the run's output stream until it closes, each with when it arrived. */
  async function follow(runId: string, headers: Record<string, string> = {}) {
    const res = await fetch(`${server.url}/api/v1/runs/${runId}/output`, { headers: { ...auth[0], accept: "text/event-stream", ...headers } });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/^text\/event-stream/);
    const sse = sseReader(res.body!);
    const events: (SseEvent & { ms: number })[] = [];
    for (let e = await sse.next(); e; e = await sse.next()) events.push({ ...e, ms: Date.now() });
    return events;
  }

  test("Run now on an http schedule: its start line arrives live, its finish line after, then `end`; the same as JSON afterwards", async () => {
    const created = await call(server.url, "POST", "/api/v1/schedules", { headers: auth[0], body: { name: "slow hook", cronExpression: "0 0 1 1 *", isEnabled: false, entrypoint: "http", payload: { url: hook, method: "GET" } } });
    expect(created.status).toBe(201);
    const queued = await call(server.url, "POST", `/api/v1/schedules/${created.json.id}/run`, { headers: auth[0] });
    expect(queued.status).toBe(202);
    const runId: string = queued.json.run.id;

    const events = await follow(runId);
    expect(events.map((e) => [e.id, e.event])).toEqual([
      ["1", "output"],
      ["2", "output"],
      [undefined, "end"],
    ]);
    const [start, finish, end] = events;
    expect(JSON.parse(start.data)).toMatchObject({ seq: 1, stream: "log", text: expect.stringMatching(/^GET http:\/\/127\.0\.0\.1:\d+\n$/) });
    expect(JSON.parse(finish.data)).toMatchObject({ seq: 2, stream: "log", text: expect.stringMatching(/^HTTP 200 durationMs=\d+\n$/) });
    expect(JSON.parse(end.data)).toEqual({ status: "succeeded", droppedBytes: 0 });
    // Live: the start line came while the target was still answering, not with the outcome.
    expect(finish.ms - start.ms).toBeGreaterThan(SLOW_MS / 2);

    const page = await call(server.url, "GET", `/api/v1/runs/${runId}/output`, { headers: auth[0] });
    expect(page.status).toBe(200);
    expect(page.json).toMatchObject({ runId, status: "succeeded", finished: true, droppedBytes: 0, nextAfter: null });
    expect(page.json.chunks).toEqual([JSON.parse(start.data), JSON.parse(finish.data)]);

    const resumed = await follow(runId, { "last-event-id": "1" });
    expect(resumed.map((e) => [e.id, e.event])).toEqual([
      ["2", "output"],
      [undefined, "end"],
    ]);

    expect((await call(server.url, "GET", `/api/v1/runs/${runId}/output`, { headers: auth[1] })).status).toBe(404);
    expect((await call(server.url, "GET", `/api/v1/runs/${runId}/output`, { headers: { ...auth[1], accept: "text/event-stream" } })).status).toBe(404);
    expect((await call(server.url, "GET", `/api/v1/runs/${runId}/output`, { headers: { accept: "text/event-stream" } })).status).toBe(401);
  }, 60_000);

  test("a log schedule's message is its output", async () => {
    const created = await call(server.url, "POST", "/api/v1/schedules", { headers: auth[0], body: { name: "hello", cronExpression: "0 0 1 1 *", isEnabled: false, payload: { message: "hello, output" } } });
    const queued = await call(server.url, "POST", `/api/v1/schedules/${created.json.id}/run`, { headers: auth[0] });
    const events = await follow(queued.json.run.id);
    expect(events.map((e) => e.event)).toEqual(["output", "end"]);
    expect(JSON.parse(events[0].data)).toMatchObject({ stream: "log", text: "hello, output\n" });
  }, 60_000);
});
