// Another team's rows, attacked with fuzzed ids and team ids through every team-scoped endpoint:
// an outsider (with their own account, teams and schedules) never reads, lists or changes a row
// of the victim team. Every answer is a 4xx, or a 2xx about the outsider's own rows only.
import fc from "fast-check";
import { afterAll, beforeAll, expect, test } from "vitest";
import * as schedules from "../../app/api/v1/schedules/route";
import * as schedule from "../../app/api/v1/schedules/[id]/route";
import * as run from "../../app/api/v1/schedules/[id]/run/route";
import * as scheduleRuns from "../../app/api/v1/schedules/[id]/runs/route";
import * as toggle from "../../app/api/v1/schedules/[id]/toggle/route";
import * as allRuns from "../../app/api/v1/runs/route";
import * as team from "../../app/api/v1/teams/[teamId]/route";
import * as members from "../../app/api/v1/teams/[teamId]/members/route";
import * as member from "../../app/api/v1/teams/[teamId]/members/[userId]/route";
import * as invitations from "../../app/api/v1/teams/[teamId]/invitations/route";
import * as audit from "../../app/api/v1/teams/[teamId]/audit/route";
import type { Db } from "../../lib/db/client";
import { invoke, newUser, sqliteFor, useDatabase } from "../support/handlers";

let db: Db;
let owner: { id: string; auth: string };
let outsider: { id: string; auth: string };
let victimTeam: string;
let victimSchedule: string;
let snapshot: unknown;

const state = async () => ({
  team: await db.team.findUnique({ where: { id: victimTeam } }),
  members: await db.membership.findMany({ where: { teamId: victimTeam }, orderBy: { userId: "asc" } }),
  schedules: await db.schedule.findMany({ where: { teamId: victimTeam }, orderBy: { id: "asc" } }),
  runs: await db.run.count({ where: { schedule: { teamId: victimTeam } } }),
  invitations: await db.invitation.count({ where: { teamId: victimTeam } }),
});

beforeAll(async () => {
  db = await useDatabase(sqliteFor("team-isolation"));
  [owner, outsider] = [await newUser(db), await newUser(db)];
  victimTeam = (await db.team.create({ data: { name: "Victims", memberships: { create: { userId: owner.id, role: "owner" } } } })).id;
  victimSchedule = (await invoke(schedules.POST, "POST", "/api/v1/schedules", { auth: owner.auth, body: { teamId: victimTeam, name: "secret job", cronExpression: "0 0 * * *" } })).json.id;
  // The outsider has rows of their own, which they may see.
  await invoke(schedules.POST, "POST", "/api/v1/schedules", { auth: outsider.auth, body: { name: "mine", cronExpression: "0 0 * * *" } });
  snapshot = await state();
});
afterAll(async () => {
  await db?.$disconnect();
});

// Ids that are close to the real ones, random, or the real ones themselves.
const idLike = (real: () => string) =>
  fc.oneof(
    fc.constant(null).map(() => real()),
    fc.string({ maxLength: 60 }),
    fc.uuid(),
    fc.constant(null).map(() => real().toUpperCase()),
    fc.constant(null).map(() => `${real()} `),
    fc.constantFrom("%", "*", "' OR '1'='1", "../", "null", "undefined"),
  );

test("fuzzed schedule and team ids, as an outsider: nothing of the victim team is read, listed or changed", async () => {
  await fc.assert(
    fc.asyncProperty(idLike(() => victimSchedule), idLike(() => victimTeam), idLike(() => owner.id), async (id, teamId, userId) => {
      const auth = outsider.auth;
      const answers = [
        await invoke(schedule.GET, "GET", "/api/v1/schedules/x", { auth, params: { id } }),
        await invoke(schedule.PATCH, "PATCH", "/api/v1/schedules/x", { auth, params: { id }, body: { description: "pwned" } }),
        await invoke(toggle.PATCH, "PATCH", "/api/v1/schedules/x/toggle", { auth, params: { id } }),
        await invoke(run.POST, "POST", "/api/v1/schedules/x/run", { auth, params: { id } }),
        await invoke(scheduleRuns.GET, "GET", "/api/v1/schedules/x/runs", { auth, params: { id } }),
        await invoke(schedule.DELETE, "DELETE", "/api/v1/schedules/x", { auth, params: { id } }),
        await invoke(schedules.GET, "GET", `/api/v1/schedules?teamId=${encodeURIComponent(teamId)}`, { auth }),
        await invoke(schedules.POST, "POST", "/api/v1/schedules", { auth, body: { teamId, name: "planted", cronExpression: "0 0 * * *" } }),
        await invoke(allRuns.GET, "GET", `/api/v1/runs?teamId=${encodeURIComponent(teamId)}`, { auth }),
        await invoke(team.GET, "GET", "/api/v1/teams/x", { auth, params: { teamId } }),
        await invoke(team.PATCH, "PATCH", "/api/v1/teams/x", { auth, params: { teamId }, body: { name: "pwned" } }),
        await invoke(team.DELETE, "DELETE", "/api/v1/teams/x", { auth, params: { teamId } }),
        await invoke(members.GET, "GET", "/api/v1/teams/x/members", { auth, params: { teamId } }),
        await invoke(member.PATCH, "PATCH", "/api/v1/teams/x/members/y", { auth, params: { teamId, userId }, body: { role: "viewer" } }),
        await invoke(member.DELETE, "DELETE", "/api/v1/teams/x/members/y", { auth, params: { teamId, userId } }),
        await invoke(invitations.POST, "POST", "/api/v1/teams/x/invitations", { auth, params: { teamId }, body: { role: "owner" } }),
        await invoke(audit.GET, "GET", "/api/v1/teams/x/audit", { auth, params: { teamId } }),
      ];
      for (const a of answers) {
        const context = JSON.stringify({ id, teamId, userId, status: a.status, json: a.json });
        if (a.status < 300) {
          // Only about the outsider's own things: the personal team they may name, its schedules.
          expect(JSON.stringify(a.json), context).not.toMatch(/secret job|Victims/);
          expect(JSON.stringify(a.json), context).not.toContain(victimTeam);
        } else {
          expect(a.status, context).toBeGreaterThanOrEqual(400);
          expect(a.status, context).toBeLessThan(500);
        }
      }
      expect(await state()).toEqual(snapshot);
    }),
    { numRuns: 40 },
  );
}, 120_000);
