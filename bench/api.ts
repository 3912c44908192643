// npm run bench:api: API latency and throughput against `next start`, on SQLite and PostgreSQL.
// Data: 100 users, one with 10,000 schedules and 99 with 100 each. Load: 20 concurrent
// connections, every latency recorded, exact percentiles printed. The floor is the framework's
// own: GET /api/v1/me, a trivial handler under the same authentication and load. Each endpoint is
// set against it in interleaved rounds (see compare), by p95 and throughput at 20 connections, p50
// on one connection (the cost of one request with no queueing), and the server's CPU time per
// request (its Node processes only: on PostgreSQL the database's own work is not in it). The web
// page /schedules (its first 50, as the big user signed in) is set against the API list it shows
// (the goal) and against its own floor: the lightest signed-in page (/settings).
// Prints tables; asserts nothing.
import { randomUUID } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { hashPassword } from "../lib/auth/password";
import { createApiToken } from "../lib/auth/api-tokens";
import { createDb, type Db } from "../lib/db/client";
import { migrate } from "../lib/db/migrate";
import { sqliteTarget, type DbTarget } from "../lib/db/target";
import { nameKey } from "../lib/schedules/name-order";
import { computeNextRunAt } from "../lib/schedules/schedules";
import { ensureBuilt } from "../scripts/lib/build";
import { createDatabase, dropDatabase, postgresUnavailable } from "../__tests__/support/postgres";
import { tempDir } from "../__tests__/support/temp";
import { startServer } from "../__tests__/support/server";
import { signInWithCredentials } from "../__tests__/support/http";

const CONNECTIONS = 20;
/** Rounds per comparison, and the seconds of each pass in a round: 20 connections, then one. */
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 3);
const SINGLE_SECONDS = Number(process.env.BENCH_SINGLE_SECONDS ?? 1);
const PASSWORD = "bench-password";
const CRONS = ["*/5 * * * *", "0 * * * *", "0 2 * * *", "30 9 * * 1-5", "0 0 1 * *", "15 3 * * 0", "0 */6 * * *", "45 23 * * *"];

async function seed(db: Db): Promise<{ token: string; smallToken: string; ids: string[]; email: string }> {
  const users = [];
  for (let u = 0; u < 100; u++) {
    // The big user signs in to the web UI too (the /schedules page).
    const passwordHash = u === 0 ? await hashPassword(PASSWORD) : "x";
    users.push(await db.user.create({ data: { email: `bench-${u}-${randomUUID().slice(0, 8)}@example.com`, passwordHash } }));
  }
  const now = new Date();
  for (const [index, user] of users.entries()) {
    const count = index === 0 ? 10_000 : 100;
    for (let start = 0; start < count; start += 1000) {
      await db.schedule.createMany({
        data: Array.from({ length: Math.min(1000, count - start) }, (_, i) => {
          const n = start + i;
          const cronExpression = CRONS[n % CRONS.length];
          const name = `job ${String(n).padStart(5, "0")}`;
          return {
            teamId: user.id, // the user's personal team
            name,
            nameKey: nameKey(name),
            description: n % 3 === 0 ? `Backup of shard ${n}` : null,
            cronExpression,
            payload: { message: `job ${n}` },
            nextRunAt: computeNextRunAt({ cronExpression, timezone: "UTC", isEnabled: true }, now),
          };
        }),
      });
    }
  }
  // The statistics a database in use has (PostgreSQL's autovacuum gathers them within a minute of
  // a bulk load): without them PostgreSQL guesses a user has a few dozen schedules and sorts all
  // 10,000 instead of walking the name index.
  await db.$executeRawUnsafe("ANALYZE");
  const { token } = await createApiToken(db, users[0].id, { name: "bench" });
  // Creating needs room under the per-user limit, which the 10,000-schedule user is at.
  const { token: smallToken } = await createApiToken(db, users[1].id, { name: "bench" });
  const ids = (await db.schedule.findMany({ where: { teamId: users[0].id }, select: { id: true }, take: 500 })).map((s) => s.id);
  return { token, smallToken, ids, email: users[0].email };
}

type Sample = { latencies: number[]; errors: number; seconds: number; cpuSeconds: number };

// Linux's clock ticks per second for /proc/<pid>/stat times (USER_HZ: 100 on every common build).
const CLOCK_TICKS = 100;

/** CPU seconds used so far by a process and all its descendants (the server, whatever it forks). */
function cpuSecondsOfTree(root: number): number {
  const stats = new Map<number, { ppid: number; ticks: number }>();
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      // Fields after the command name (which may hold spaces): state, ppid, ... utime (14), stime (15).
      const fields = readFileSync(`/proc/${entry}/stat`, "utf8").split(") ")[1].split(" ");
      stats.set(Number(entry), { ppid: Number(fields[1]), ticks: Number(fields[11]) + Number(fields[12]) });
    } catch {
      // gone meanwhile
    }
  }
  let ticks = 0;
  const queue = [root];
  while (queue.length) {
    const pid = queue.pop()!;
    ticks += stats.get(pid)?.ticks ?? 0;
    for (const [child, s] of stats) if (s.ppid === pid) queue.push(child);
  }
  return ticks / CLOCK_TICKS;
}

