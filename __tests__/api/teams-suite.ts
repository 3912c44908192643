// The teams API, handler by handler, on whichever database the calling file sets up: teams,
// members and roles, who may do what, and a team never left without an owner.
import { beforeAll, afterAll, expect, test } from "vitest";
import * as collection from "../../app/api/v1/teams/route";
import * as item from "../../app/api/v1/teams/[teamId]/route";
import * as members from "../../app/api/v1/teams/[teamId]/members/route";
import * as member from "../../app/api/v1/teams/[teamId]/members/[userId]/route";
import * as schedules from "../../app/api/v1/schedules/route";
import * as schedule from "../../app/api/v1/schedules/[id]/route";
import * as invitations from "../../app/api/v1/teams/[teamId]/invitations/route";
import * as invitation from "../../app/api/v1/teams/[teamId]/invitations/[id]/route";
import * as accept from "../../app/api/v1/invitations/accept/route";
import * as tokens from "../../app/api/v1/tokens/route";
import { createInvitation } from "../../lib/teams/invitations";
import { teamAccess } from "../../lib/teams/access";
import type { Db } from "../../lib/db/client";
import type { DbTarget } from "../../lib/db/target";
import type { TeamRole } from "../../lib/teams/roles";
import { unique } from "../support/databases";
import { invoke, newUser, useDatabase } from "../support/handlers";

type Caller = { id: string; auth: string };

