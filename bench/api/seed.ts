// The data of bench:api and bench:profile: 100 users, one with 10,000 schedules (the big user,
// who also signs in to the web UI) and 99 with 100 each, every schedule with 10 finished runs over
// the last 30 days (199,000 runs, 1 in 50 failed), with the statistics a database in use has.
import { randomUUID } from "node:crypto";
import { hashPassword } from "../../lib/auth/password";
import { createApiToken } from "../../lib/auth/api-tokens";
import { providerOf, type Db } from "../../lib/db/client";
import { nameKey } from "../../lib/schedules/name-order";
import { computeNextRunAt } from "../../lib/schedules/schedules";

export const PASSWORD = "bench-password";
const CRONS = ["*/5 * * * *", "0 * * * *", "0 2 * * *", "30 9 * * 1-5", "0 0 1 * *", "15 3 * * 0", "0 */6 * * *", "45 23 * * *"];

/** Runs per schedule; the k-th falls in the k-th 3-day window back from now (distinct slots). */
const RUNS_PER_SCHEDULE = 10;
const WINDOW_S = 3 * 86_400;

// In SQL: 199,000 rows through Prisma take over a minute. The instants as Prisma writes them.
const RUNS = {
  sqlite: `WITH RECURSIVE n(k) AS (SELECT 1 UNION ALL SELECT k + 1 FROM n WHERE k < ${RUNS_PER_SCHEDULE})
    INSERT INTO "Run" ("id", "scheduleId", "trigger", "scheduledFor", "attempt", "status", "startedAt", "finishedAt", "durationMs", "createdAt")
    SELECT lower(hex(randomblob(16))), "scheduleId", 'schedule', "at", 1, "status", "at", "at", 100, "at" FROM (
      SELECT s."id" AS "scheduleId",
        strftime('%Y-%m-%dT%H:%M:%f', 'now', '-' || (n.k * ${WINDOW_S} + abs(random()) % ${WINDOW_S}) || ' seconds') || '+00:00' AS "at",
        CASE WHEN abs(random()) % 50 = 0 THEN 'failed' ELSE 'succeeded' END AS "status"
      FROM "Schedule" s CROSS JOIN n)`,
  postgresql: `INSERT INTO "Run" ("id", "scheduleId", "trigger", "scheduledFor", "attempt", "status", "startedAt", "finishedAt", "durationMs", "createdAt")
    SELECT gen_random_uuid()::text, s."id", 'schedule', t."at", 1, CASE WHEN random() < 0.02 THEN 'failed'::"RunStatus" ELSE 'succeeded'::"RunStatus" END, t."at", t."at", 100, t."at"
    FROM "Schedule" s CROSS JOIN generate_series(1, ${RUNS_PER_SCHEDULE}) AS k
    CROSS JOIN LATERAL (SELECT (now() AT TIME ZONE 'UTC') - make_interval(secs => k * ${WINDOW_S} + floor(random() * ${WINDOW_S})) AS "at") t`,
};

export type Seeded = { token: string; smallToken: string; ids: string[]; email: string };

/** Seeds `db`; returns the big user's API token and email, a small user's token (for creates: the big user is at the limit), and 500 of the big user's schedule ids. */
export async function seed(db: Db): Promise<Seeded> {
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
  await db.$executeRawUnsafe(RUNS[providerOf(db)]);
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
