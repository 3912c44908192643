// Alerts as a newcomer meets them, with real processes: the web app (next start) and workers,
// a real HTTP receiver checking signatures with an independent Standard Webhooks implementation.
// A webhook channel and its test; "alert after 3 failures" on a schedule; exactly one alert at
// the third failure and one at the recovery; worker.down when the worker stops and worker.up when
// it is back; and a worker SIGKILLed while it sends an alert loses nothing.
import type { ServerResponse } from "node:http";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { createApiToken } from "../../lib/auth/api-tokens";
import type { AlertPayload } from "../../lib/alerts/payload";
import { createDb, type Db } from "../../lib/db/client";
import { migrate } from "../../lib/db/migrate";
import type { DbTarget } from "../../lib/db/target";
import { startReceiver, verifiedWebhooks, type Received } from "../support/alerts";
import { ownDatabases, unique } from "../support/databases";
import { call } from "../support/http";
import { startServer, waitFor, type TestServer } from "../support/server";
import { startWorker, type WorkerProcess } from "../support/worker-process";

const targets = ownDatabases("alerts-process");

// The receivers are on loopback; and the web app and the workers share one AUTH_SECRET, as every
// deployment's processes must (channel secrets are sealed with it).
const ALLOW = { ALLOW_PRIVATE_NETWORK_TARGETS: "true", AUTH_SECRET: "alerts-process-test-secret-0123456789abcdef" };

