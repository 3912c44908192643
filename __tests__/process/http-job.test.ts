// The http job type run by a real worker against a local HTTP server. Loopback is only reachable
// with the operator's switch (ALLOW_PRIVATE_NETWORK_TARGETS=true); without it the run is refused.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, expect, test } from "vitest";
import { createDb, type Db } from "../../lib/db/client";
import { migrate } from "../../lib/db/migrate";
import { queueManualRun } from "../../lib/runs/runs";
import { createSchedule } from "../../lib/schedules/schedules";
import { scheduleCreateSchema } from "../../lib/validation/schedules";
import { unique } from "../support/databases";
import { sqliteFor } from "../support/handlers";
import { waitFor } from "../support/server";
import { startWorker } from "../support/worker-process";
import { ownerAccess } from "../support/teams";

const target = sqliteFor("http-job");
let db: Db;
let userId: string;
let server: http.Server;
let base: string;
const received: { method: string; body: string; auth?: string }[] = [];

beforeAll(async () => {
  process.env.ALLOW_PRIVATE_NETWORK_TARGETS = "true"; // lets this process register loopback URLs
  server = http.createServer((req, res) => {
    let body = "";
    req.on("data", (c) => (body += c));
    req.on("end", () => {
      received.push({ method: req.method!, body, auth: req.headers.authorization });
      if (req.url === "/slow") setTimeout(() => res.end("late"), 10_000).unref();
      else res.writeHead(201, { "content-type": "text/plain" }).end("created: " + body);
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  await migrate(target);
  db = await createDb(target);
  userId = (await db.user.create({ data: { email: `${unique("http")}@example.com`, passwordHash: "x" } })).id;
});
afterAll(async () => {
  server.closeAllConnections();
  server.close();
  await db?.$disconnect();
});

async function runOnce(payload: Record<string, unknown>, extra: Record<string, unknown> = {}) {
  const schedule = await createSchedule(db, ownerAccess(userId), scheduleCreateSchema.parse({ name: unique("hook"), cronExpression: "0 0 1 1 *", isEnabled: false, entrypoint: "http", payload, ...extra }));
  const queued = await queueManualRun(db, ownerAccess(userId), schedule.id);
  await waitFor(async () => !["queued", "running"].includes((await db.run.findUniqueOrThrow({ where: { id: queued.id } })).status), 20_000, "the run to finish");
  return db.run.findUniqueOrThrow({ where: { id: queued.id } });
}

test("with the switch: status and body recorded, secret header sent, timeout enforced", async () => {
  const worker = startWorker(target, unique("http-on"), { ALLOW_PRIVATE_NETWORK_TARGETS: "true" });
  try {
    const ok = await runOnce({ url: `${base}/hook`, body: { hello: "world" }, headers: { Authorization: "Bearer s3cret-token-value" } });
    expect(ok).toMatchObject({ status: "succeeded", result: { status: 201, body: 'created: {"hello":"world"}' } });
    expect(received.at(-1)).toMatchObject({ method: "POST", body: '{"hello":"world"}', auth: "Bearer s3cret-token-value" });

    const slow = await runOnce({ url: `${base}/slow`, method: "GET" }, { timeoutSeconds: 1 });
    expect(slow).toMatchObject({ status: "timed_out", error: { name: "Timeout" } });
    expect(slow.durationMs).toBeLessThan(3_000);
  } finally {
    expect(await worker.stop()).toBe(0);
  }
}, 60_000);

test("without the switch the worker refuses a loopback target at execution", async () => {
  const worker = startWorker(target, unique("http-off"), { ALLOW_PRIVATE_NETWORK_TARGETS: "false" });
  try {
    const before = received.length;
    const refused = await runOnce({ url: `${base}/hook` });
    expect(refused.status).toBe("failed");
    expect((refused.error as { message: string }).message).toMatch(/loopback|private|not allowed|refused/i);
    expect(received.length).toBe(before); // nothing reached the server
  } finally {
    expect(await worker.stop()).toBe(0);
  }
}, 60_000);
