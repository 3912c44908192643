// At most once per attempt, seen from the receiving end, with real processes. Every-minute http
// schedules call a local receiver that holds each request 2 s, while workers are killed with
// SIGKILL at random moments (half of them the instant a request arrives: the moment a run may
// have left without being recorded as running) and restarted, under the same WORKER_ID (recovery
// at start) or a new one (the others reap it after the stale limit). The receiver must never see
// one run twice, nor (maxRetries = 0) one slot twice; every slot has exactly one attempt-1 run;
// every run recorded succeeded was seen.
//
// The workers' clock runs RATE times faster (ALMANAC_CLOCK_RATE, one ALMANAC_CLOCK_ORIGIN for
// all), so a minute boundary comes every 60 / RATE real seconds. The kills come from a seeded
// random generator whose seed is printed; SIGKILL_SEED=<seed> replays the same decisions (their
// outcome still depends on the machine's timing).
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, expect, test } from "vitest";
import { createDb, type Db, type Prisma } from "../../lib/db/client";
import { migrate } from "../../lib/db/migrate";
import type { DbTarget } from "../../lib/db/target";
import { DELIVERY_HEADERS } from "../../lib/entrypoints/http";
import { registerPayload } from "../../lib/entrypoints/registry";
import { computeNextRunAt } from "../../lib/schedules/schedules";
import { scaledClock } from "../../lib/scheduler/clock";
import { pgUrl, unique } from "../support/databases";
import { sqliteFor } from "../support/handlers";
import { createDatabase, dropDatabase } from "../support/postgres";
import { exitOf, waitFor } from "../support/server";
import { startWorker, type WorkerProcess } from "../support/worker-process";

// 10x: a fake minute is 6 s, heartbeats (5 s fake) every 0.5 s and the stale limit (30 s fake)
// 3 s of real time: still well above a loaded machine's pauses. The 2 s hold is 20 fake seconds,
// far under the schedules' 120 s timeout.
const RATE = 10;
const MINUTE = 60_000; // fake
const REAL_MINUTE = MINUTE / RATE;
const HOLD_MS = 2_000;
const TIMEOUT_SECONDS = 120;
const BOUNDARIES = 6;
const SEED = process.env.SIGKILL_SEED ? Number(process.env.SIGKILL_SEED) : (Date.now() ^ (process.pid << 16)) >>> 0;
const ORIGIN = Date.now();
const fakeNow = scaledClock(RATE, ORIGIN).now; // the workers' clock, read here
const realAt = (fake: number) => ORIGIN + (fake - ORIGIN) / RATE;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, Math.max(0, ms)));

/** mulberry32: a small seeded generator, so a run's kill decisions can be replayed. */
function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

// ---------------------------------------------------------------------------------------------
// The receiver: records each request when its headers arrive, answers 200 after HOLD_MS.

type Delivery = { path: string; runId: string; scheduleId: string; scheduledFor: string; attempt: string; key: string; at: number };
const deliveries: Delivery[] = [];
/** Called synchronously when a request arrives on a path: a kill lands before anything else happens. */
const onArrival = new Map<string, () => void>();
let server: http.Server;
let base: string;

