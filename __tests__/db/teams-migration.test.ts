// The migration that makes teams own schedules: a database at the migration before it, filled as
// users had it, must come out with every user owning a personal team (its id the user's), every
// schedule in its user's team with its runs and every other column as it was, the counts per
// team, and the database's triggers (counts, tombstones, new users' teams) working on the result.
import { afterAll, describe, expect, test } from "vitest";
import { createDb, type Db } from "../../lib/db/client";
import { listMigrations, migrate } from "../../lib/db/migrate";
import { pgUrl } from "../support/databases";
import { dropDatabase } from "../support/postgres";
import { emptyDatabase, migrationsBefore } from "../support/migrations";

const MIGRATION = listMigrations("sqlite").find((m) => m.name.endsWith("_teams"))!.name;

const USERS = [
  { id: "u-ada", email: "ada@example.com", name: "Ada" },
  { id: "u-bob", email: "bob@example.com", name: null },
  { id: "u-cy", email: "cy@example.com", name: "Cy" }, // no schedules
];
// The same name for two users: unique per user then, per team now.
const SCHEDULES = [
  { id: "s1", userId: "u-ada", name: "backup", isEnabled: true },
  { id: "s2", userId: "u-ada", name: "Report", isEnabled: false },
  { id: "s3", userId: "u-bob", name: "backup", isEnabled: true },
];

