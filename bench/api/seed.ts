// The data of bench:api and bench:profile: 100 users, one with 10,000 schedules (the big user,
// who also signs in to the web UI) and 99 with 100 each, with the statistics a database in use has.
import { randomUUID } from "node:crypto";
import { hashPassword } from "../../lib/auth/password";
import { createApiToken } from "../../lib/auth/api-tokens";
import type { Db } from "../../lib/db/client";
import { nameKey } from "../../lib/schedules/name-order";
import { computeNextRunAt } from "../../lib/schedules/schedules";

export const PASSWORD = "bench-password";
const CRONS = ["*/5 * * * *", "0 * * * *", "0 2 * * *", "30 9 * * 1-5", "0 0 1 * *", "15 3 * * 0", "0 */6 * * *", "45 23 * * *"];

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