export function teamsApiSuite(target: () => DbTarget) {
  let db: Db;
  beforeAll(async () => {
    db = await useDatabase(target());
  });
  afterAll(async () => {
    await db?.$disconnect();
  });

  const createTeam = async (owner: Caller, name = unique("Team")) => {
    const res = await invoke(collection.POST, "POST", "/api/v1/teams", { auth: owner.auth, body: { name } });
    expect(res.status).toBe(201);
    return res.json as { id: string; name: string };
  };
  const add = (teamId: string, userId: string, role: TeamRole) => db.membership.create({ data: { teamId, userId, role } });
  const setRole = (as: Caller, teamId: string, userId: string, role: string) =>
    invoke(member.PATCH, "PATCH", `/api/v1/teams/${teamId}/members/${userId}`, { auth: as.auth, params: { teamId, userId }, body: { role } });
  const remove = (as: Caller, teamId: string, userId: string) => invoke(member.DELETE, "DELETE", `/api/v1/teams/${teamId}/members/${userId}`, { auth: as.auth, params: { teamId, userId } });

  test("every account has its personal team; a new team lists beside it with the creator as owner", async () => {
    const ada = await newUser(db);
    const mine = await invoke(collection.GET, "GET", "/api/v1/teams", { auth: ada.auth });
    expect(mine.json.items).toEqual([expect.objectContaining({ id: ada.id, role: "owner", personal: true })]);
    const created = await invoke(collection.POST, "POST", "/api/v1/teams", { auth: ada.auth, body: { name: "  Platform  " } });
    expect(created.status).toBe(201);
    expect(created.json).toEqual({ id: expect.any(String), name: "Platform", role: "owner", personal: false });
    expect(created.headers.get("location")).toBe(`/api/v1/teams/${created.json.id}`);
    const both = await invoke(collection.GET, "GET", "/api/v1/teams", { auth: ada.auth });
    expect(both.json.items.map((t: { id: string }) => t.id).sort()).toEqual([ada.id, created.json.id].sort());
    for (const body of [{}, { name: "" }, { name: "x".repeat(101) }, { name: "ok", extra: 1 }]) {
      const bad = await invoke(collection.POST, "POST", "/api/v1/teams", { auth: ada.auth, body });
      expect(bad.status).toBe(400);
      expect(bad.json.error.code).toBe("validation_error");
    }
  });

  test("a team is a 404 to someone outside it, whatever they ask", async () => {
    const [owner, outsider] = [await newUser(db), await newUser(db)];
    const team = await createTeam(owner);
    const params = { teamId: team.id };
    expect((await invoke(item.GET, "GET", `/api/v1/teams/${team.id}`, { auth: outsider.auth, params })).status).toBe(404);
    expect((await invoke(item.PATCH, "PATCH", `/api/v1/teams/${team.id}`, { auth: outsider.auth, params, body: { name: "mine now" } })).status).toBe(404);
    expect((await invoke(item.DELETE, "DELETE", `/api/v1/teams/${team.id}`, { auth: outsider.auth, params })).status).toBe(404);
    expect((await invoke(members.GET, "GET", `/api/v1/teams/${team.id}/members`, { auth: outsider.auth, params })).status).toBe(404);
    expect((await setRole(outsider, team.id, owner.id, "viewer")).status).toBe(404);
    expect((await remove(outsider, team.id, owner.id)).status).toBe(404);
    expect(await db.team.findUnique({ where: { id: team.id }, select: { name: true } })).toEqual({ name: team.name });
    expect(await db.membership.count({ where: { teamId: team.id } })).toBe(1);
  });

  test("members and their roles; only owners rename or delete, and a personal team is not deleted", async () => {
    const [owner, admin, viewer] = [await newUser(db), await newUser(db), await newUser(db)];
    const team = await createTeam(owner);
    await add(team.id, admin.id, "admin");
    await add(team.id, viewer.id, "viewer");
    const params = { teamId: team.id };

    const listed = await invoke(members.GET, "GET", `/api/v1/teams/${team.id}/members`, { auth: viewer.auth, params });
    expect(listed.status).toBe(200);
    expect(listed.json.items.map((m: { userId: string; role: string }) => [m.userId, m.role]).sort()).toEqual(
      [
        [owner.id, "owner"],
        [admin.id, "admin"],
        [viewer.id, "viewer"],
      ].sort(),
    );
    expect(listed.json.items[0]).toEqual({ userId: expect.any(String), email: expect.stringContaining("@example.com"), name: null, role: expect.any(String) });
    expect((await invoke(item.GET, "GET", `/api/v1/teams/${team.id}`, { auth: viewer.auth, params })).json).toMatchObject({ id: team.id, role: "viewer" });

    const renamedByAdmin = await invoke(item.PATCH, "PATCH", `/api/v1/teams/${team.id}`, { auth: admin.auth, params, body: { name: "nope" } });
    expect(renamedByAdmin.status).toBe(403);
    expect(renamedByAdmin.json.error.message).toMatch(/needs the owner role in this team.*you are an admin/);
    expect((await invoke(item.PATCH, "PATCH", `/api/v1/teams/${team.id}`, { auth: owner.auth, params, body: { name: "Renamed" } })).json).toMatchObject({ name: "Renamed", role: "owner" });

    const personal = await invoke(item.DELETE, "DELETE", `/api/v1/teams/${owner.id}`, { auth: owner.auth, params: { teamId: owner.id } });
    expect(personal.status).toBe(409);
    expect(personal.json.error.message).toMatch(/personal team cannot be deleted/);

    // Deleting the team takes its schedules (and their runs) with it.
    const made = await invoke(schedules.POST, "POST", "/api/v1/schedules", { auth: admin.auth, body: { teamId: team.id, name: "nightly", cronExpression: "0 3 * * *" } });
    expect(made.status).toBe(201);
    expect((await invoke(item.DELETE, "DELETE", `/api/v1/teams/${team.id}`, { auth: admin.auth, params })).status).toBe(403);
    expect((await invoke(item.DELETE, "DELETE", `/api/v1/teams/${team.id}`, { auth: owner.auth, params })).status).toBe(204);
    expect(await db.schedule.count({ where: { id: made.json.id } })).toBe(0);
    expect((await invoke(schedule.GET, "GET", `/api/v1/schedules/${made.json.id}`, { auth: owner.auth, params: { id: made.json.id } })).status).toBe(404);
  });

  test("admins manage members up to admin; only owners make or unmake owners", async () => {
    const [owner, admin, editor] = [await newUser(db), await newUser(db), await newUser(db)];
    const team = await createTeam(owner);
    await add(team.id, admin.id, "admin");
    await add(team.id, editor.id, "editor");

    expect((await setRole(admin, team.id, editor.id, "viewer")).json).toMatchObject({ userId: editor.id, role: "viewer" });
    const toOwner = await setRole(admin, team.id, editor.id, "owner");
    expect(toOwner.status).toBe(403);
    expect(toOwner.json.error.message).toMatch(/Only an owner may make someone an owner/);
    expect((await setRole(admin, team.id, owner.id, "viewer")).status).toBe(403);
    expect((await setRole(editor, team.id, editor.id, "admin")).status).toBe(403); // a viewer now
    expect((await setRole(owner, team.id, editor.id, "chief")).status).toBe(400);
    expect((await setRole(owner, team.id, "no-such-user", "viewer")).status).toBe(404);
    expect((await setRole(owner, team.id, admin.id, "owner")).json).toMatchObject({ role: "owner" });
    expect(await db.membership.findMany({ where: { teamId: team.id }, orderBy: { role: "asc" }, select: { userId: true, role: true } })).toEqual(
      expect.arrayContaining([
        { userId: owner.id, role: "owner" },
        { userId: admin.id, role: "owner" },
        { userId: editor.id, role: "viewer" },
      ]),
    );
  });

  test("removing a member, and leaving: the last owner can do neither, and a removed member sees nothing more", async () => {
    const [owner, admin, editor, viewer] = [await newUser(db), await newUser(db), await newUser(db), await newUser(db)];
    const team = await createTeam(owner);
    await add(team.id, admin.id, "admin");
    await add(team.id, editor.id, "editor");
    await add(team.id, viewer.id, "viewer");
    const made = await invoke(schedules.POST, "POST", "/api/v1/schedules", { auth: owner.auth, body: { teamId: team.id, name: "shared", cronExpression: "0 3 * * *" } });

    expect((await remove(viewer, team.id, editor.id)).status).toBe(403);
    expect((await remove(admin, team.id, owner.id)).status).toBe(403);
    expect((await remove(admin, team.id, editor.id)).status).toBe(204);
    expect((await invoke(schedule.GET, "GET", `/api/v1/schedules/${made.json.id}`, { auth: editor.auth, params: { id: made.json.id } })).status).toBe(404);
    expect((await remove(viewer, team.id, viewer.id)).status).toBe(204); // leaving

    const lastOwner = await remove(owner, team.id, owner.id);
    expect(lastOwner.status).toBe(409);
    expect(lastOwner.json.error.message).toMatch(/last owner/);
    const demoted = await setRole(owner, team.id, owner.id, "admin");
    expect(demoted.status).toBe(409);
    expect(await db.membership.findUnique({ where: { teamId_userId: { teamId: team.id, userId: owner.id } }, select: { role: true } })).toEqual({ role: "owner" });
  });

  test("two owners stepping down at once: one does, the other is refused, and the team keeps an owner", async () => {
    const [a, b] = [await newUser(db), await newUser(db)];
    const team = await createTeam(a);
    await add(team.id, b.id, "owner");
    const results = await Promise.all([setRole(a, team.id, a.id, "editor"), setRole(b, team.id, b.id, "editor")]);
    expect(results.map((r) => r.status).sort()).toEqual([200, 409]);
    expect(await db.membership.count({ where: { teamId: team.id, role: "owner" } })).toBe(1);
  });

  const invite = (as: Caller, teamId: string, body: unknown) => invoke(invitations.POST, "POST", `/api/v1/teams/${teamId}/invitations`, { auth: as.auth, params: { teamId }, body });
  const acceptAs = (as: Caller, token: string) => invoke(accept.POST, "POST", "/api/v1/invitations/accept", { auth: as.auth, body: { token } });

  test("an invitation by link: made by an admin, shown once, stored hashed, accepted once", async () => {
    const [owner, admin, viewer, outsider, joiner, late] = await Promise.all(Array.from({ length: 6 }, () => newUser(db)));
    const team = await createTeam(owner);
    await add(team.id, admin.id, "admin");
    await add(team.id, viewer.id, "viewer");

    expect((await invite(viewer, team.id, { role: "editor" })).status).toBe(403);
    expect((await invite(outsider, team.id, { role: "editor" })).status).toBe(404);
    const asOwner = await invite(admin, team.id, { role: "owner" });
    expect(asOwner.status).toBe(403);
    expect(asOwner.json.error.message).toMatch(/Only an owner may invite an owner/);
    expect((await invite(admin, team.id, { role: "chief" })).status).toBe(400);

    const made = await invite(admin, team.id, { role: "editor" });
    expect(made.status).toBe(201);
    expect(made.json).toEqual({ id: expect.any(String), token: expect.stringMatching(/^inv_[\w-]{43}$/), url: expect.stringContaining(`/invitations/${made.json.token}`), expiresAt: expect.any(String) });
    const days = (Date.parse(made.json.expiresAt) - Date.now()) / 86_400_000;
    expect(days).toBeGreaterThan(6.9);
    expect(days).toBeLessThanOrEqual(7);
    const stored = await db.invitation.findUniqueOrThrow({ where: { id: made.json.id } });
    expect(JSON.stringify(stored)).not.toContain(made.json.token);

    const pending = await invoke(invitations.GET, "GET", `/api/v1/teams/${team.id}/invitations`, { auth: admin.auth, params: { teamId: team.id } });
    expect(pending.json.items).toEqual([expect.objectContaining({ id: made.json.id, email: null, role: "editor" })]);
    expect(JSON.stringify(pending.json)).not.toContain(made.json.token);
    expect((await invoke(invitations.GET, "GET", `/api/v1/teams/${team.id}/invitations`, { auth: viewer.auth, params: { teamId: team.id } })).status).toBe(403);

    expect((await acceptAs(joiner, "inv_nope")).status).toBe(404);
    const joined = await acceptAs(joiner, made.json.token);
    expect(joined.status).toBe(200);
    expect(joined.json).toEqual({ teamId: team.id, role: "editor" });
    expect((await invoke(collection.GET, "GET", "/api/v1/teams", { auth: joiner.auth })).json.items).toEqual(expect.arrayContaining([expect.objectContaining({ id: team.id, role: "editor" })]));
    const again = await acceptAs(late, made.json.token);
    expect(again.status).toBe(410);
    expect(again.json.error.message).toMatch(/already used/);
    expect(await db.membership.count({ where: { teamId: team.id, userId: late.id } })).toBe(0);
    expect((await invoke(invitations.GET, "GET", `/api/v1/teams/${team.id}/invitations`, { auth: admin.auth, params: { teamId: team.id } })).json.items).toEqual([]);
  });

  test("an invitation for an email, revoked, expired, or for a member already: each refused with its reason", async () => {
    const [owner, right, wrong] = await Promise.all(Array.from({ length: 3 }, () => newUser(db)));
    const team = await createTeam(owner);
    const rightEmail = (await db.user.findUniqueOrThrow({ where: { id: right.id } })).email;

    const forRight = await invite(owner, team.id, { email: rightEmail.toUpperCase(), role: "viewer" });
    expect(forRight.status).toBe(201);
    const refused = await acceptAs(wrong, forRight.json.token);
    expect(refused.status).toBe(403);
    expect(refused.json.error.message).toMatch(/for another email address/);
    expect((await acceptAs(right, forRight.json.token)).status).toBe(200);

    const revoked = await invite(owner, team.id, { role: "viewer" });
    const params = { teamId: team.id, id: revoked.json.id };
    expect((await invoke(invitation.DELETE, "DELETE", `/api/v1/teams/${team.id}/invitations/${revoked.json.id}`, { auth: wrong.auth, params })).status).toBe(404);
    expect((await invoke(invitation.DELETE, "DELETE", `/api/v1/teams/${team.id}/invitations/${revoked.json.id}`, { auth: owner.auth, params })).status).toBe(204);
    expect((await invoke(invitation.DELETE, "DELETE", `/api/v1/teams/${team.id}/invitations/${revoked.json.id}`, { auth: owner.auth, params })).status).toBe(404);
    const afterRevoke = await acceptAs(wrong, revoked.json.token);
    expect(afterRevoke.status).toBe(410);
    expect(afterRevoke.json.error.message).toMatch(/revoked/);

    const expired = await createInvitation(db, await teamAccess(db, await db.user.findUniqueOrThrow({ where: { id: owner.id } })), team.id, { role: "viewer" }, "http://localhost", new Date(Date.now() - 8 * 86_400_000));
    const afterExpiry = await acceptAs(wrong, expired.token);
    expect(afterExpiry.status).toBe(410);
    expect(afterExpiry.json.error.message).toMatch(/expired/);

    const member = await invite(owner, team.id, { role: "admin" });
    const already = await acceptAs(right, member.json.token);
    expect(already.status).toBe(409);
    expect(already.json.error.message).toMatch(/already a member/);
    expect(await db.membership.findUnique({ where: { teamId_userId: { teamId: team.id, userId: right.id } }, select: { role: true } })).toEqual({ role: "viewer" });
  });

  test("one link accepted by two people at once makes one member", async () => {
    const [owner, a, b] = await Promise.all(Array.from({ length: 3 }, () => newUser(db)));
    const team = await createTeam(owner);
    const { json } = await invite(owner, team.id, { role: "viewer" });
    const results = await Promise.all([acceptAs(a, json.token), acceptAs(b, json.token)]);
    expect(results.map((r) => r.status).sort()).toEqual([200, 410]);
    expect(await db.membership.count({ where: { teamId: team.id } })).toBe(2);
  });

  test("a team-bound token acts only in its team, with at most its role, never above its creator's current role", async () => {
    const [owner, admin, editor] = [await newUser(db), await newUser(db), await newUser(db)];
    const team = await createTeam(owner);
    await add(team.id, admin.id, "admin");
    await add(team.id, editor.id, "editor");
    const mint = (as: Caller, body: unknown) => invoke(tokens.POST, "POST", "/api/v1/tokens", { auth: as.auth, body });

    expect((await mint(editor, { name: "ci", teamId: team.id })).status).toBe(403); // the team's tokens are admins' to make
    const above = await mint(admin, { name: "ci", teamId: team.id, role: "owner" });
    expect(above.status).toBe(403);
    expect(above.json.error.message).toMatch(/may not be above yours: you are an admin/);
    expect((await mint(admin, { name: "ci", role: "viewer" })).status).toBe(400);
    expect((await mint(admin, { name: "ci", teamId: "no-such-team" })).status).toBe(404);

    const made = await mint(admin, { name: "deploys", teamId: team.id, role: "editor" });
    expect(made.status).toBe(201);
    expect(made.json).toMatchObject({ name: "deploys", teamId: team.id, role: "editor" });
    const bound = `Bearer ${made.json.token}`;

    // In its team, as an editor; a create without teamId goes there.
    const created = await invoke(schedules.POST, "POST", "/api/v1/schedules", { auth: bound, body: { name: "deploy", cronExpression: "0 3 * * *" } });
    expect(created.status).toBe(201);
    expect(created.json.teamId).toBe(team.id);
    // Nowhere else: not even its creator's personal team.
    const personal = await invoke(schedules.POST, "POST", "/api/v1/schedules", { auth: admin.auth, body: { name: "mine", cronExpression: "0 3 * * *" } });
    expect((await invoke(schedule.GET, "GET", `/api/v1/schedules/${personal.json.id}`, { auth: bound, params: { id: personal.json.id } })).status).toBe(404);
    expect((await invoke(schedules.GET, "GET", "/api/v1/schedules?limit=200", { auth: bound })).json.items.map((s: { teamId: string }) => s.teamId)).toEqual([team.id]);
    expect((await invoke(collection.GET, "GET", "/api/v1/teams", { auth: bound })).json.items.map((t: { id: string; role: string }) => [t.id, t.role])).toEqual([[team.id, "editor"]]);
    // Its role caps it: an editor's token cannot manage members.
    expect((await setRole({ id: admin.id, auth: bound }, team.id, editor.id, "viewer")).status).toBe(403);

    // Its creator demoted: the token can no longer write; removed: it no longer sees the team.
    await setRole(owner, team.id, admin.id, "viewer");
    const refused = await invoke(schedule.PATCH, "PATCH", `/api/v1/schedules/${created.json.id}`, { auth: bound, params: { id: created.json.id }, body: { description: "x" } });
    expect(refused.status).toBe(403);
    expect(refused.json.error.message).toMatch(/you are a viewer/);
    await remove(owner, team.id, admin.id);
    expect((await invoke(schedule.GET, "GET", `/api/v1/schedules/${created.json.id}`, { auth: bound, params: { id: created.json.id } })).status).toBe(404);

    expect(await db.auditEvent.findMany({ where: { teamId: team.id, action: "token.created" }, select: { targetName: true, actorId: true, changes: true } })).toEqual([
      { targetName: "deploys", actorId: (await db.apiToken.findFirstOrThrow({ where: { userId: admin.id, teamId: null } })).id, changes: { role: { from: null, to: "editor" } } },
    ]);
  });
}
