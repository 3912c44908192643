// npm run bench:api: API latency and throughput against `next start`, on SQLite and PostgreSQL.
// Data: 100 users, one with 10,000 schedules and 99 with 100 each. Load: 20 concurrent
// connections per endpoint for a fixed time, every latency recorded, exact percentiles printed.
// Prints a table; asserts nothing.
import { randomUUID } from "node:crypto";
import path from "node:path";
import { createApiToken } from "../lib/auth/api-tokens";
import { createDb, type Db } from "../lib/db/client";
import { migrate } from "../lib/db/migrate";
import { sqliteTarget, type DbTarget } from "../lib/db/target";
import { computeNextRunAt } from "../lib/schedules/schedules";
import { ensureBuilt } from "../scripts/lib/build";
import { createDatabase, dropDatabase, postgresUnavailable } from "../__tests__/support/postgres";
import { tempDir } from "../__tests__/support/temp";
import { startServer } from "../__tests__/support/server";

const CONNECTIONS = 20;
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const CRONS = ["*/5 * * * *", "0 * * * *", "0 2 * * *", "30 9 * * 1-5", "0 0 1 * *", "15 3 * * 0", "0 */6 * * *", "45 23 * * *"];

async function seed(db: Db): Promise<{ token: string; smallToken: string; ids: string[] }> {
  const users = [];
  for (let u = 0; u < 100; u++) {
    users.push(await db.user.create({ data: { email: `bench-${u}-${randomUUID().slice(0, 8)}@example.com`, passwordHash: "x" } }));
  }
  const now = new Date();
  for (const [index, user] of users.entries()) {
    const count = index === 0 ? 10_000 : 100;
    for (let start = 0; start < count; start += 1000) {
      await db.schedule.createMany({
        data: Array.from({ length: Math.min(1000, count - start) }, (_, i) => {
          const n = start + i;
          const cronExpression = CRONS[n % CRONS.length];
          return {
            userId: user.id,
            name: `job ${String(n).padStart(5, "0")}`,
            description: n % 3 === 0 ? `Backup of shard ${n}` : null,
            cronExpression,
            payload: { message: `job ${n}` },
            nextRunAt: computeNextRunAt({ cronExpression, timezone: "UTC", isEnabled: true }, now),
          };
        }),
      });
    }
  }
  const { token } = await createApiToken(db, users[0].id, { name: "bench" });
  // Creating needs room under the per-user limit, which the 10,000-schedule user is at.
  const { token: smallToken } = await createApiToken(db, users[1].id, { name: "bench" });
  const ids = (await db.schedule.findMany({ where: { userId: users[0].id }, select: { id: true }, take: 500 })).map((s) => s.id);
  return { token, smallToken, ids };
}

type Sample = { latencies: number[]; errors: number; seconds: number };

/** CONNECTIONS loops issuing `request` back to back for SECONDS. */
async function load(request: (worker: number, i: number) => Promise<Response | Response[]>, seconds = SECONDS): Promise<Sample> {
  const latencies: number[] = [];
  let errors = 0;
  const deadline = performance.now() + seconds * 1000;
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: CONNECTIONS }, async (_, worker) => {
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
  return { latencies, errors, seconds: (performance.now() - t0) / 1000 };
}

const pct = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];

async function benchDatabase(label: string, target: DbTarget, rows: string[]) {
  await migrate(target);
  const db = await createDb(target);
  const seedStart = performance.now();
  const { token, smallToken, ids } = await seed(db);
  console.log(`${label}: seeded 19,900 schedules for 100 users in ${((performance.now() - seedStart) / 1000).toFixed(1)} s`);
  await db.$disconnect();
  const server = await startServer(target);
  const headers = { authorization: `Bearer ${token}`, "content-type": "application/json" };
  const writer = { authorization: `Bearer ${smallToken}`, "content-type": "application/json" };
  try {
    const endpoints: [string, (w: number, i: number) => Promise<Response | Response[]>][] = [
      ["GET /api/v1/schedules?limit=50", () => fetch(`${server.url}/api/v1/schedules?limit=50`, { headers })],
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
    for (const [name, request] of endpoints) {
      await load(request, 2); // warm-up: JIT, caches, connection pools
      const sample = await load(request);
      const sorted = [...sample.latencies].sort((a, b) => a - b);
      rows.push(
        `| ${label} | ${name} | ${Math.round(sample.latencies.length / sample.seconds)} | ${pct(sorted, 50).toFixed(1)} | ${pct(sorted, 95).toFixed(1)} | ${pct(sorted, 99).toFixed(1)} | ${sample.errors} |`,
      );
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
console.log(`\n${CONNECTIONS} connections, ${SECONDS} s per endpoint after a 2 s warm-up; latency in ms (POST then DELETE: the pair)\n`);
console.log("| database | endpoint | requests/s | p50 | p95 | p99 | errors |");
console.log("|---|---|---:|---:|---:|---:|---:|");
for (const row of rows) console.log(row);
process.exit(0);
