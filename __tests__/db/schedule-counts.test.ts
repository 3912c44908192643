// What the database keeps by itself (migration schedule_counts): each user's schedule counts
// (ScheduleCount), true after any mix of writes, whoever makes them, and a tombstone for every
// deleted schedule. A migration that drops the triggers (an SQLite table rebuild does) fails here.
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { createDb, type Db } from "../../lib/db/client";
import { migrate } from "../../lib/db/migrate";
import { eachDatabase, pgUrl, unique } from "../support/databases";
import { dropDatabase } from "../support/postgres";
import { emptyDatabase, migrationsBefore } from "../support/migrations";

/** The counts as they are, counted the slow way. */
async function counted(db: Db, userId: string) {
  const [total, enabled] = await Promise.all([db.schedule.count({ where: { teamId: userId } }), db.schedule.count({ where: { teamId: userId, isEnabled: true } })]);
  return { total, enabled };
}

async function kept(db: Db, userId: string) {
  return (await db.scheduleCount.findUnique({ where: { teamId: userId }, select: { total: true, enabled: true } })) ?? { total: 0, enabled: 0 };
}

const USERS = 3;

// Every kind of write that moves a count; `u` picks one of the users, `n` a schedule or a size.
const op = fc.oneof(
  fc.record({ kind: fc.constant("create" as const), u: fc.nat(USERS - 1), enabled: fc.boolean() }),
  fc.record({ kind: fc.constant("createMany" as const), u: fc.nat(USERS - 1), n: fc.integer({ min: 1, max: 5 }), enabled: fc.boolean() }),
  fc.record({ kind: fc.constant("delete" as const), u: fc.nat(USERS - 1), n: fc.nat(10) }),
  fc.record({ kind: fc.constant("deleteDisabled" as const), u: fc.nat(USERS - 1) }),
  fc.record({ kind: fc.constant("toggle" as const), u: fc.nat(USERS - 1), n: fc.nat(10) }),
  fc.record({ kind: fc.constant("setAll" as const), u: fc.nat(USERS - 1), enabled: fc.boolean() }),
  fc.record({ kind: fc.constant("rename" as const), u: fc.nat(USERS - 1), n: fc.nat(10) }),
  fc.record({ kind: fc.constant("move" as const), u: fc.nat(USERS - 1), to: fc.nat(USERS - 1), n: fc.nat(10) }),
);
type Op = typeof op extends fc.Arbitrary<infer T> ? T : never;

