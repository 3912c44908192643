// POST /api/v1/schedules/import/crontab through its handler: a dry run writes nothing, the chosen
// lines only, all or nothing (the team's limit reached mid-import leaves nothing), an audit row per
// schedule, names unique, shell lines for admins only (an editor's come back as skipped), another
// team a 404. The test files turn ALLOW_SHELL_JOBS on and set MAX_SCHEDULES_PER_TEAM to LIMIT.
import { afterAll, beforeAll, expect, test } from "vitest";
import * as crontab from "../../app/api/v1/schedules/import/crontab/route";
import type { Db } from "../../lib/db/client";
import type { DbTarget } from "../../lib/db/target";
import { TEAM_ROLES, type TeamRole } from "../../lib/teams/roles";
import { CRONTAB_MAX_CHARS } from "../../lib/validation/crontab";
import { unique } from "../support/databases";
import { invoke, newUser, useDatabase } from "../support/handlers";

export const LIMIT = 8;

const CRONTAB = [
  "MAILTO=ops@example.com", // 1
  "# Nightly backup", // 2
  "0 3 * * * pg_dump app > /srv/backup/app-$(date +\\%F).sql", // 3
  "", // 4
  "CRON_TZ=Europe/Paris", // 5
  "*/15 9-17 * * mon-fri /usr/local/bin/check-queue", // 6
  "@reboot /srv/start.sh", // 7
  "@weekly /usr/bin/rotate", // 8
].join("\n");

type Caller = { id: string; auth: string };