describe.each(targets)("on %s", (_name, makeTarget, dropTarget) => {
  let target: DbTarget;
  let db: Db;
  let server: TestServer;
  let auth: Record<string, string>;
  let teamId: string;
  let jobFails = true;
  // The job's target: answers 500 while jobFails.
  let job: Awaited<ReturnType<typeof startReceiver>>;
  // The alerts' receiver: answers 200 unless told to hold a request.
  let hold: ((r: Received) => boolean) | null = null;
  const held: ServerResponse[] = [];
  let hooks: Awaited<ReturnType<typeof startReceiver>>;
  const workers: WorkerProcess[] = [];

  beforeAll(async () => {
    target = await makeTarget();
    await migrate(target);
    db = await createDb(target);
    job = await startReceiver((_r, res) => res.writeHead(jobFails ? 500 : 200).end(jobFails ? "backup target unreachable" : "ok"));
    hooks = await startReceiver((r, res) => (hold?.(r) ? held.push(res) : res.end("ok")));
    server = await startServer(target, { ...ALLOW, WORKER_DOWN_AFTER_SECONDS: "10" });
    // A worker from the start, as npm start runs one: the watch is counting from now.
    const w = worker();
    await waitFor(async () => (await db.workerHeartbeat.count()) > 0, 20_000, () => `the worker to start\n${w.output()}`);
    const user = await db.user.create({ data: { email: `${unique("alerts")}@example.com`, passwordHash: "x" } });
    auth = { authorization: `Bearer ${(await createApiToken(db, user.id, { name: "test" })).token}` };
    teamId = user.id; // the personal team
  }, 60_000);
  afterAll(async () => {
    for (const w of workers) if (w.proc.exitCode === null) await w.stop("SIGKILL");
    for (const res of held) res.destroy();
    await server?.stop();
    await job?.close();
    await hooks?.close();
    await db?.$disconnect();
    await dropTarget(target);
  });

  const api = (method: string, path: string, body?: unknown) => call(server.url, method, path, { headers: auth, body });
  const worker = (env: Record<string, string> = {}) => {
    const w = startWorker(target, unique("alerts-worker"), { ...ALLOW, ...env });
    workers.push(w);
    return w;
  };
  const verified = (secret: string) => verifiedWebhooks(hooks.received, secret);
  async function runNow(scheduleId: string): Promise<string> {
    const queued = await api("POST", `/api/v1/schedules/${scheduleId}/run`);
    expect(queued.status).toBe(202);
    const runId = queued.json.run.id as string;
    await waitFor(async () => !["queued", "running"].includes((await db.run.findUniqueOrThrow({ where: { id: runId } })).status), 20_000, "the run to finish");
    return runId;
  }

  test("a channel, its test, exactly one alert at the third failure and one at the recovery, worker down and up", async () => {
    const channel = await api("POST", `/api/v1/teams/${teamId}/channels`, { name: "ops", type: "webhook", config: { url: `${hooks.url}/almanac` } });
    expect(channel.status).toBe(201);
    const secret = channel.json.secret as string;
    const tested = await api("POST", `/api/v1/teams/${teamId}/channels/${channel.json.id}/test`);
    expect(tested.json).toEqual({ delivered: true, status: 200 });
    expect(verified(secret).map((e) => e.type)).toEqual(["channel.test"]);

    const schedule = await api("POST", "/api/v1/schedules", {
      name: "nightly backup",
      cronExpression: "0 3 1 1 *",
      entrypoint: "http",
      payload: { url: `${job.url}/backup` },
      alerts: { channelIds: [channel.json.id], afterConsecutiveFailures: 3 },
    });
    expect(schedule.status).toBe(201);
    const [w] = workers;
    for (let i = 1; i <= 2; i++) await runNow(schedule.json.id);
    await new Promise((r) => setTimeout(r, 1500));
    expect(hooks.received).toHaveLength(1); // the test only: two failures are below the threshold
    const third = await runNow(schedule.json.id);
    await waitFor(async () => hooks.received.length >= 2, 10_000, "the run.failed alert");
    await runNow(schedule.json.id); // a fourth failure: the same streak, no second alert
    jobFails = false;
    const recovered = await runNow(schedule.json.id);
    await waitFor(async () => hooks.received.length >= 3, 10_000, "the schedule.recovered alert");
    await runNow(schedule.json.id); // a success after the recovery: nothing
    await new Promise((r) => setTimeout(r, 1500));
    const events = verified(secret);
    expect(events.map((e) => [e.type, e.consecutiveFailures ?? null, e.run?.id ?? null])).toEqual([
      ["channel.test", null, null],
      ["run.failed", 3, third],
      ["schedule.recovered", 4, recovered],
    ]);
    expect(events[1]).toMatchObject({ schedule: { id: schedule.json.id, name: "nightly backup" }, run: { status: "failed", error: { message: expect.stringContaining("500") } } });

    // The schedule's history, through the API.
    const history = await api("GET", `/api/v1/schedules/${schedule.json.id}/alerts`);
    expect(history.json.items.map((e: { type: string; deliveries: { status: string }[] }) => [e.type, e.deliveries.map((d) => d.status)])).toEqual([
      ["schedule.recovered", ["delivered"]],
      ["run.failed", ["delivered"]],
    ]);

    // The worker stops: the web process notices within WORKER_DOWN_AFTER_SECONDS and says so.
    expect(await w.stop()).toBe(0);
    await waitFor(async () => hooks.received.length >= 4, 30_000, () => `the worker.down alert\n${server.output().slice(-2000)}`);
    worker();
    await waitFor(async () => hooks.received.length >= 5, 20_000, "the worker.up alert");
    expect(verified(secret).slice(3).map((e) => [e.type, e.team.id])).toEqual([
      ["worker.down", teamId],
      ["worker.up", teamId],
    ]);
  }, 120_000);

  test("a worker SIGKILLed while it sends an alert loses nothing: another sends it, with the same webhook-id", async () => {
    for (const w of workers) if (w.proc.exitCode === null) await w.stop();
    hooks.received.length = 0;
    const channel = await api("POST", `/api/v1/teams/${teamId}/channels`, { name: "held", type: "webhook", config: { url: `${hooks.url}/held` } });
    const schedule = await api("POST", "/api/v1/schedules", { name: "killed mid-send", cronExpression: "0 3 1 1 *", entrypoint: "http", payload: { url: `${job.url}/x` }, alerts: { channelIds: [channel.json.id] } });
    jobFails = true;
    // The first send of the run's alert never gets an answer (worker alerts go to every channel: let them through).
    const isRunFailed = (r: Received) => r.url === "/held" && (JSON.parse(r.body) as AlertPayload).type === "run.failed";
    hold = (r) => isRunFailed(r) && held.length === 0;
    // Both workers run one clock, ten times faster than real time: the dead one's lease (60 s)
    // runs out in 6 s.
    const fast = { ALMANAC_CLOCK_RATE: "10", ALMANAC_CLOCK_ORIGIN: String(Date.now()) };
    const first = worker(fast);
    await runNow(schedule.json.id);
    await waitFor(async () => held.length === 1, 10_000, "the first worker to send the alert");
    const [delivery] = await db.alertDelivery.findMany({ where: { channelId: channel.json.id, event: { type: "run.failed" } } });
    expect(delivery).toMatchObject({ status: "pending", claimedBy: expect.any(String) });
    await first.stop("SIGKILL");
    const second = worker(fast);
    let seen: unknown;
    await waitFor(
      async () => (seen = await db.alertDelivery.findUniqueOrThrow({ where: { id: delivery.id } })).status === "delivered",
      30_000,
      () => `another worker to send it: ${JSON.stringify(seen)}\n${second.output()}`,
    );
    const sends = hooks.received.filter(isRunFailed);
    expect(sends).toHaveLength(2);
    expect(sends[0].headers["webhook-id"]).toBe(sends[1].headers["webhook-id"]);
    const events = await db.alertEvent.findMany({ where: { scheduleId: schedule.json.id } });
    expect(events.map((e) => e.type)).toEqual(["run.failed"]);
  }, 90_000);
});