const cleanups: (() => Promise<unknown>)[] = [];
beforeAll(async () => {
  console.log(`sigkill-receiver: seed ${SEED} (SIGKILL_SEED=${SEED} replays its kill decisions), clock ${RATE}x`);
  server = http.createServer((req, res) => {
    const header = (name: string) => String(req.headers[name.toLowerCase()] ?? "");
    const path = new URL(req.url ?? "/", "http://x").pathname;
    deliveries.push({
      path,
      runId: header(DELIVERY_HEADERS.runId),
      scheduleId: header(DELIVERY_HEADERS.scheduleId),
      scheduledFor: header(DELIVERY_HEADERS.scheduledFor),
      attempt: header(DELIVERY_HEADERS.attempt),
      key: header(DELIVERY_HEADERS.idempotencyKey),
      at: Date.now(),
    });
    onArrival.get(path)?.();
    req.resume();
    const timer = setTimeout(() => res.end("ok"), HOLD_MS);
    res.on("close", () => clearTimeout(timer));
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  for (const c of cleanups) await c().catch(() => undefined);
  server?.closeAllConnections();
  await new Promise((r) => server?.close(r));
});

// ---------------------------------------------------------------------------------------------
// Workers that come and go

type Worker = { id: string; proc: WorkerProcess; killed: boolean };
const isReady = (w: Worker) => !w.killed && w.proc.proc.exitCode === null && w.proc.output().includes('"msg":"worker started"');

/** Waits until every worker is up; a worker that exits on its own (not killed) fails at once, with its output. */
async function allUp(workers: Worker[], what: string): Promise<void> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    const died = workers.find((w) => !w.killed && w.proc.proc.exitCode !== null);
    if (died) throw new Error(`${what}: ${died.id} exited with code ${died.proc.proc.exitCode}:\n${died.proc.output().slice(-4000)}`);
    if (workers.every(isReady)) return;
    if (Date.now() > deadline) throw new Error(`timed out after 60 s waiting for ${what}:\n${workers.filter((w) => !isReady(w)).map((w) => `${w.id}: ${w.proc.output().slice(-2000)}`).join("\n")}`);
    await sleep(100);
  }
}

function countBy<T>(values: T[]): Map<T, number> {
  const counts = new Map<T, number>();
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
  return counts;
}