export function crontabImportSuite(target: () => DbTarget) {
  let db: Db;
  const teams: string[] = [];

  beforeAll(async () => {
    db = await useDatabase(target());
  });
  afterAll(async () => {
    await db?.team.deleteMany({ where: { id: { in: teams } } });
    await db?.$disconnect();
  });

  /** A team with a member of each role. */
  async function newTeam(): Promise<{ teamId: string; callers: Record<TeamRole, Caller> }> {
    const teamId = (await db.team.create({ data: { name: unique("Ops") } })).id;
    teams.push(teamId);
    const callers = {} as Record<TeamRole, Caller>;
    for (const role of TEAM_ROLES) {
      callers[role] = await newUser(db);
      await db.membership.create({ data: { teamId, userId: callers[role].id, role } });
    }
    return { teamId, callers };
  }
  const post = (caller: Caller, body: Record<string, unknown>) => invoke(crontab.POST, "POST", "/api/v1/schedules/import/crontab", { auth: caller.auth, body });
  const written = async (teamId: string) => ({
    schedules: await db.schedule.count({ where: { teamId } }),
    audit: await db.auditEvent.count({ where: { teamId, action: "schedule.created" } }),
  });

  test("a dry run previews every line (words, next run, the job) and lists the rest with line and reason; nothing is written", async () => {
    const { teamId, callers } = await newTeam();
    const res = await post(callers.admin, { teamId, content: CRONTAB, dryRun: true });
    expect(res.status).toBe(200);
    expect(res.json.imported).toEqual([
      { line: 3, id: null, name: "Nightly backup" },
      { line: 6, id: null, name: "check-queue (*/15 9-17 * * mon-fri)" },
      { line: 8, id: null, name: "rotate (@weekly)" },
    ]);
    expect(res.json.skipped.map((s: { line: number; reason: string }) => [s.line, s.reason])).toEqual([
      [1, expect.stringMatching(/^MAILTO is not imported/)],
      [7, expect.stringMatching(/^@reboot is not supported/)],
    ]);
    expect(res.json.preview[0]).toEqual({
      line: 3,
      text: "0 3 * * * pg_dump app > /srv/backup/app-$(date +\\%F).sql",
      name: "Nightly backup",
      description: "Nightly backup",
      cronExpression: "0 3 * * *",
      timezone: "UTC",
      cronHuman: "At 03:00 AM, every day (UTC)",
      nextRunAt: expect.stringMatching(/T03:00:00\.000Z$/),
      entrypoint: "shell",
      payload: { command: "pg_dump app > /srv/backup/app-$(date +%F).sql" },
      user: null,
      notes: [],
      chosen: true,
    });
    expect(res.json.preview[1]).toMatchObject({ cronExpression: "*/15 9-17 * * MON-FRI", timezone: "Europe/Paris", cronHuman: expect.stringMatching(/\(Europe\/Paris\)$/) });
    expect(res.json.limit).toEqual({ max: LIMIT, existing: 0 });
    expect(await written(teamId)).toEqual({ schedules: 0, audit: 0 });
  });

  test("importing: the chosen lines only, as shell schedules, each with its audit row by the caller", async () => {
    const { teamId, callers } = await newTeam();
    const res = await post(callers.admin, { teamId, content: CRONTAB, lines: [3, 8] });
    expect(res.status).toBe(201);
    expect(res.json.imported.map((i: { line: number }) => i.line)).toEqual([3, 8]);
    expect(res.json.preview.map((p: { line: number; chosen: boolean }) => [p.line, p.chosen])).toEqual([
      [3, true],
      [6, false],
      [8, true],
    ]);
    const rows = await db.schedule.findMany({ where: { teamId }, orderBy: { name: "asc" } });
    expect(rows.map((r) => [r.id, r.name, r.entrypoint, r.payload, r.cronExpression, r.timezone, r.description, r.isEnabled])).toEqual([
      [res.json.imported[0].id, "Nightly backup", "shell", { command: "pg_dump app > /srv/backup/app-$(date +%F).sql" }, "0 3 * * *", "UTC", "Nightly backup", true],
      [res.json.imported[1].id, "rotate (@weekly)", "shell", { command: "/usr/bin/rotate" }, "0 0 * * 0", "Europe/Paris", null, true],
    ]);
    expect(rows.every((r) => r.nextRunAt !== null && r.createdById === callers.admin.id)).toBe(true);
    const audit = await db.auditEvent.findMany({ where: { teamId }, orderBy: { targetName: "asc" } });
    // The caller here is an API token: the audit row names it (and its owner by email).
    expect(audit.map((a) => [a.action, a.targetType, a.targetId, a.targetName, a.actorType])).toEqual(rows.map((r) => ["schedule.created", "schedule", r.id, r.name, "token"]));

    // A line that holds no importable entry cannot be chosen.
    const stray = await post(callers.admin, { teamId, content: CRONTAB, lines: [3, 7] });
    expect(stray.status).toBe(400);
    expect(stray.json.error.fields).toEqual({ lines: expect.stringMatching(/^line 7 holds no importable entry/) });
  });

  test("names are unique within the import and against the team's schedules, with (2), (3)", async () => {
    const { teamId, callers } = await newTeam();
    await post(callers.admin, { teamId, content: "# Backup\n0 1 * * * a" });
    const res = await post(callers.admin, { teamId, content: "# Backup\n0 2 * * * b\n# Backup\n0 3 * * * c" });
    expect(res.status).toBe(201);
    expect(res.json.imported.map((i: { name: string }) => i.name)).toEqual(["Backup (2)", "Backup (3)"]);
    expect((await db.schedule.findMany({ where: { teamId }, select: { name: true }, orderBy: { name: "asc" } })).map((s) => s.name)).toEqual(["Backup", "Backup (2)", "Backup (3)"]);
  });

  test("all or nothing: the team's limit reached at the third of three lines leaves none written, and no audit rows", async () => {
    const { teamId, callers } = await newTeam();
    const six = Array.from({ length: LIMIT - 2 }, (_, i) => `0 ${i} * * * job${i}`).join("\n");
    expect((await post(callers.admin, { teamId, content: six })).status).toBe(201);
    const before = await written(teamId);
    expect(before).toEqual({ schedules: LIMIT - 2, audit: LIMIT - 2 });
    const three = "0 1 * * 1 a\n0 1 * * 2 b\n0 1 * * 3 c";
    const preview = await post(callers.admin, { teamId, content: three, dryRun: true });
    expect(preview.json.limit).toEqual({ max: LIMIT, existing: LIMIT - 2 });
    const refused = await post(callers.admin, { teamId, content: three });
    expect(refused.status).toBe(409);
    expect(refused.json.error.message).toMatch(new RegExp(`limit of ${LIMIT} schedules`));
    expect(await written(teamId)).toEqual(before);
    // Two fit.
    expect((await post(callers.admin, { teamId, content: three, lines: [1, 2] })).status).toBe(201);
    expect(await written(teamId)).toEqual({ schedules: LIMIT, audit: LIMIT });
  });

  test("an editor's shell lines come back skipped with the admin rule, nothing written; a viewer 403; another team 404", async () => {
    const { teamId, callers } = await newTeam();
    const byEditor = await post(callers.editor, { teamId, content: CRONTAB });
    expect(byEditor.status).toBe(200);
    expect(byEditor.json.imported).toEqual([]);
    const reasons = Object.fromEntries(byEditor.json.skipped.map((s: { line: number; reason: string }) => [s.line, s.reason]));
    for (const line of [3, 6, 8]) expect(reasons[line]).toMatch(/^Only team admins and owners may create or change shell schedules .*; you are an editor$/);
    expect(await written(teamId)).toEqual({ schedules: 0, audit: 0 });
    expect((await post(callers.owner, { teamId, content: CRONTAB })).status).toBe(201);

    const byViewer = await post(callers.viewer, { teamId, content: CRONTAB, dryRun: true });
    expect(byViewer.status).toBe(403);
    expect(byViewer.json.error.message).toMatch(/needs the editor role/);

    const stranger = (await newTeam()).callers.owner;
    const elsewhere = await post(stranger, { teamId, content: CRONTAB, dryRun: true });
    expect(elsewhere.status).toBe(404);
  });

  test("bad input is a 400 naming the field: content too long, content missing, a bad default zone", async () => {
    const { teamId, callers } = await newTeam();
    const long = await post(callers.admin, { teamId, content: "#".repeat(CRONTAB_MAX_CHARS + 1) });
    expect(long.status).toBe(400);
    expect(long.json.error.fields).toEqual({ content: expect.stringMatching(/at most 48 KiB/) });
    const lines = await post(callers.admin, { teamId, content: "\n".repeat(2001) });
    expect(lines.json.error.fields).toEqual({ content: "content must be at most 2000 lines" });
    expect((await post(callers.admin, { teamId })).json.error.fields).toEqual({ content: expect.stringMatching(/content must be a string/) });
    expect((await post(callers.admin, { teamId, content: "", timezone: "Mars/Base" })).json.error.fields).toEqual({ timezone: expect.stringMatching(/unknown time zone/) });
  });
}