describe.each(["sqlite", "postgresql"] as const)("the migration that makes teams own schedules, on %s", (provider) => {
  let url: string | null = null;
  afterAll(async () => {
    if (url) await dropDatabase(url);
  });

  test.skipIf(provider === "postgresql" && !pgUrl)("every user gets a personal team that owns their schedules, runs and counts, and nothing is lost", async () => {
    const before = migrationsBefore(provider, MIGRATION);
    const target = await emptyDatabase(provider, "teams");
    if (target.provider === "postgresql") url = target.url;
    await migrate(target, before);
    const db: Db = await createDb(target);
    // Placeholders and literals as each database spells them; rows written in SQL, as this
    // client knows only the schema after the migration.
    const p = (i: number) => (provider === "sqlite" ? "?" : `$${i}`);
    const bool = (b: boolean) => (provider === "sqlite" ? Number(b) : b);
    const at = (iso: string) => (provider === "sqlite" ? iso.replace("Z", "+00:00") : iso);
    const ts = (i: number) => (provider === "sqlite" ? p(i) : `${p(i)}::timestamp`);
    try {
      for (const u of USERS) {
        await db.$executeRawUnsafe(`INSERT INTO "User" ("id", "email", "name", "passwordHash", "updatedAt") VALUES (${p(1)}, ${p(2)}, ${p(3)}, 'x', ${ts(4)})`, u.id, u.email, u.name, at("2026-11-01T00:00:00.000Z"));
      }
      for (const s of SCHEDULES) {
        await db.$executeRawUnsafe(
          `INSERT INTO "Schedule" ("id", "userId", "name", "nameKey", "description", "cronExpression", "timezone", "payload", "isEnabled", "nextRunAt", "lastRunStatus", "updatedAt")
           VALUES (${p(1)}, ${p(2)}, ${p(3)}, ${p(4)}, 'd', '0 3 * * *', 'Europe/Berlin', '{"message":"m"}', ${p(5)}, ${ts(6)}, 'succeeded', ${ts(7)})`,
          s.id,
          s.userId,
          s.name,
          s.name.toLowerCase(),
          bool(s.isEnabled),
          at("2026-12-07T02:00:00.000Z"),
          at("2026-11-02T00:00:00.000Z"),
        );
      }
      for (const [i, scheduleId] of ["s1", "s1", "s3"].entries()) {
        await db.$executeRawUnsafe(
          `INSERT INTO "Run" ("id", "scheduleId", "trigger", "scheduledFor", "attempt", "status") VALUES (${p(1)}, ${p(2)}, 'schedule', ${ts(3)}, 1, 'succeeded')`,
          `r${i}`,
          scheduleId,
          at(`2026-11-0${i + 3}T03:00:00.000Z`),
        );
      }
      await db.$executeRawUnsafe(`INSERT INTO "ApiToken" ("id", "userId", "name", "tokenHash", "prefix") VALUES ('t1', 'u-ada', 'ci', ${p(1)}, 'alm_1234')`, "h".repeat(64));

      await migrate(target);

      expect(await db.team.findMany({ orderBy: { id: "asc" }, select: { id: true, name: true, personalOfId: true } })).toEqual([
        { id: "u-ada", name: "Ada", personalOfId: "u-ada" },
        { id: "u-bob", name: "bob@example.com", personalOfId: "u-bob" },
        { id: "u-cy", name: "Cy", personalOfId: "u-cy" },
      ]);
      expect(await db.membership.findMany({ orderBy: { teamId: "asc" }, select: { teamId: true, userId: true, role: true } })).toEqual(
        USERS.map((u) => ({ teamId: u.id, userId: u.id, role: "owner" })),
      );
      const schedules = await db.schedule.findMany({ orderBy: { id: "asc" } });
      expect(schedules).toEqual(
        SCHEDULES.map((s) =>
          expect.objectContaining({
            id: s.id,
            teamId: s.userId,
            createdById: s.userId,
            name: s.name,
            nameKey: s.name.toLowerCase(),
            description: "d",
            cronExpression: "0 3 * * *",
            timezone: "Europe/Berlin",
            payload: { message: "m" },
            isEnabled: s.isEnabled,
            nextRunAt: new Date("2026-12-07T02:00:00.000Z"),
            lastRunStatus: "succeeded",
            updatedAt: new Date("2026-11-02T00:00:00.000Z"),
          }),
        ),
      );
      expect((await db.run.findMany({ orderBy: { id: "asc" }, select: { id: true, scheduleId: true } })).map((r) => [r.id, r.scheduleId])).toEqual([
        ["r0", "s1"],
        ["r1", "s1"],
        ["r2", "s3"],
      ]);
      // The token moved to its user's personal team (migration team_tokens), with its user's role there.
      expect(await db.apiToken.findUniqueOrThrow({ where: { id: "t1" }, select: { userId: true, teamId: true, role: true } })).toEqual({ userId: "u-ada", teamId: "u-ada", role: null });
      expect(await db.scheduleCount.findMany({ orderBy: { teamId: "asc" }, select: { teamId: true, total: true, enabled: true } })).toEqual([
        { teamId: "u-ada", total: 2, enabled: 1 },
        { teamId: "u-bob", total: 1, enabled: 1 },
      ]);

      // The triggers, on the migrated tables: a new user's team, the counts, the tombstones.
      const dee = await db.user.create({ data: { email: "dee@example.com", passwordHash: "x" } });
      expect(await db.membership.findMany({ where: { userId: dee.id }, select: { teamId: true, role: true } })).toEqual([{ teamId: dee.id, role: "owner" }]);
      await db.schedule.create({ data: { teamId: "u-bob", name: "new", cronExpression: "0 0 * * *" } });
      expect(await db.scheduleCount.findUnique({ where: { teamId: "u-bob" }, select: { total: true, enabled: true } })).toEqual({ total: 2, enabled: 2 });
      await db.schedule.delete({ where: { id: "s2" } });
      expect(await db.scheduleCount.findUnique({ where: { teamId: "u-ada" }, select: { total: true, enabled: true } })).toEqual({ total: 1, enabled: 1 });
      expect(await db.scheduleTombstone.count({ where: { scheduleId: "s2" } })).toBe(1);
      // A user's personal team goes with them, and its schedules with it.
      await db.user.delete({ where: { id: "u-ada" } });
      expect(await db.schedule.count({ where: { teamId: "u-ada" } })).toBe(0);
      expect(await db.team.count({ where: { id: "u-ada" } })).toBe(0);
    } finally {
      await db.$disconnect();
    }
  });
});
