// npm run bench:api: API latency and throughput against `next start`, on SQLite and PostgreSQL.
// Data: 100 users, one with 10,000 schedules and 99 with 100 each. Load: 20 concurrent
// connections per endpoint for a fixed time, every latency recorded, exact percentiles printed.
// The floor is the framework's own: GET /api/v1/me, a trivial handler under the same
// authentication and load, measured in the same run right before each endpoint; each endpoint is
// printed below its floor pass with the ratios (the create-then-delete pair against twice the floor). Then each endpoint's p50 on one
// connection (the cost of one request with no queueing), and the server's CPU time per request
// (its Node processes only: on PostgreSQL the database's own work is not in it). The web page
// /schedules (its first 50, as the big user signed in) is measured beside the API list it shows,
// and against its own floor too: the lightest signed-in page (/settings).
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
/** Seconds of the one-connection pass per endpoint. */
const SINGLE_SECONDS = Number(process.env.BENCH_SINGLE_SECONDS ?? 4);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
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

type Measured = { name: string; rps: number; p50: number; p95: number; p99: number; errors: number; singleP50: number; requests: number; cpuMs: number };

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
    const endpoints: [string, (w: number, i: number) => Promise<Response | Response[]>][] = [
      ["floor: GET /api/v1/me", () => fetch(`${server.url}/api/v1/me`, { headers })],
      ["GET /api/v1/schedules?limit=50", () => fetch(`${server.url}/api/v1/schedules?limit=50`, { headers })],
      ["page: GET /schedules (first 50, session cookie)", () => fetch(`${server.url}/schedules`, { headers: { cookie } })],
      ["GET /api/v1/schedules/{id}", (w, i) => fetch(`${server.url}/api/v1/schedules/${ids[(w * 31 + i) % ids.length]}`, { headers })],
      [
        "POST then DELETE /api/v1/schedules",
        async (w, i) => {
          const created = await fetch(`${server.url}/api/v1/schedules`, { method: "POST", headers: writer, body: JSON.stringify({ name: `tmp ${w}-${i}-${randomUUID()}`, cronExpression: "*/10 * * * *" }) });
          const { id } = (await created.clone().json()) as { id: string };
          return [created, await fetch(`${server.url}/api/v1/schedules/${id}`, { method: "DELETE", headers: writer })];
        },
      ],
    ];
    const measure = async (name: string, request: (w: number, i: number) => Promise<Response | Response[]>): Promise<Measured> => {
      await load(server.pid, request, 2); // warm-up: JIT, caches, connection pools
      const sample = await load(server.pid, request);
      const sorted = [...sample.latencies].sort((a, b) => a - b);
      const single = [...(await load(server.pid, request, SINGLE_SECONDS, 1)).latencies].sort((a, b) => a - b);
      // A pair of requests counts as two against the floor.
      const requests = name.startsWith("POST then DELETE") ? 2 : 1;
      return { name, rps: sample.latencies.length / sample.seconds, p50: pct(sorted, 50), p95: pct(sorted, 95), p99: pct(sorted, 99), errors: sample.errors, singleP50: pct(single, 50), requests, cpuMs: (sample.cpuSeconds * 1000) / sample.latencies.length };
    };
    // The floor is measured again right before each endpoint, and each endpoint is set against
    // that pass: the machine's drift over a run (the server's heap, the database's files, other
    // work) then moves both sides of a ratio alike.
    const [floorName, floorRequest] = endpoints[0];
    // A page's own floor: the lightest signed-in page, the API tokens page (the app shell and the
    // session cookie's decryption; its list loads in the browser), so the page row also says what
    // its 50 cards cost.
    const pageFloor: [string, () => Promise<Response>] = ["page floor: GET /settings (session cookie)", () => fetch(`${server.url}/settings`, { headers: { cookie } })];
    const cell = (value: number, floorValue: number, requests: number) => `${(value / (floorValue * requests)).toFixed(2)}x`;
    for (const [name, request] of endpoints.slice(1)) {
      const floor = await measure(floorName, floorRequest);
      const m = await measure(name, request);
      const pairs: (readonly [Measured, Measured | null, string])[] = [[floor, null, floor.name], [m, floor, m.name]];
      // The page is also set against its own floor, measured after it.
      if (name.startsWith("page:")) {
        const own = await measure(...pageFloor);
        pairs.push([own, null, own.name], [m, own, `${m.name}, against the page floor`]);
      }
      for (const [row, against, rowName] of pairs) {
        rows.push(
          `| ${label} | ${rowName} | ${Math.round(row.rps)} | ${row.p50.toFixed(1)} | ${row.p95.toFixed(1)} | ${row.p99.toFixed(1)} | ${row.errors} | ${against ? cell(row.p95, against.p95, row.requests) : ""} | ${against ? `${((row.rps * row.requests) / against.rps).toFixed(2)}x` : ""} | ${row.singleP50.toFixed(1)} | ${against ? cell(row.singleP50, against.singleP50, row.requests) : ""} | ${row.cpuMs.toFixed(2)} | ${against ? cell(row.cpuMs, against.cpuMs, row.requests) : ""} |`,
        );
      }
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
  `\n${CONNECTIONS} connections, ${SECONDS} s per endpoint after a 2 s warm-up, then ${SINGLE_SECONDS} s on one connection; latency in ms (POST then DELETE: the pair, set against twice the floor); requests/s vs floor counts the pair's two requests; server CPU: the server's processes' CPU time over the 20-connection pass, per request (the pair: per pair)\n`,
);
console.log("| database | endpoint | requests/s | p50 | p95 | p99 | errors | p95 vs floor | requests/s vs floor | one connection p50 | vs floor | server CPU ms per request | vs floor |");
console.log("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
for (const row of rows) console.log(row);
process.exit(0);
