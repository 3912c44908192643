// Every team-scoped /api/v1 endpoint × every kind of caller: owner, admin, editor, viewer, someone
// outside the team, an owner's token bound to another team, and an editor's token capped at
// viewer. The status each must get follows from one rule (lib/teams/roles.ts): outside the team
// (or bound elsewhere) a 404, below the endpoint's role a 403, else its success. Each case runs on
// a team of its own, so a delete in one cannot change another's answer.
import { afterAll, beforeAll, describe, expect, test } from "vitest";
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
import * as invitation from "../../app/api/v1/teams/[teamId]/invitations/[id]/route";
import * as audit from "../../app/api/v1/teams/[teamId]/audit/route";
import * as tokens from "../../app/api/v1/tokens/route";
import { createApiToken } from "../../lib/auth/api-tokens";
import type { Db } from "../../lib/db/client";
import type { DbTarget } from "../../lib/db/target";
import { roleAtLeast, type TeamRole } from "../../lib/teams/roles";
import { unique } from "../support/databases";
import { invoke, newUser, useDatabase } from "../support/handlers";

type Caller = { id: string; auth: string };
type Kind = TeamRole | "outsider" | "token for another team" | "viewer token of an editor";
const KINDS: Kind[] = ["owner", "admin", "editor", "viewer", "outsider", "token for another team", "viewer token of an editor"];
/** The role a caller of this kind holds in the team, or null when the team is hidden from them. */
const EFFECTIVE: Record<Kind, TeamRole | null> = { owner: "owner", admin: "admin", editor: "editor", viewer: "viewer", outsider: null, "token for another team": null, "viewer token of an editor": "viewer" };

type Fixture = { teamId: string; scheduleId: string; targetUserId: string; invitationId: string; callers: Record<Kind, Caller> };
type Endpoint = { name: string; needs: TeamRole; ok: number; call: (f: Fixture, as: Caller) => Promise<{ status: number; json: Record<string, unknown> }> };

const ENDPOINTS: Endpoint[] = [
  { name: "GET /schedules/{id}", needs: "viewer", ok: 200, call: (f, as) => invoke(schedule.GET, "GET", "/x", { auth: as.auth, params: { id: f.scheduleId } }) },
  { name: "GET /schedules?teamId=", needs: "viewer", ok: 200, call: (f, as) => invoke(schedules.GET, "GET", `/api/v1/schedules?teamId=${f.teamId}`, { auth: as.auth }) },
  { name: "GET /schedules/{id}/runs", needs: "viewer", ok: 200, call: (f, as) => invoke(scheduleRuns.GET, "GET", "/x", { auth: as.auth, params: { id: f.scheduleId } }) },
  { name: "GET /runs?teamId=", needs: "viewer", ok: 200, call: (f, as) => invoke(allRuns.GET, "GET", `/api/v1/runs?teamId=${f.teamId}`, { auth: as.auth }) },
  { name: "POST /schedules {teamId}", needs: "editor", ok: 201, call: (f, as) => invoke(schedules.POST, "POST", "/x", { auth: as.auth, body: { teamId: f.teamId, name: unique("m"), cronExpression: "0 3 * * *" } }) },
  { name: "PATCH /schedules/{id}", needs: "editor", ok: 200, call: (f, as) => invoke(schedule.PATCH, "PATCH", "/x", { auth: as.auth, params: { id: f.scheduleId }, body: { description: "d" } }) },
  { name: "PATCH /schedules/{id}/toggle", needs: "editor", ok: 200, call: (f, as) => invoke(toggle.PATCH, "PATCH", "/x", { auth: as.auth, params: { id: f.scheduleId } }) },
  { name: "POST /schedules/{id}/run", needs: "editor", ok: 202, call: (f, as) => invoke(run.POST, "POST", "/x", { auth: as.auth, params: { id: f.scheduleId } }) },
  { name: "DELETE /schedules/{id}", needs: "editor", ok: 204, call: (f, as) => invoke(schedule.DELETE, "DELETE", "/x", { auth: as.auth, params: { id: f.scheduleId } }) },
  { name: "GET /teams/{id}", needs: "viewer", ok: 200, call: (f, as) => invoke(team.GET, "GET", "/x", { auth: as.auth, params: { teamId: f.teamId } }) },
  { name: "PATCH /teams/{id}", needs: "owner", ok: 200, call: (f, as) => invoke(team.PATCH, "PATCH", "/x", { auth: as.auth, params: { teamId: f.teamId }, body: { name: "renamed" } }) },
  { name: "DELETE /teams/{id}", needs: "owner", ok: 204, call: (f, as) => invoke(team.DELETE, "DELETE", "/x", { auth: as.auth, params: { teamId: f.teamId } }) },
  { name: "GET /teams/{id}/members", needs: "viewer", ok: 200, call: (f, as) => invoke(members.GET, "GET", "/x", { auth: as.auth, params: { teamId: f.teamId } }) },
  { name: "PATCH /teams/{id}/members/{userId}", needs: "admin", ok: 200, call: (f, as) => invoke(member.PATCH, "PATCH", "/x", { auth: as.auth, params: { teamId: f.teamId, userId: f.targetUserId }, body: { role: "editor" } }) },
  { name: "DELETE /teams/{id}/members/{userId}", needs: "admin", ok: 204, call: (f, as) => invoke(member.DELETE, "DELETE", "/x", { auth: as.auth, params: { teamId: f.teamId, userId: f.targetUserId } }) },
  { name: "GET /teams/{id}/invitations", needs: "admin", ok: 200, call: (f, as) => invoke(invitations.GET, "GET", "/x", { auth: as.auth, params: { teamId: f.teamId } }) },
  { name: "POST /teams/{id}/invitations", needs: "admin", ok: 201, call: (f, as) => invoke(invitations.POST, "POST", "/x", { auth: as.auth, params: { teamId: f.teamId }, body: { role: "viewer" } }) },
  { name: "DELETE /teams/{id}/invitations/{id}", needs: "admin", ok: 204, call: (f, as) => invoke(invitation.DELETE, "DELETE", "/x", { auth: as.auth, params: { teamId: f.teamId, id: f.invitationId } }) },
  { name: "GET /teams/{id}/audit", needs: "viewer", ok: 200, call: (f, as) => invoke(audit.GET, "GET", "/x", { auth: as.auth, params: { teamId: f.teamId } }) },
  { name: "POST /tokens {teamId}", needs: "admin", ok: 201, call: (f, as) => invoke(tokens.POST, "POST", "/x", { auth: as.auth, body: { name: "bound", teamId: f.teamId } }) },
];

