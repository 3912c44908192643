// A heartbeat check as a newcomer meets it, with real processes: the web app (next start), a
// worker, a webhook receiver checking signatures with an independent Standard Webhooks
// implementation, and `curl` standing in for the cron on another machine. The check is made
// through the API; curl pings its URL at each slot and every ping is a succeeded run; the pings
// stop, and one schedule.missed alert comes however many slots go by; a ping again brings one
// schedule.recovered. The web app and the worker share one clock running RATE times faster
// (ALMANAC_CLOCK_RATE), so minutes pass in seconds.
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { createApiToken } from "../../lib/auth/api-tokens";
import { createDb, type Db } from "../../lib/db/client";
import { migrate } from "../../lib/db/migrate";
import type { DbTarget } from "../../lib/db/target";
import { startReceiver, verifiedWebhooks } from "../support/alerts";
import { ownDatabases, unique } from "../support/databases";
import { call } from "../support/http";
import { startServer, waitFor, type TestServer } from "../support/server";
import { startWorker, type WorkerProcess } from "../support/worker-process";
import { workersClock } from "../support/workers-clock";

const run = promisify(execFile);
/** A minute passes in 3 s. */
const RATE = 20;
const GRACE_SECONDS = 30;

describe.each(ownDatabases("heartbeat-process"))("on %s", (_name, makeTarget, dropTarget) => {
  let target: DbTarget;
  let db: Db;
  let server: TestServer;
  let worker: WorkerProcess;
  let hooks: Awaited<ReturnType<typeof startReceiver>>;
  let auth: Record<string, string>;
  let teamId: string;
  const clock = workersClock(RATE);

  beforeAll(async () => {
    target = await makeTarget();
    await migrate(target);
    db = await createDb(target);
    hooks = await startReceiver((_r, res) => res.end("ok"));
    // The receiver is on loopback; web app and worker share AUTH_SECRET (channel secrets are sealed with it) and the clock.
    const env = { ALLOW_PRIVATE_NETWORK_TARGETS: "true", AUTH_SECRET: "heartbeat-process-test-secret-0123456789abcdef", ...clock.env };
    server = await startServer(target, env);
    worker = startWorker(target, unique("heartbeat-worker"), env);
    await waitFor(async () => (await db.workerHeartbeat.count()) > 0, 20_000, () => `the worker to start\n${worker.output()}`);
    const user = await db.user.create({ data: { email: `${unique("heartbeat")}@example.com`, passwordHash: "x" } });
    auth = { authorization: `Bearer ${(await createApiToken(db, user.id, { name: "test" })).token}` };
    teamId = user.id; // the personal team
  }, 60_000);
  afterAll(async () => {
    if (worker?.proc.exitCode === null) await worker.stop("SIGKILL");
    await server?.stop();
    await hooks?.close();
    await db?.$disconnect();
    await dropTarget(target);
  });

  const api = (method: string, path: string, body?: unknown) => call(server.url, method, path, { headers: auth, body });
  /** The cron on the other machine: curl, as a crontab line would run it. */
  const curl = (url: string) => run("curl", ["-fsS", "-m", "10", "--retry", "3", url]);

  test("curl pings at each slot: succeeded runs; the pings stop: one schedule.missed alert; a ping again: schedule.recovered", async () => {
    const channel = await api("POST", `/api/v1/teams/${teamId}/channels`, { name: "ops", type: "webhook", config: { url: `${hooks.url}/almanac` } });
    expect(channel.status).toBe(201);
    const created = await api("POST", "/api/v1/schedules", {
      name: "backup on db-2",
      cronExpression: "* * * * *",
      entrypoint: "heartbeat",
      payload: { graceSeconds: GRACE_SECONDS },
      alerts: { channelIds: [channel.json.id] },
    });
    expect(created.status).toBe(201);
    const check = created.json;
    // A URL on the host the request went to, with a key of at least 22 random characters.
    expect(check.pingUrl).toMatch(new RegExp(`^${server.url}/ping/[A-Za-z0-9_-]{22,}$`));

    // Three slots, each pinged a few seconds after it comes, as `curl` at the end of a crontab line does.
    let slot = Date.parse(check.nextRunAt);
    for (let i = 0; i < 3; i++) {
      await clock.sleepUntil(slot + 5_000);
      expect((await curl(check.pingUrl)).stdout).toBe("OK\n");
      slot += 60_000;
    }
    const pinged = await api("GET", `/api/v1/schedules/${check.id}/runs`);
    expect(pinged.json.items.map((r: { status: string; trigger: string }) => [r.status, r.trigger])).toEqual([
      ["succeeded", "ping"],
      ["succeeded", "ping"],
      ["succeeded", "ping"],
    ]);
    expect(hooks.received).toHaveLength(0);

    // The cron stops pinging: the next slot passes its grace, and the worker says so once.
    const silent = slot;
    await waitFor(async () => hooks.received.length >= 1, 20_000, () => `the schedule.missed alert\n${worker.output().slice(-2000)}`);
    const [missed] = verifiedWebhooks(hooks.received, channel.json.secret);
    expect(missed).toMatchObject({
      type: "schedule.missed",
      schedule: { id: check.id, name: "backup on db-2" },
      run: { status: "missed", scheduledFor: new Date(silent).toISOString() },
      missed: { scheduledFor: new Date(silent).toISOString(), graceSeconds: GRACE_SECONDS },
    });
    expect(clock.now()).toBeGreaterThanOrEqual(silent + GRACE_SECONDS * 1000);
    await clock.sleepUntil(silent + 3 * 60_000); // two more silent slots: still one alert
    const listed = await api("GET", `/api/v1/schedules/${check.id}/runs?status=missed`);
    expect(listed.json.items.length).toBeGreaterThanOrEqual(2);
    expect(hooks.received).toHaveLength(1);

    // It pings again: the recovery.
    await curl(check.pingUrl);
    await waitFor(async () => hooks.received.length >= 2, 20_000, () => `the schedule.recovered alert\n${worker.output().slice(-2000)}`);
    const recovered = verifiedWebhooks(hooks.received, channel.json.secret)[1];
    expect(recovered).toMatchObject({ type: "schedule.recovered", schedule: { id: check.id }, run: { status: "succeeded" } });

    // The worker executed nothing for the check: its runs are pings and missed slots only.
    const runs = await db.run.findMany({ where: { scheduleId: check.id } });
    expect(new Set(runs.map((r) => `${r.trigger}:${r.status}`))).toEqual(new Set(["ping:succeeded", "schedule:missed"]));
  }, 120_000);
});
