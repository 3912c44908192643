// Schedules and runs belong to teams: every endpoint, for each role in the schedule's team and for
// someone outside it, answers with the status the rules give (lib/teams/access.ts), and a refused
// write changes nothing. Memberships are written directly: the teams API has its own tests.
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import * as collection from "../../app/api/v1/schedules/route";
import * as item from "../../app/api/v1/schedules/[id]/route";
import * as run from "../../app/api/v1/schedules/[id]/run/route";
import * as scheduleRuns from "../../app/api/v1/schedules/[id]/runs/route";
import * as toggle from "../../app/api/v1/schedules/[id]/toggle/route";
import * as allRuns from "../../app/api/v1/runs/route";
import type { Db } from "../../lib/db/client";
import type { DbTarget } from "../../lib/db/target";
import { TEAM_ROLES, type TeamRole } from "../../lib/teams/roles";
import { unique } from "../support/databases";
import { createApiToken } from "../../lib/auth/api-tokens";
import { invoke, newUser, useDatabase } from "../support/handlers";

type Caller = { id: string; auth: string };
// The roles, someone outside the team, an owner's token bound to another team (their personal
// one), and an editor's token bound to this team with the viewer role.
type Role = TeamRole | "outsider" | "token for another team" | "viewer token of an editor";
const CALLERS: Role[] = [...TEAM_ROLES, "outsider", "token for another team", "viewer token of an editor"];