eachDatabase((target) => {
  let db: Db;
  beforeAll(async () => {
    db = await createDb(target());
  });
  afterAll(async () => {
    await db.$disconnect();
  });

  const newUser = () => db.user.create({ data: { email: `${unique("counts")}@example.com`, passwordHash: "x" } });
  // Disabled by default: workers of other tests sharing the run's PostgreSQL database have nothing to fire.
  const row = (userId: string, isEnabled = false) => ({ teamId: userId, name: unique("job"), cronExpression: "0 0 * * *", isEnabled });

  async function apply(users: string[], o: Op) {
    const userId = users[o.u];
    const nth = async (n: number) => (await db.schedule.findMany({ where: { teamId: userId }, orderBy: { id: "asc" }, select: { id: true, isEnabled: true } }))[n];
    switch (o.kind) {
      case "create":
        return db.schedule.create({ data: row(userId, o.enabled) });
      case "createMany":
        return db.schedule.createMany({ data: Array.from({ length: o.n }, () => row(userId, o.enabled)) });
      case "delete": {
        const s = await nth(o.n);
        return s && db.schedule.delete({ where: { id: s.id } });
      }
      case "deleteDisabled":
        return db.schedule.deleteMany({ where: { teamId: userId, isEnabled: false } });
      case "toggle": {
        const s = await nth(o.n);
        return s && db.schedule.update({ where: { id: s.id }, data: { isEnabled: !s.isEnabled } });
      }
      case "setAll":
        return db.schedule.updateMany({ where: { teamId: userId }, data: { isEnabled: o.enabled } });
      case "rename": {
        // Writes isEnabled to what it is: the counts must not move.
        const s = await nth(o.n);
        return s && db.schedule.update({ where: { id: s.id }, data: { name: unique("renamed"), isEnabled: s.isEnabled } });
      }
      case "move": {
        const s = await nth(o.n);
        return s && db.schedule.update({ where: { id: s.id }, data: { teamId: users[o.to] } });
      }
    }
  }

  test("a user's counts equal the rows after any mix of creates, deletes, toggles and moves", async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(op, { minLength: 1, maxLength: 12 }), async (ops) => {
        const users = await Promise.all(Array.from({ length: USERS }, async () => (await newUser()).id));
        try {
          for (const o of ops) await apply(users, o);
          for (const userId of users) expect(await kept(db, userId)).toEqual(await counted(db, userId));
        } finally {
          await db.user.deleteMany({ where: { id: { in: users } } });
        }
      }),
      { numRuns: 25 },
    );
  }, 120_000);

  test("a transaction rolled back leaves the counts as they were", async () => {
    const user = await newUser();
    await db.schedule.create({ data: row(user.id, true) });
    await expect(
      db.$transaction(async (tx) => {
        await tx.schedule.create({ data: row(user.id, true) });
        throw new Error("changed my mind");
      }),
    ).rejects.toThrow("changed my mind");
    expect(await kept(db, user.id)).toEqual({ total: 1, enabled: 1 });
  });

  test("a deleted user takes its count row with it", async () => {
    const user = await newUser();
    await db.schedule.createMany({ data: [row(user.id), row(user.id, true)] });
    expect(await kept(db, user.id)).toEqual({ total: 2, enabled: 1 });
    await db.user.delete({ where: { id: user.id } });
    expect(await db.scheduleCount.findUnique({ where: { teamId: user.id } })).toBeNull();
  });

  test("every deleted schedule leaves a tombstone stamped with the time of its delete, cascades included", async () => {
    const user = await newUser();
    const [a, b, c] = await Promise.all([row(user.id), row(user.id), row(user.id)].map((data) => db.schedule.create({ data })));
    const before = Date.now();
    await db.schedule.delete({ where: { id: a.id } });
    await db.user.delete({ where: { id: user.id } }); // b and c go with their user
    const after = Date.now();
    const stones = await db.scheduleTombstone.findMany({ where: { scheduleId: { in: [a.id, b.id, c.id] } } });
    expect(stones.map((t) => t.scheduleId).sort()).toEqual([a.id, b.id, c.id].sort());
    for (const t of stones) {
      // UTC, as Prisma reads DateTime: a zone slip would be hours off.
      expect(t.deletedAt.getTime()).toBeGreaterThanOrEqual(before - 1000);
      expect(t.deletedAt.getTime()).toBeLessThanOrEqual(after + 1000);
    }
    // Workers read tombstones newer than their last look: the filter must see these.
    expect(await db.scheduleTombstone.count({ where: { scheduleId: a.id, deletedAt: { gt: new Date(before - 1000) } } })).toBe(1);
  });
});

describe.each(["sqlite", "postgresql"] as const)("the migration that adds the counts, on %s", (provider) => {
  const MIGRATION = "20261206104931_schedule_counts";
  let url: string | null = null;
  afterAll(async () => {
    if (url) await dropDatabase(url);
  });

  test.skipIf(provider === "postgresql" && !pgUrl)("counts the schedules that were already there", async () => {
    const before = migrationsBefore(provider, MIGRATION);
    const target = await emptyDatabase(provider, "counts");
    if (target.provider === "postgresql") url = target.url;
    await migrate(target, before);
    const db = await createDb(target);
    try {
      for (const [id, enabled, disabled] of [["u1", 3, 2], ["u2", 0, 4], ["u3", 0, 0]] as const) {
        await db.user.create({ data: { id, email: `${id}@example.com`, passwordHash: "x" } });
        // As that schema had them (owned by their user): in SQL, as this client knows only teams.
        for (const [i, isEnabled] of [...Array(enabled).fill(true), ...Array(disabled).fill(false)].entries()) {
          await db.$executeRawUnsafe(
            provider === "sqlite"
              ? `INSERT INTO "Schedule" ("id", "userId", "name", "cronExpression", "isEnabled", "updatedAt") VALUES (?, ?, ?, '0 0 * * *', ?, ?)`
              : `INSERT INTO "Schedule" ("id", "userId", "name", "cronExpression", "isEnabled", "updatedAt") VALUES ($1, $2, $3, '0 0 * * *', $4, now())`,
            ...[`${id}-s${i}`, id, `s${i}`, provider === "sqlite" ? Number(isEnabled) : isEnabled, ...(provider === "sqlite" ? [new Date().toISOString()] : [])],
          );
        }
      }
      await migrate(target);
      expect(await kept(db, "u1")).toEqual({ total: 5, enabled: 3 });
      expect(await kept(db, "u2")).toEqual({ total: 4, enabled: 0 });
      expect(await kept(db, "u3")).toEqual({ total: 0, enabled: 0 });
      // And kept from there on.
      await db.schedule.create({ data: { teamId: "u3", name: "new", cronExpression: "0 0 * * *" } });
      expect(await kept(db, "u3")).toEqual({ total: 1, enabled: 1 });
    } finally {
      await db.$disconnect();
    }
  });
});
