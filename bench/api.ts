// npm run bench:api: API latency and throughput against `next start`, on SQLite and PostgreSQL.
// Data: 100 users, one with 10,000 schedules and 99 with 100 each, 10 runs per schedule. Load:
// 20 concurrent connections, every latency recorded, exact percentiles printed. The floor is the
// framework's own: GET /api/v1/me, a trivial handler under the same authentication and load. Each
// endpoint is set against it in interleaved rounds (see compare), by p95 and throughput at 20
// connections, p50 on one connection (the cost of one request with no queueing), and the server's
// CPU time per request (its Node processes only: on PostgreSQL the database's own work is not in
// it). The list is also set against itself at another size: a 100-schedule user's list, and a
// page deep in the big user's cursor against its first page (both should be about 1x). The runs
// list reads the big user's 100,000 runs. The web page /schedules (its first 50, as the big user
// signed in) is set against the API list it shows (the goal) and against its own floor:
// the lightest signed-in page (/settings).
// Prints tables; asserts nothing.
import path from "node:path";
import { createDb } from "../lib/db/client";
import { migrate } from "../lib/db/migrate";
import { sqliteTarget, type DbTarget } from "../lib/db/target";
import { ensureBuilt } from "../scripts/lib/build";
import { createDatabase, dropDatabase, postgresUnavailable } from "../__tests__/support/postgres";
import { tempDir } from "../__tests__/support/temp";
import { startServer } from "../__tests__/support/server";
import { apiEndpoints, cursorAfter, DEEP_PAGES, signInToSchedules, type Side } from "./api/endpoints";
import { CONNECTIONS, load, pct } from "./api/load";
import { seed } from "./api/seed";

/** Rounds per comparison, and the seconds of each pass in a round: 20 connections, then one. */
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 3);
const SINGLE_SECONDS = Number(process.env.BENCH_SINGLE_SECONDS ?? 1);
const median = (values: number[]) => pct([...values].sort((a, b) => a - b), 50);

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
 * with the lowest and highest. On a shared two-core machine the load of everything else drifts:
 * with one pass of each, a ratio moved by 0.3 to 0.5 from run to run; the range shows how far a
 * single round can be off.
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
  // A side over the rounds: medians, and the p95 of every request of the rounds.
  const summary = (passes: Pass[]) => ({
    rps: median(passes.map((p) => p.rps)),
    p95: pct(passes.flatMap((p) => p.latencies).sort((a, b) => a - b), 95),
    singleP50: median(passes.map((p) => p.singleP50)),
    cpuMs: median(passes.map((p) => p.cpuMs)),
    errors: passes.reduce((n, p) => n + p.errors, 0),
  });
  return {
    endpoint: summary(rounds.map((r) => r.e)),
    floor: summary(rounds.map((r) => r.f)),
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
  const seeded = await seed(db);
  console.log(`${label}: seeded 19,900 schedules and 199,000 runs for 100 users in ${((performance.now() - seedStart) / 1000).toFixed(1)} s`);
  await db.$disconnect();
  const server = await startServer(target);
  const cookie = await signInToSchedules(server.url, seeded.email);
  try {
    const { floor, pageFloor, list, smallList, deepList, runs, page, get, pair } = apiEndpoints(server.url, seeded, cookie, await cursorAfter(server.url, seeded.token, DEEP_PAGES));
    const comparisons: [Side, Side][] = [
      [list, floor],
      // Independent of size: the 10,000-schedule user's first page against a 100-schedule user's,
      // and a page deep in the cursor against the first.
      [list, smallList],
      [deepList, list],
      [runs, floor],
      // The goal for the page: as fast as the API list it shows.
      [page, list],
      [page, pageFloor],
      [get, floor],
      [pair, floor],
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