export function teamAccessSuite(target: () => DbTarget) {
  let db: Db;
  let owner: Caller;
  let teamId: string;
  const callers = {} as Record<Role, Caller>;

  beforeAll(async () => {
    db = await useDatabase(target());
    owner = await newUser(db);
    teamId = (await db.team.create({ data: { name: unique("Ops") } })).id;
    await db.membership.create({ data: { teamId, userId: owner.id, role: "owner" } });
    for (const role of TEAM_ROLES) {
      const caller = role === "owner" ? owner : await newUser(db);
      if (role !== "owner") await db.membership.create({ data: { teamId, userId: caller.id, role } });
      callers[role] = caller;
    }
    callers.outsider = await newUser(db);
    const bound = async (userId: string, body: Record<string, unknown>) => {
      const { token } = await createApiToken(db, userId, { name: "bound", ...body });
      return { id: userId, auth: `Bearer ${token}` };
    };
    callers["token for another team"] = await bound(owner.id, { teamId: owner.id });
    callers["viewer token of an editor"] = await bound(callers.editor.id, { teamId, role: "viewer" });
  });
  afterAll(async () => {
    await db?.team.deleteMany({ where: { id: teamId } });
    await db?.$disconnect();
  });

  const newSchedule = async () => {
    const created = await invoke(collection.POST, "POST", "/api/v1/schedules", { auth: owner.auth, body: { teamId, name: unique("job"), cronExpression: "0 3 * * *" } });
    expect(created.status).toBe(201);
    expect(created.json.teamId).toBe(teamId);
    return created.json as { id: string; name: string };
  };

  // What each role gets from each endpoint on a schedule of the team.
  const READS: Record<Role, number> = { viewer: 200, editor: 200, admin: 200, owner: 200, outsider: 404, "token for another team": 404, "viewer token of an editor": 200 };
  const WRITES: Record<Role, number> = { viewer: 403, editor: 200, admin: 200, owner: 200, outsider: 404, "token for another team": 404, "viewer token of an editor": 403 };
  const hidden = (role: Role) => READS[role] === 404;

  describe.each(CALLERS)("as %s", (role) => {
    const caller = () => callers[role];

    test("reading the schedule and its runs", async () => {
      const s = await newSchedule();
      const params = { id: s.id };
      expect((await invoke(item.GET, "GET", `/api/v1/schedules/${s.id}`, { auth: caller().auth, params })).status).toBe(READS[role]);
      expect((await invoke(scheduleRuns.GET, "GET", `/api/v1/schedules/${s.id}/runs`, { auth: caller().auth, params })).status).toBe(READS[role]);
      const listed = await invoke(collection.GET, "GET", "/api/v1/schedules?limit=200", { auth: caller().auth });
      expect(listed.status).toBe(200);
      expect(listed.json.items.some((x: { id: string }) => x.id === s.id)).toBe(!hidden(role));
      const narrowed = await invoke(collection.GET, "GET", `/api/v1/schedules?teamId=${teamId}`, { auth: caller().auth });
      expect(narrowed.status).toBe(READS[role]);
      expect((await invoke(allRuns.GET, "GET", `/api/v1/runs?teamId=${teamId}`, { auth: caller().auth })).status).toBe(READS[role]);
    });

    test("changing, running and deleting the schedule", async () => {
      const s = await newSchedule();
      const params = { id: s.id };
      const before = await db.schedule.findUniqueOrThrow({ where: { id: s.id } });
      const patched = await invoke(item.PATCH, "PATCH", `/api/v1/schedules/${s.id}`, { auth: caller().auth, params, body: { description: "changed" } });
      expect(patched.status).toBe(WRITES[role]);
      const toggled = await invoke(toggle.PATCH, "PATCH", `/api/v1/schedules/${s.id}/toggle`, { auth: caller().auth, params, body: { isEnabled: false } });
      expect(toggled.status).toBe(WRITES[role]);
      const ran = await invoke(run.POST, "POST", `/api/v1/schedules/${s.id}/run`, { auth: caller().auth, params });
      expect(ran.status).toBe(WRITES[role] === 200 ? 202 : WRITES[role]);
      if (WRITES[role] === 403) {
        for (const refused of [patched, toggled, ran]) {
          expect(refused.json.error).toMatchObject({ code: "forbidden" });
          expect(refused.json.error.message).toMatch(/needs the editor role in this team.*you are a viewer/);
        }
      }
      if (WRITES[role] !== 200) {
        // Nothing changed, no run was queued.
        expect(await db.schedule.findUniqueOrThrow({ where: { id: s.id } })).toEqual(before);
        expect(await db.run.count({ where: { scheduleId: s.id } })).toBe(0);
      }
      const deleted = await invoke(item.DELETE, "DELETE", `/api/v1/schedules/${s.id}`, { auth: caller().auth, params });
      expect(deleted.status).toBe(WRITES[role] === 200 ? 204 : WRITES[role]);
      expect(await db.schedule.count({ where: { id: s.id } })).toBe(WRITES[role] === 200 ? 0 : 1);
    });

    test("creating a schedule in the team", async () => {
      const name = unique("made");
      const created = await invoke(collection.POST, "POST", "/api/v1/schedules", { auth: caller().auth, body: { teamId, name, cronExpression: "0 3 * * *" } });
      const expected = WRITES[role] === 200 ? 201 : WRITES[role];
      expect(created.status).toBe(expected);
      expect(await db.schedule.count({ where: { teamId, name } })).toBe(expected === 201 ? 1 : 0);
      if (expected === 201) expect(await db.schedule.findFirstOrThrow({ where: { teamId, name } })).toMatchObject({ createdById: caller().id });
    });
  });

  test("without a teamId, a create goes to the caller's personal team; a made-up teamId is a 404", async () => {
    const created = await invoke(collection.POST, "POST", "/api/v1/schedules", { auth: callers.viewer.auth, body: { name: unique("mine"), cronExpression: "0 3 * * *" } });
    expect(created.status).toBe(201);
    expect(created.json.teamId).toBe(callers.viewer.id);
    const nowhere = await invoke(collection.POST, "POST", "/api/v1/schedules", { auth: owner.auth, body: { teamId: "no-such-team", name: unique("x"), cronExpression: "0 3 * * *" } });
    expect(nowhere.status).toBe(404);
    expect(nowhere.json.error.message).toBe("No such team");
    expect((await invoke(collection.GET, "GET", "/api/v1/schedules?teamId=no-such-team", { auth: owner.auth })).status).toBe(404);
  });

  test("the list spans every team of the caller's, in one name order, with the same name in two teams apart", async () => {
    const name = unique("shared name");
    for (const team of [teamId, callers.editor.id]) {
      expect((await invoke(collection.POST, "POST", "/api/v1/schedules", { auth: callers.editor.auth, body: { teamId: team, name, cronExpression: "0 3 * * *" } })).status).toBe(201);
    }
    const seen: { name: string; teamId: string }[] = [];
    let cursor: string | null = null;
    do {
      const page = await invoke(collection.GET, "GET", `/api/v1/schedules?limit=1${cursor ? `&cursor=${cursor}` : ""}`, { auth: callers.editor.auth });
      seen.push(...(page.json.items as { name: string; teamId: string }[]));
      cursor = page.json.nextCursor as string | null;
    } while (cursor);
    const both = seen.filter((s) => s.name === name);
    expect(both.map((s) => s.teamId).sort()).toEqual([teamId, callers.editor.id].sort());
    expect(new Set(seen.map((s) => `${s.teamId} ${s.name}`)).size).toBe(seen.length); // none twice
    const counts = (await invoke(collection.GET, "GET", "/api/v1/schedules", { auth: callers.editor.auth })).json.counts;
    expect(counts.all).toBe(seen.length);
  });
}