/** `connections` loops issuing `request` back to back for `seconds`. */
async function load(serverPid: number, request: (worker: number, i: number) => Promise<Response | Response[]>, seconds = SECONDS, connections = CONNECTIONS): Promise<Sample> {
  const latencies: number[] = [];
  const cpuBefore = cpuSecondsOfTree(serverPid);
  let errors = 0;
  const deadline = performance.now() + seconds * 1000;
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: connections }, async (_, worker) => {
      for (let i = 0; performance.now() < deadline; i++) {
        const start = performance.now();
        const res = await request(worker, i);
        for (const r of Array.isArray(res) ? res : [res]) {
          if (!r.ok) errors++;
          await r.arrayBuffer();
        }
        latencies.push(performance.now() - start);
      }
    }),
  );
  return { latencies, errors, seconds: (performance.now() - t0) / 1000, cpuSeconds: cpuSecondsOfTree(serverPid) - cpuBefore };
}

const pct = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
const median = (values: number[]) => pct([...values].sort((a, b) => a - b), 50);

type Request = (w: number, i: number) => Promise<Response | Response[]>;
/** One side of a comparison: an endpoint or a floor, with how many requests one of its calls makes. */
type Side = { name: string; request: Request; requests: number };
/** One 20-connection pass and one single-connection pass of a side, in one round. */
type Pass = { rps: number; p95: number; singleP50: number; cpuMs: number; latencies: number[]; errors: number };

async function pass(serverPid: number, side: Side): Promise<Pass> {
  const sample = await load(serverPid, side.request, SECONDS);
  const sorted = [...sample.latencies].sort((a, b) => a - b);
  const single = [...(await load(serverPid, side.request, SINGLE_SECONDS, 1)).latencies].sort((a, b) => a - b);
  return { rps: sample.latencies.length / sample.seconds, p95: pct(sorted, 95), singleP50: pct(single, 50), cpuMs: (sample.cpuSeconds * 1000) / sample.latencies.length, latencies: sample.latencies, errors: sample.errors };
}

/**
 * An endpoint against its floor, in ROUNDS rounds that interleave the two (floor first in even
 * rounds, the endpoint first in odd ones). Each round gives a ratio; the median ratio is printed
 * with the lowest and highest. On a shared two-core machine the load of everything else drifts
 * within a minute: a ratio of two passes minutes apart moved by 0.3 to 0.5 between runs, while
 * passes seconds apart see the same machine.
 */
async function compare(serverPid: number, endpoint: Side, floor: Side) {
  await load(serverPid, floor.request, 2); // warm-up: JIT, caches, connection pools
  await load(serverPid, endpoint.request, 2);
  const rounds: { e: Pass; f: Pass }[] = [];
  for (let r = 0; r < ROUNDS; r++) {
    if (r % 2 === 0) {
      const f = await pass(serverPid, floor);
      rounds.push({ f, e: await pass(serverPid, endpoint) });
    } else {
      const e = await pass(serverPid, endpoint);
      rounds.push({ e, f: await pass(serverPid, floor) });
    }
  }
  const ratio = (of: (p: Pass) => number, perCall: boolean) => rounds.map(({ e, f }) => of(e) / (of(f) * (perCall ? endpoint.requests / floor.requests : 1)));
  const pooled = (side: "e" | "f") => [...rounds.flatMap((r) => r[side].latencies)].sort((a, b) => a - b);
  return {
    endpoint: { rps: median(rounds.map((r) => r.e.rps)), p95: pct(pooled("e"), 95), singleP50: median(rounds.map((r) => r.e.singleP50)), cpuMs: median(rounds.map((r) => r.e.cpuMs)), errors: rounds.reduce((n, r) => n + r.e.errors, 0) },
    floor: { rps: median(rounds.map((r) => r.f.rps)), p95: pct(pooled("f"), 95), singleP50: median(rounds.map((r) => r.f.singleP50)), cpuMs: median(rounds.map((r) => r.f.cpuMs)), errors: rounds.reduce((n, r) => n + r.f.errors, 0) },
    // A pair of requests counts as two against the floor: its latency against twice the floor's,
    // its throughput as two requests each.
    p95: ratio((p) => p.p95, true),
    rps: rounds.map(({ e, f }) => (e.rps * endpoint.requests) / (f.rps * floor.requests)),
    single: ratio((p) => p.singleP50, true),
    cpu: ratio((p) => p.cpuMs, true),
  };
}

/** A median ratio with its range over the rounds: "1.32x (1.21-1.40)". */
const spread = (ratios: number[]) => `${median(ratios).toFixed(2)}x (${Math.min(...ratios).toFixed(2)}-${Math.max(...ratios).toFixed(2)})`;