async function scenario(label: string, target: DbTarget, workerCount: number, scheduleCount: number) {
  const random = seeded(SEED ^ [...label].reduce((h, c) => Math.imul(h, 31) + c.charCodeAt(0), 7));
  await migrate(target);
  const db: Db = await createDb(target);
  cleanups.push(() => db.$disconnect());
  const userId = (await db.user.create({ data: { email: `${unique("sigkill")}@example.com`, passwordHash: "x" } })).id;
  const registered = await registerPayload("http", { url: `${base}/${label}`, body: { from: label } }, undefined, { allowPrivateNetwork: true });
  if (!registered.ok) throw new Error(`${registered.field}: ${registered.message}`);
  // Created before any worker starts, with nextRunAt in fake time (a worker's incremental sync
  // compares the database's real-time updatedAt with its fake clock; its first load reads all).
  const nextRunAt = computeNextRunAt({ cronExpression: "* * * * *", timezone: "UTC", isEnabled: true }, new Date(fakeNow() + MINUTE));
  await db.schedule.createMany({
    data: Array.from({ length: scheduleCount }, (_, i) => ({
      teamId: userId,
      name: `${label} hook ${i}`,
      cronExpression: "* * * * *",
      entrypoint: "http",
      payload: registered.payload as Prisma.InputJsonValue,
      overlapPolicy: "allow" as const, // a killed worker's run stays "running" until reaped: "skip" would skip the next slot
      timeoutSeconds: TIMEOUT_SECONDS,
      maxRetries: 0,
      nextRunAt,
    })),
  });
  const ids = (await db.schedule.findMany({ where: { teamId: userId }, select: { id: true } })).map((s) => s.id);

  const env = { ALLOW_PRIVATE_NETWORK_TARGETS: "true", ALMANAC_CLOCK_RATE: String(RATE), ALMANAC_CLOCK_ORIGIN: String(ORIGIN) };
  const outputs: WorkerProcess[] = [];
  const spawn = (id: string): Worker => {
    const proc = startWorker(target, id, env);
    outputs.push(proc);
    return { id, proc, killed: false };
  };
  const workers: Worker[] = Array.from({ length: workerCount }, (_, i) => spawn(`${label}-${i}-${unique("w")}`));
  cleanups.push(() => Promise.all(outputs.map((p) => (p.proc.exitCode === null && p.proc.signalCode === null ? p.stop("SIGKILL") : null))));
  await allUp(workers, `${label}: the workers to start`);

  // The window: BOUNDARIES slots, from the first that every worker is up for.
  const first = Math.max(nextRunAt!.getTime(), Math.ceil((fakeNow() + 1_000 * RATE) / MINUTE) * MINUTE);
  const slots = Array.from({ length: BOUNDARIES }, (_, i) => first + i * MINUTE);
  const last = slots[slots.length - 1];
  const chaosEnd = realAt(last) + HOLD_MS + 500;

  // Chaos: about two kills per fake minute, each of a worker that is up, never the last one up
  // (so every slot is claimed on time by someone), restarted 0.2-1.5 s later.
  const kills = { random: 0, onArrival: 0, sameId: 0, newId: 0, declined: 0 };
  const restarts: Promise<void>[] = [];
  const kill = (mode: "random" | "onArrival", pick: number, sameId: boolean, delay: number) => {
    const up = workers.filter(isReady);
    if (up.length < 2) {
      kills.declined++;
      return;
    }
    const victim = up[Math.floor(pick * up.length)];
    victim.proc.proc.kill("SIGKILL");
    victim.killed = true;
    kills[mode]++;
    kills[sameId ? "sameId" : "newId"]++;
    restarts.push(
      (async () => {
        await exitOf(victim.proc.proc);
        await sleep(delay);
        const slot = workers.indexOf(victim);
        workers[slot] = spawn(sameId ? victim.id : `${label}-${slot}-${unique("w")}`);
      })(),
    );
  };
  const twoUp = () => workers.filter(isReady).length >= 2;
  while (Date.now() < chaosEnd) {
    await sleep(REAL_MINUTE * (0.2 + 0.5 * random()));
    // Every decision is drawn whatever happens next, so a seed gives the same sequence of them.
    const [atArrival, pick, sameId, delay] = [random() < 0.5, random(), random() < 0.5, 200 + random() * 1_300];
    while (!twoUp() && Date.now() < chaosEnd) await sleep(50); // a restarted worker is still starting
    if (Date.now() >= chaosEnd) break;
    if (!atArrival) {
      kill("random", pick, sameId, delay);
      continue;
    }
    await new Promise<void>((resolve) => {
      const done = () => {
        onArrival.delete(`/${label}`);
        clearTimeout(giveUp);
        resolve();
      };
      const giveUp = setTimeout(done, Math.max(0, chaosEnd - Date.now()));
      onArrival.set(`/${label}`, () => {
        kill("onArrival", pick, sameId, delay);
        done();
      });
    });
  }
  await Promise.all(restarts);
  // Up before SIGTERM: a process still loading has no handler yet and would die of the signal.
  await allUp(workers, `${label}: the restarted workers to start`);

  // Let the window's last runs finish (a killed worker's runs are recovered or reaped), then stop.
  const inWindow = { scheduleId: { in: ids }, scheduledFor: { gte: new Date(first), lte: new Date(last) } };
  await waitFor(async () => (await db.run.count({ where: { ...inWindow, status: { in: ["queued", "running"] } } })) === 0, 40_000, "").catch(() => undefined); // asserted below
  const exits = await Promise.all(workers.map((w) => w.proc.stop("SIGTERM")));

  // ---- what the receiver saw, against what the database says ----
  const seen = deliveries.filter((d) => d.path === `/${label}`);
  const runs = await db.run.findMany({ where: { scheduleId: { in: ids } }, select: { id: true, scheduleId: true, scheduledFor: true, attempt: true, status: true, workerId: true } });
  const runById = new Map(runs.map((r) => [r.id, r]));
  const about = (runId: string) => {
    const r = runById.get(runId);
    const arrivals = seen.filter((d) => d.runId === runId).map((d) => `+${d.at - ORIGIN} ms`);
    return `${runId} (${r ? `${r.status} on ${r.workerId}, slot ${r.scheduledFor.toISOString()}, attempt ${r.attempt}` : "no such run"}): arrived at ${arrivals.join(", ")}`;
  };
  const duplicateRunIds = [...countBy(seen.map((d) => d.runId))].filter(([, n]) => n > 1).map(([id]) => about(id));
  const duplicateSlots = [...countBy(seen.map((d) => d.key))].filter(([, n]) => n > 1).map(([key, n]) => `${key} seen ${n} times`);
  const seenIds = new Set(seen.map((d) => d.runId));
  const succeededUnseen = runs.filter((r) => r.status === "succeeded" && !seenIds.has(r.id)).map((r) => about(r.id));
  const retries = runs.filter((r) => r.attempt !== 1).map((r) => about(r.id));
  // A killed worker's runs end too: recorded lost (started) or run by another worker (not started).
  const unfinished = runs.filter((r) => slots.includes(r.scheduledFor.getTime()) && (r.status === "queued" || r.status === "running")).map((r) => about(r.id));
  // Each request's headers name its run: the run's own schedule, slot and attempt.
  const mislabelled = seen
    .filter((d) => {
      const r = runById.get(d.runId);
      const slot = r?.scheduledFor.toISOString();
      return !r || d.scheduleId !== r.scheduleId || d.scheduledFor !== slot || d.attempt !== String(r.attempt) || d.key !== `${r.scheduleId}:${slot}`;
    })
    .map((d) => JSON.stringify(d));
  const attemptOnes = countBy(runs.filter((r) => r.attempt === 1).map((r) => `${r.scheduleId}:${r.scheduledFor.getTime()}`));
  const slotProblems = ids.flatMap((id) => slots.map((s) => [`${id}:${new Date(s).toISOString()}`, attemptOnes.get(`${id}:${s}`) ?? 0] as const)).filter(([, n]) => n !== 1);

  const statuses = Object.fromEntries(countBy(runs.map((r) => r.status)));
  console.log(
    `sigkill-receiver ${label} (seed ${SEED}): ${workerCount} workers, ${scheduleCount} schedules x ${BOUNDARIES} slots in the window; ` +
      `${runs.length} runs ${JSON.stringify(statuses)}, ${seen.length} requests received; ` +
      `kills: ${kills.random} at random moments + ${kills.onArrival} at a request's arrival (${kills.sameId} restarted with the same WORKER_ID, ${kills.newId} with a new one; ${kills.declined} not done: one worker up); ` +
      `duplicates: ${duplicateRunIds.length} run ids, ${duplicateSlots.length} slots`,
  );
  if (duplicateRunIds.length) {
    const dupIds = new Set(seen.map((d) => d.runId).filter((id, i, all) => all.indexOf(id) !== i));
    const lines = outputs.flatMap((p) => p.output().split("\n")).filter((l) => [...dupIds].some((id) => l.includes(id)));
    console.log(`${label}: worker log lines about the duplicated runs:\n${lines.join("\n")}`);
  }

  expect({ duplicateRunIds, duplicateSlots, slotProblems, unfinished, succeededUnseen, retries, mislabelled }).toEqual({
    duplicateRunIds: [],
    duplicateSlots: [],
    slotProblems: [],
    unfinished: [],
    succeededUnseen: [],
    retries: [],
    mislabelled: [],
  });
  // Not vacuous: workers were killed, and requests of the window reached the receiver (at least a
  // slot's worth: a kill at a request's arrival often takes a whole slot's runs with it, as lost).
  expect(kills.random + kills.onArrival).toBeGreaterThanOrEqual(2);
  expect(seen.filter((d) => slots.includes(Date.parse(d.scheduledFor))).length).toBeGreaterThanOrEqual(scheduleCount);
  expect(exits).toEqual(workers.map(() => 0));
}

test("at most once per attempt: the receiver never sees a run or a slot twice while workers are SIGKILLed (3 on PostgreSQL, 2 on one SQLite file)", async () => {
  const runs: Promise<void>[] = [scenario("sqlite", sqliteFor("sigkill-receiver"), 2, 8)];
  if (pgUrl) {
    const url = await createDatabase("sigkill");
    cleanups.push(() => dropDatabase(url));
    runs.push(scenario("postgresql", { provider: "postgresql", url }, 3, 12));
  }
  // Both run to the end and print their figures, whichever fails.
  const failed = (await Promise.allSettled(runs)).find((r) => r.status === "rejected");
  if (failed) throw failed.reason;
}, 180_000);
