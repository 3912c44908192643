// A run's team (migration run_team): every run carries its schedule's team, whoever inserts it,
// and the runs from before the migration get theirs. The runs list (lib/runs/runs.ts) reads each
// team's runs by it and merges the teams newest first: every page in order, no run twice, none
// skipped, and no run of a team the caller is not in.
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { createDb, type Db } from "../../lib/db/client";
import { listMigrations, migrate } from "../../lib/db/migrate";
import type { Provider } from "../../lib/db/schema-source";
import { listRuns } from "../../lib/runs/runs";
import type { TeamAccess } from "../../lib/teams/access";
import { eachDatabase, pgUrl, unique } from "../support/databases";
import { dropDatabase } from "../support/postgres";
import { emptyDatabase, migrationsBefore } from "../support/migrations";

/** A run written in SQL, as the workers and the heartbeat settler write theirs (no team given unless `teamId`). */
async function insertRun(db: Db, provider: Provider, run: { id: string; scheduleId: string; createdAt: string; status?: string; teamId?: string }) {
  const pg = provider === "postgresql";
  const p = (i: number, cast = "") => (pg ? `$${i}${cast}` : "?");
  // Prisma's own DateTime text on SQLite, so that Prisma reads these rows as it reads its own.
  const at = pg ? run.createdAt : run.createdAt.replace("Z", "+00:00");
  const columns = ["id", "scheduleId", "trigger", "scheduledFor", "attempt", "status", "createdAt", ...(run.teamId ? ["teamId"] : [])];
  const values = [p(1), p(2), pg ? `'manual'::"RunTrigger"` : "'manual'", p(3, "::timestamp"), "1", p(4, '::"RunStatus"'), p(5, "::timestamp"), ...(run.teamId ? [p(6)] : [])];
  await db.$executeRawUnsafe(
    `INSERT INTO "Run" (${columns.map((c) => `"${c}"`).join(", ")}) VALUES (${values.join(", ")})`,
    run.id,
    run.scheduleId,
    at,
    run.status ?? "succeeded",
    at,
    ...(run.teamId ? [run.teamId] : []),
  );
}

