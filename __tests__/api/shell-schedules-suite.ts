// Shell schedules run a command on the workers with their permissions, so only a team's admins and
// owners may create one or change one (lib/schedules/schedules.ts requireShellRole); enabling,
// disabling, running and deleting stay with editors, and everyone who sees the schedule sees its
// command. Through the REST handlers and the @cron assistant's tools alike. The test files turn
// ALLOW_SHELL_JOBS on for this process (the web app's switch).
import { afterAll, beforeAll, expect, test } from "vitest";
import * as collection from "../../app/api/v1/schedules/route";
import * as item from "../../app/api/v1/schedules/[id]/route";
import * as run from "../../app/api/v1/schedules/[id]/run/route";
import * as toggle from "../../app/api/v1/schedules/[id]/toggle/route";
import { runTool } from "../../lib/assistant/tools";
import type { Db } from "../../lib/db/client";
import type { DbTarget } from "../../lib/db/target";
import { teamAccess } from "../../lib/teams/access";
import { TEAM_ROLES, type TeamRole } from "../../lib/teams/roles";
import { unique } from "../support/databases";
import { invoke, newUser, useDatabase } from "../support/handlers";

type Caller = { id: string; auth: string };
const SHELL_403 = /^Only team admins and owners may create or change shell schedules \(a shell job runs its command on the workers\); you are an editor$/;

