// npm run bench:alerts: 1,000 schedules failing in the same minute, each with "alert after 1
// failure" to one webhook channel, run by a real worker process (the bundle npm start runs), on
// SQLite and PostgreSQL (a fresh database each, dropped afterwards). A real HTTP receiver on
// loopback keeps every request. Prints, per database: alerts delivered, schedules alerted exactly
// once, duplicates (a webhook-id received twice), and the time from each run's end
// (run.finishedAt in the alert) to its delivery, p50 / p99 / max. Waits for a minute boundary;
// about two minutes per database. BENCH_DATABASES=sqlite (or postgresql) runs one;
// BENCH_CHILD_NODE_ARGS passes Node flags to the worker (for example --cpu-prof). Asserts nothing.
import { spawn } from "node:child_process";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import { createChannel } from "../lib/alerts/team-channels";
import type { AlertPayload } from "../lib/alerts/payload";
import { createSchedule } from "../lib/schedules/schedules";
import { scheduleCreateSchema } from "../lib/validation/schedules";
import { ownerAccess } from "../__tests__/support/teams";
import { postgresUnavailable } from "../__tests__/support/postgres";
import { bundleWorker, workerEnv } from "../scripts/lib/worker-bundle";
import { ascending, count, errorText, load, ms, pct, progress, sleep, withDatabase, type Kind } from "./worker/common";

const SCHEDULES = 1000;
// The bench process and its worker seal and open channel secrets with one key, as a deployment's processes do.
process.env.AUTH_SECRET ??= "bench-alerts-secret-0123456789abcdefghijkl";
process.env.ALLOW_PRIVATE_NETWORK_TARGETS = "true";

type Arrival = { at: number; payload: AlertPayload; webhookId: string };
type Result = { kind: Kind; delivered: number; alerted: number; duplicates: number; latency: number[]; written: number[]; sent: number[]; drainedMs: number };

async function receiver() {
  const arrivals: Arrival[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      arrivals.push({ at: Date.now(), payload: JSON.parse(Buffer.concat(chunks).toString("utf8")) as AlertPayload, webhookId: String(req.headers["webhook-id"]) });
      res.end("ok");
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, arrivals, close: () => new Promise<void>((r) => (server.closeAllConnections(), server.close(() => r()))) };
}