eachDatabase((target) => {
  let db: Db;
  beforeAll(async () => {
    db = await createDb(target());
  });
  afterAll(async () => {
    await db.$disconnect();
  });

  /** A user (with their personal team, whose id is theirs) and one schedule in it. */
  async function userWithSchedule(label: string) {
    const user = await db.user.create({ data: { email: `${unique(label)}@example.com`, passwordHash: "x" } });
    const schedule = await db.schedule.create({ data: { teamId: user.id, name: label, nameKey: label, cronExpression: "0 3 * * *", payload: {} } });
    return { user, schedule };
  }

  test("a run gets its schedule's team however it is inserted, and a team given wrongly is replaced by the schedule's", async () => {
    const { user, schedule } = await userWithSchedule("team-of-run");
    const other = await userWithSchedule("another-team");
    const provider = target().provider;
    const byPrisma = await db.run.create({ data: { scheduleId: schedule.id, trigger: "manual", scheduledFor: new Date(), status: "queued" } });
    const bySql = unique("run-sql");
    const wrong = unique("run-wrong");
    await insertRun(db, provider, { id: bySql, scheduleId: schedule.id, createdAt: "2026-12-01T10:00:00.000Z" });
    await insertRun(db, provider, { id: wrong, scheduleId: schedule.id, createdAt: "2026-12-01T10:00:01.000Z", teamId: other.user.id });
    const rows = await db.run.findMany({ where: { id: { in: [byPrisma.id, bySql, wrong] } }, select: { id: true, teamId: true } });
    expect(rows).toHaveLength(3);
    for (const row of rows) expect(row.teamId, row.id).toBe(user.id);
  });

  test("the runs list pages through several teams newest first (ties by id), without a gap or a repeat, and never shows another team's runs", async () => {
    const provider = target().provider;
    const mine = await userWithSchedule("lister");
    const stranger = await userWithSchedule("stranger");
    const shared = await db.team.create({ data: { name: unique("shared") } });
    await db.membership.create({ data: { teamId: shared.id, userId: mine.user.id, role: "viewer" } });
    const sharedSchedule = await db.schedule.create({ data: { teamId: shared.id, name: "shared job", nameKey: "shared job", cronExpression: "0 3 * * *", payload: {} } });

    const prefix = unique("r");
    // Interleaved in time across the two teams, with two instants that both teams share (the id
    // decides), and the stranger's runs among them.
    const plan: { team: "personal" | "shared" | "stranger"; at: string; status?: string }[] = [
      { team: "personal", at: "2026-12-01T10:00:00.000Z" },
      { team: "shared", at: "2026-12-01T10:00:01.000Z", status: "failed" },
      { team: "stranger", at: "2026-12-01T10:00:01.500Z" },
      { team: "personal", at: "2026-12-01T10:00:02.000Z", status: "failed" },
      { team: "shared", at: "2026-12-01T10:00:02.000Z" },
      { team: "personal", at: "2026-12-01T10:00:03.000Z" },
      { team: "shared", at: "2026-12-01T10:00:04.000Z" },
      { team: "stranger", at: "2026-12-01T10:00:04.000Z", status: "failed" },
      { team: "shared", at: "2026-12-01T10:00:05.000Z", status: "failed" },
      { team: "personal", at: "2026-12-01T10:00:05.000Z" },
      { team: "personal", at: "2026-12-01T10:00:06.000Z" },
    ];
    const scheduleOf = { personal: mine.schedule.id, shared: sharedSchedule.id, stranger: stranger.schedule.id };
    const runs = plan.map((r, i) => ({ ...r, id: `${prefix}-${String.fromCharCode(97 + ((i * 7) % plan.length))}` }));
    for (const r of runs) await insertRun(db, provider, { id: r.id, scheduleId: scheduleOf[r.team], createdAt: r.at, status: r.status });

    const access: TeamAccess = {
      userId: mine.user.id,
      roles: new Map([
        [mine.user.id, "owner"],
        [shared.id, "viewer"],
      ]),
      defaultTeamId: mine.user.id,
      actor: { type: "user", id: mine.user.id, email: null },
    };
    const expected = (keep: (r: (typeof runs)[number]) => boolean) =>
      runs
        .filter((r) => r.team !== "stranger" && keep(r))
        .sort((a, b) => (a.at === b.at ? (a.id < b.id ? 1 : -1) : a.at < b.at ? 1 : -1))
        .map((r) => r.id);
    async function everyPage(query: { status?: "failed"; teamId?: string }) {
      const seen: string[] = [];
      let cursor: string | undefined;
      for (let page = 0; page < 20; page++) {
        const { items, nextCursor } = await listRuns(db, access, { limit: 2, cursor, ...query });
        seen.push(...items.map((item) => item.id));
        if (!nextCursor) return seen;
        cursor = nextCursor;
      }
      throw new Error("the list did not end");
    }

    expect(await everyPage({})).toEqual(expected(() => true));
    expect(await everyPage({ status: "failed" })).toEqual(expected((r) => r.status === "failed"));
    expect(await everyPage({ teamId: shared.id })).toEqual(expected((r) => r.team === "shared"));
    const first = await listRuns(db, access, { limit: 50 });
    expect(first.items.find((item) => item.id === runs[4].id)).toMatchObject({ scheduleId: sharedSchedule.id, scheduleName: "shared job" });
  });
});

const MIGRATION = listMigrations("sqlite").find((m) => m.name.endsWith("_run_team"))!.name;

describe.each(["sqlite", "postgresql"] as const)("the migration run_team, on %s", (provider) => {
  let url: string | null = null;
  afterAll(async () => {
    if (url) await dropDatabase(url);
  });

  test.skipIf(provider === "postgresql" && !pgUrl)("the runs written before it get their schedules' teams, and the runs after it theirs", async () => {
    const target = await emptyDatabase(provider, "run-team");
    if (target.provider === "postgresql") url = target.url;
    await migrate(target, migrationsBefore(provider, MIGRATION));
    const db = await createDb(target);
    try {
      // Users and schedules through Prisma (their tables are as the client knows them); runs in
      // SQL, as the client would read back a teamId this database does not have yet.
      const teams = [];
      for (const label of ["ada", "bob"]) {
        const user = await db.user.create({ data: { email: `${unique(label)}@example.com`, passwordHash: "x" } });
        const schedule = await db.schedule.create({ data: { teamId: user.id, name: label, nameKey: label, cronExpression: "0 3 * * *", payload: {} } });
        teams.push({ teamId: user.id, scheduleId: schedule.id });
      }
      const before = teams.flatMap(({ scheduleId }, t) => [0, 1, 2].map((i) => ({ id: `before-${t}-${i}`, scheduleId, createdAt: `2026-12-0${i + 1}T10:00:00.000Z` })));
      for (const run of before) await insertRun(db, provider, run);

      await migrate(target);
      await insertRun(db, provider, { id: "after-0", scheduleId: teams[1].scheduleId, createdAt: "2026-12-05T10:00:00.000Z" });

      const rows = await db.run.findMany({ select: { id: true, scheduleId: true, teamId: true }, orderBy: { id: "asc" } });
      expect(rows).toHaveLength(before.length + 1);
      for (const row of rows) expect(row.teamId, row.id).toBe(teams.find((t) => t.scheduleId === row.scheduleId)!.teamId);
    } finally {
      await db.$disconnect();
    }
  });
});