export function teamMatrixSuite(target: () => DbTarget) {
  let db: Db;
  beforeAll(async () => {
    db = await useDatabase(target());
  });
  afterAll(async () => {
    await db?.$disconnect();
  });

  /** A team of its own: its owner, an admin, an editor, a viewer, a plain member to act on, a schedule, a pending invitation. */
  async function fixture(): Promise<Fixture> {
    const callers = {} as Record<Kind, Caller>;
    const teamId = (await db.team.create({ data: { name: unique("Matrix") } })).id;
    for (const role of ["owner", "admin", "editor", "viewer"] as const) {
      callers[role] = await newUser(db);
      await db.membership.create({ data: { teamId, userId: callers[role].id, role } });
    }
    const target = await newUser(db);
    await db.membership.create({ data: { teamId, userId: target.id, role: "viewer" } });
    callers.outsider = await newUser(db);
    const bound = async (userId: string, data: { teamId: string; role?: TeamRole }) => ({ id: userId, auth: `Bearer ${(await createApiToken(db, userId, { name: "bound", ...data })).token}` });
    callers["token for another team"] = await bound(callers.owner.id, { teamId: callers.owner.id });
    callers["viewer token of an editor"] = await bound(callers.editor.id, { teamId, role: "viewer" });
    const scheduleId = (await db.schedule.create({ data: { teamId, name: unique("job"), cronExpression: "0 3 * * *", isEnabled: false } })).id;
    const invitationId = (await db.invitation.create({ data: { teamId, role: "viewer", tokenHash: unique("hash"), expiresAt: new Date(Date.now() + 86_400_000) } })).id;
    return { teamId, scheduleId, targetUserId: target.id, invitationId, callers };
  }

  describe.each(KINDS)("as %s", (kind) => {
    test.each(ENDPOINTS.map((e) => [e.name, e] as const))("%s", async (_name, endpoint) => {
      const f = await fixture();
      const role = EFFECTIVE[kind];
      const expected = role === null ? 404 : roleAtLeast(role, endpoint.needs) ? endpoint.ok : 403;
      const answer = await endpoint.call(f, f.callers[kind]);
      expect(answer.status, JSON.stringify(answer.json)).toBe(expected);
      if (expected === 403) expect(String((answer.json.error as { message?: string })?.message)).toMatch(new RegExp(`needs the ${endpoint.needs} role`));
    });
  });
}