async function scenario(kind: Kind, workerBundle: string): Promise<Result> {
  return withDatabase(kind, async ({ target, db, userId }) => {
    const hooks = await receiver();
    try {
      const channel = await createChannel(db, ownerAccess(userId), userId, { name: "bench", type: "webhook", config: { url: `${hooks.url}/alerts` } });
      progress(`${kind}: creating ${SCHEDULES} schedules that fail every minute`);
      for (let i = 0; i < SCHEDULES; i++) {
        const input = { name: `failing ${i}`, cronExpression: "* * * * *", payload: { message: "fails", errorRate: 1 }, alerts: { channelIds: [channel.id], afterConsecutiveFailures: 1 } };
        await createSchedule(db, ownerAccess(userId), scheduleCreateSchema.parse(input));
      }
      const nodeArgs = (process.env.BENCH_CHILD_NODE_ARGS ?? "").split(" ").filter(Boolean);
      const worker = spawn(process.execPath, [...nodeArgs, workerBundle], {
        env: workerEnv({ ...process.env, DATABASE_URL: target.url, DATA_DIR: os.tmpdir(), WORKER_ID: `bench-alerts-${kind}`, ALMANAC_SKIP_MIGRATE: "1", LOG_LEVEL: "warn" }),
        stdio: ["ignore", "ignore", "pipe"],
      });
      let stderr = "";
      worker.stderr!.on("data", (d) => (stderr += d));
      try {
        // The first minute boundary at least 10 s away (the worker loads and arms first).
        const slot = Math.ceil((Date.now() + 10_000) / 60_000) * 60_000;
        progress(`${kind}: worker started; the slot is ${new Date(slot).toISOString()}`);
        const deadline = slot + 60_000;
        while (Date.now() < deadline && hooks.arrivals.length < SCHEDULES) {
          if (worker.exitCode !== null) throw new Error(`the worker exited: ${stderr.slice(-500)}`);
          await sleep(200);
        }
        // A few seconds more: any duplicate or late delivery shows up.
        await sleep(3000);
      } finally {
        worker.kill("SIGTERM");
        await new Promise((r) => worker.once("exit", r));
      }
      const firstSlot = hooks.arrivals.filter((a) => a.payload.type === "run.failed");
      const perSchedule = new Map<string, number>();
      for (const a of firstSlot) perSchedule.set(a.payload.schedule!.id, (perSchedule.get(a.payload.schedule!.id) ?? 0) + 1);
      const ids = new Set(hooks.arrivals.map((a) => a.webhookId));
      const pending = await db.alertDelivery.count({ where: { status: { not: "delivered" } } });
      if (pending) progress(`${kind}: ${pending} deliveries not delivered`);
      const latency = ascending(firstSlot.map((a) => a.at - Date.parse(a.payload.run!.finishedAt!)));
      // The two halves: run end to the alert's commit (the outbox row's createdAt is the commit's
      // clock), and that commit to the receiver.
      const events = new Map((await db.alertEvent.findMany({ select: { id: true, createdAt: true } })).map((e) => [e.id, e.createdAt.getTime()]));
      const written = ascending(firstSlot.map((a) => (events.get(a.payload.id) ?? NaN) - Date.parse(a.payload.run!.finishedAt!)));
      const sent = ascending(firstSlot.map((a) => a.at - (events.get(a.payload.id) ?? NaN)));
      const ends = firstSlot.map((a) => a.at);
      return {
        kind,
        delivered: firstSlot.length,
        alerted: [...perSchedule.values()].filter((n) => n === 1).length,
        duplicates: hooks.arrivals.length - ids.size,
        latency,
        written,
        sent,
        drainedMs: ends.length ? Math.max(...ends) - Math.min(...firstSlot.map((a) => Date.parse(a.payload.run!.finishedAt!))) : NaN,
      };
    } finally {
      await hooks.close();
    }
  });
}

async function main() {
  const pgReason = await postgresUnavailable();
  const wanted = (process.env.BENCH_DATABASES ?? "sqlite,postgresql").split(",").map((s) => s.trim().toLowerCase());
  const kinds = (["SQLite", "PostgreSQL"] as Kind[]).filter((k) => wanted.includes(k.toLowerCase()) && !(k === "PostgreSQL" && pgReason));
  if (pgReason && wanted.includes("postgresql")) progress(`PostgreSQL unavailable, skipped: ${pgReason}`);
  const loadAtStart = load();
  const bundlePath = await bundleWorker();
  const results: Result[] = [];
  for (const kind of kinds) {
    try {
      results.push(await scenario(kind, bundlePath));
    } catch (err) {
      progress(`${kind} failed: ${errorText(err)}`);
    }
  }
  console.log(`\n${count(SCHEDULES)} schedules failing in one minute, one webhook channel, one worker (load ${loadAtStart} at start, ${load()} at end, ${os.cpus().length} cores)\n`);
  console.log("| database | alerts delivered | schedules alerted exactly once | duplicates | run end to delivery p50 / p99 / max, ms | run end to alert committed p50 / p99 | committed to delivered p50 / p99 | first run end to last delivery, ms |");
  console.log("|---|---|---|---|---|---|---|---|");
  for (const r of results) {
    console.log(`| ${r.kind} | ${count(r.delivered)} / ${count(SCHEDULES)} | ${count(r.alerted)} | ${r.duplicates} | ${ms(pct(r.latency, 50))} / ${ms(pct(r.latency, 99))} / ${ms(r.latency.at(-1))} | ${ms(pct(r.written, 50))} / ${ms(pct(r.written, 99))} | ${ms(pct(r.sent, 50))} / ${ms(pct(r.sent, 99))} | ${ms(r.drainedMs)} |`);
  }
}

await main();