async function benchDatabase(label: string, target: DbTarget, rows: string[]) {
  await migrate(target);
  const db = await createDb(target);
  const seedStart = performance.now();
  const { token, smallToken, ids, email } = await seed(db);
  console.log(`${label}: seeded 19,900 schedules for 100 users in ${((performance.now() - seedStart) / 1000).toFixed(1)} s`);
  await db.$disconnect();
  const server = await startServer(target);
  const headers = { authorization: `Bearer ${token}`, "content-type": "application/json" };
  const writer = { authorization: `Bearer ${smallToken}`, "content-type": "application/json" };
  const { cookie } = await signInWithCredentials(server.url, email, PASSWORD);
  if (!cookie) throw new Error("could not sign in to the web UI");
  // The page must show the list, not a sign-in page or an error boundary answered with a 200.
  const html = await (await fetch(`${server.url}/schedules`, { headers: { cookie } })).text();
  if (!html.includes("job 00049")) throw new Error("/schedules does not show the first page of schedules");
  try {
    const floor: Side = { name: "floor: GET /api/v1/me", request: () => fetch(`${server.url}/api/v1/me`, { headers }), requests: 1 };
    // A page's own floor: the lightest signed-in page, the API tokens page (the app shell and the
    // session cookie's decryption; its list loads in the browser), so the page row also says what
    // its 50 cards cost.
    const pageFloor: Side = { name: "page floor: GET /settings (session cookie)", request: () => fetch(`${server.url}/settings`, { headers: { cookie } }), requests: 1 };
    const list: Side = { name: "GET /api/v1/schedules?limit=50", request: () => fetch(`${server.url}/api/v1/schedules?limit=50`, { headers }), requests: 1 };
    const page: Side = { name: "page: GET /schedules (first 50, session cookie)", request: () => fetch(`${server.url}/schedules`, { headers: { cookie } }), requests: 1 };
    const comparisons: [Side, Side][] = [
      [list, floor],
      // The goal for the page: as fast as the API list it shows.
      [page, list],
      [page, pageFloor],
      [{ name: "GET /api/v1/schedules/{id}", request: (w, i) => fetch(`${server.url}/api/v1/schedules/${ids[(w * 31 + i) % ids.length]}`, { headers }), requests: 1 }, floor],
      [
        {
          name: "POST then DELETE /api/v1/schedules",
          request: async (w, i) => {
            const created = await fetch(`${server.url}/api/v1/schedules`, { method: "POST", headers: writer, body: JSON.stringify({ name: `tmp ${w}-${i}-${randomUUID()}`, cronExpression: "*/10 * * * *" }) });
            const { id } = (await created.clone().json()) as { id: string };
            return [created, await fetch(`${server.url}/api/v1/schedules/${id}`, { method: "DELETE", headers: writer })];
          },
          requests: 2,
        },
        floor,
      ],
    ];
    for (const [endpoint, against] of comparisons) {
      const c = await compare(server.pid, endpoint, against);
      const row = (name: string, m: typeof c.endpoint, ratios?: typeof c) =>
        `| ${label} | ${name} | ${Math.round(m.rps)} | ${m.p95.toFixed(1)} | ${m.errors} | ${ratios ? spread(ratios.p95) : ""} | ${ratios ? spread(ratios.rps) : ""} | ${m.singleP50.toFixed(2)} | ${ratios ? spread(ratios.single) : ""} | ${m.cpuMs.toFixed(2)} | ${ratios ? spread(ratios.cpu) : ""} |`;
      const lines = [row(against.name, c.floor), row(`${endpoint.name}, against ${against.name.replace(/:.*/, "")}`, c.endpoint, c)];
      for (const line of lines) console.log(line); // as they come: a long run shows its progress
      rows.push(...lines);
    }
  } finally {
    await server.stop();
  }
}

ensureBuilt();
const rows: string[] = [];
await benchDatabase("SQLite", sqliteTarget(path.join(tempDir("bench-api"), "almanac.db")), rows);
if (await postgresUnavailable()) console.log("PostgreSQL unavailable: skipped");
else {
  const url = await createDatabase("bench");
  try {
    await benchDatabase("PostgreSQL", { provider: "postgresql", url }, rows);
  } finally {
    await dropDatabase(url);
  }
}
console.log(
  `\n${CONNECTIONS} connections; each endpoint against its floor in ${ROUNDS} interleaved rounds of ${SECONDS} s at ${CONNECTIONS} connections then ${SINGLE_SECONDS} s on one, after a 2 s warm-up of each. Ratios: the median over the rounds (lowest-highest). requests/s, one-connection p50 and server CPU: medians of the rounds; p95: of every request of the rounds. The POST-then-DELETE pair counts as two requests: its latency is set against twice the floor's. Server CPU: the server's processes' CPU time over a 20-connection pass, per request (the pair: per pair; on PostgreSQL the database's own work is not in it)\n`,
);
console.log("| database | endpoint | requests/s | p95 ms | errors | p95 vs floor | requests/s vs floor | one connection p50 ms | vs floor | server CPU ms per request | vs floor |");
console.log("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
for (const row of rows) console.log(row);
process.exit(0);