export function shellSchedulesSuite(target: () => DbTarget) {
  let db: Db;
  let teamId: string;
  const callers = {} as Record<TeamRole, Caller>;

  beforeAll(async () => {
    db = await useDatabase(target());
    teamId = (await db.team.create({ data: { name: unique("Ops") } })).id;
    // A secret the payloads may name (only its name is checked when a schedule is saved).
    await db.teamSecret.create({ data: { teamId, name: "PG_PASS", value: "sealed elsewhere" } });
    for (const role of TEAM_ROLES) {
      callers[role] = await newUser(db);
      await db.membership.create({ data: { teamId, userId: callers[role].id, role } });
    }
  });
  afterAll(async () => {
    await db?.team.deleteMany({ where: { id: teamId } });
    await db?.$disconnect();
  });

  const body = (extra: Record<string, unknown> = {}) => ({ teamId, name: unique("backup"), cronExpression: "0 3 * * *", entrypoint: "shell", payload: { command: "tar czf /tmp/b.tgz /srv" }, ...extra });
  const create = (role: TeamRole, extra: Record<string, unknown> = {}) => invoke(collection.POST, "POST", "/api/v1/schedules", { auth: callers[role].auth, body: body(extra) });
  const shellSchedule = async () => {
    const made = await create("admin");
    expect(made.status).toBe(201);
    return made.json as { id: string; name: string };
  };

  test("creating: admins and owners 201; an editor 403 saying only admins and owners may; a viewer 403 for the editor role", async () => {
    for (const role of ["admin", "owner"] as const) {
      const made = await create(role, { payload: { command: ["pg_dump", "app"], cwd: "/srv", env: { PGPASSWORD: "{{secrets.PG_PASS}}" } } });
      expect(made.status).toBe(201);
      expect(made.json).toMatchObject({ entrypoint: "shell", payload: { command: ["pg_dump", "app"], cwd: "/srv", env: { PGPASSWORD: "{{secrets.PG_PASS}}" } } });
    }
    const name = unique("refused");
    const refused = await create("editor", { name });
    expect(refused.status).toBe(403);
    expect(refused.json.error).toMatchObject({ code: "forbidden", message: expect.stringMatching(SHELL_403) });
    expect((await create("viewer")).json.error.message).toMatch(/needs the editor role/);
    expect(await db.schedule.count({ where: { teamId, name } })).toBe(0);
    // Other job types stay with editors.
    expect((await create("editor", { entrypoint: "log", payload: { message: "hi" } })).status).toBe(201);
  });

  test("changing a shell schedule, or making one: an editor 403 and nothing changes; an admin 200", async () => {
    const s = await shellSchedule();
    const params = { id: s.id };
    const before = await db.schedule.findUniqueOrThrow({ where: { id: s.id } });
    for (const change of [{ description: "only words" }, { payload: { command: "rm -rf /" } }, { entrypoint: "log", payload: { message: "safe now" } }]) {
      const patched = await invoke(item.PATCH, "PATCH", `/api/v1/schedules/${s.id}`, { auth: callers.editor.auth, params, body: change });
      expect(patched.status).toBe(403);
      expect(patched.json.error.message).toMatch(SHELL_403);
    }
    expect(await db.schedule.findUniqueOrThrow({ where: { id: s.id } })).toEqual(before);
    const byAdmin = await invoke(item.PATCH, "PATCH", `/api/v1/schedules/${s.id}`, { auth: callers.admin.auth, params, body: { payload: { command: "echo changed" } } });
    expect(byAdmin.status).toBe(200);
    expect(byAdmin.json.payload).toEqual({ command: "echo changed" });

    // A log schedule an editor made may not become a shell one in the editor's hands.
    const log = await create("editor", { entrypoint: "log", payload: { message: "m" } });
    const becomes = await invoke(item.PATCH, "PATCH", `/api/v1/schedules/${log.json.id}`, { auth: callers.editor.auth, params: { id: log.json.id }, body: { entrypoint: "shell", payload: { command: "id" } } });
    expect(becomes.status).toBe(403);
    expect(becomes.json.error.message).toMatch(SHELL_403);
    expect((await db.schedule.findUniqueOrThrow({ where: { id: log.json.id } })).entrypoint).toBe("log");
    const promoted = await invoke(item.PATCH, "PATCH", `/api/v1/schedules/${log.json.id}`, { auth: callers.owner.auth, params: { id: log.json.id }, body: { entrypoint: "shell", payload: { command: "id" } } });
    expect(promoted.status).toBe(200);
  });

  test("an editor may still disable, enable, run and delete a shell schedule; every member sees its command", async () => {
    const s = await shellSchedule();
    const params = { id: s.id };
    for (const role of TEAM_ROLES) {
      const read = await invoke(item.GET, "GET", `/api/v1/schedules/${s.id}`, { auth: callers[role].auth, params });
      expect(read.status).toBe(200);
      expect(read.json.payload).toEqual({ command: "tar czf /tmp/b.tgz /srv" });
    }
    const auth = callers.editor.auth;
    expect((await invoke(toggle.PATCH, "PATCH", `/api/v1/schedules/${s.id}/toggle`, { auth, params, body: { isEnabled: false } })).status).toBe(200);
    expect((await invoke(toggle.PATCH, "PATCH", `/api/v1/schedules/${s.id}/toggle`, { auth, params, body: { isEnabled: true } })).status).toBe(200);
    expect((await invoke(run.POST, "POST", `/api/v1/schedules/${s.id}/run`, { auth, params })).status).toBe(202);
    expect((await invoke(item.DELETE, "DELETE", `/api/v1/schedules/${s.id}`, { auth, params })).status).toBe(204);
  });

  test("the @cron assistant's tools apply the same rule", async () => {
    const as = async (role: TeamRole) => ({ db, access: await teamAccess(db, { id: callers[role].id, email: "x@example.com" }), now: new Date() });
    const input = { teamId, name: unique("assistant"), cronExpression: "0 3 * * *", entrypoint: "shell", payload: { command: "uptime" } };
    const refused = await runTool(await as("editor"), "create_scheduled_task", input);
    expect(refused).toMatchObject({ ok: false, error: { code: "forbidden", message: expect.stringMatching(SHELL_403) } });
    const made = await runTool(await as("admin"), "create_scheduled_task", input);
    expect(made).toMatchObject({ ok: true, schedule: { entrypoint: "shell" } });
    const id = (made as { schedule: { id: string } }).schedule.id;
    const update = await runTool(await as("editor"), "update_scheduled_task", { scheduleId: id, cronExpression: "0 4 * * *" });
    expect(update).toMatchObject({ ok: false, error: { code: "forbidden" } });
    expect(await runTool(await as("editor"), "toggle_scheduled_task", { scheduleId: id, isEnabled: false })).toMatchObject({ ok: true });
  });
}
