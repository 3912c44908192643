// The audit log, on whichever database the calling file sets up: every write path (REST with an
// API token or a signed-in user's JWT, the assistant) leaves exactly one row naming its actor; a
// write that fails leaves none, and an audit row that cannot be written undoes its change; no
// secret reaches it; and it reads newest first, by action and target, to members only.
import { afterAll, beforeAll, expect, test } from "vitest";
import * as collection from "../../app/api/v1/schedules/route";
import * as item from "../../app/api/v1/schedules/[id]/route";
import * as run from "../../app/api/v1/schedules/[id]/run/route";
import * as toggle from "../../app/api/v1/schedules/[id]/toggle/route";
import * as teams from "../../app/api/v1/teams/route";
import * as team from "../../app/api/v1/teams/[teamId]/route";
import * as member from "../../app/api/v1/teams/[teamId]/members/[userId]/route";
import * as invitations from "../../app/api/v1/teams/[teamId]/invitations/route";
import * as accept from "../../app/api/v1/invitations/accept/route";
import * as audit from "../../app/api/v1/teams/[teamId]/audit/route";
import { converse } from "../../lib/assistant/conversation";
import { issueAccessToken } from "../../lib/auth/access-token";
import type { Db } from "../../lib/db/client";
import type { DbTarget } from "../../lib/db/target";
import { createSchedule, deleteSchedule, updateSchedule } from "../../lib/schedules/schedules";
import { teamAccess } from "../../lib/teams/access";
import { scheduleCreateSchema, scheduleUpdateSchema } from "../../lib/validation/schedules";
import { unique } from "../support/databases";
import { invoke, newUser, useDatabase } from "../support/handlers";

type Caller = { id: string; auth: string };

export function auditSuite(target: () => DbTarget) {
  let db: Db;
  beforeAll(async () => {
    db = await useDatabase(target());
  });
  afterAll(async () => {
    await db?.$disconnect();
  });

  const emailOf = async (id: string) => (await db.user.findUniqueOrThrow({ where: { id } })).email;
  // Oldest first; rows of one change share its instant, and are put in action order then.
  const rowsOf = async (teamId: string) =>
    (await db.auditEvent.findMany({ where: { teamId } })).sort((a, b) => a.at.getTime() - b.at.getTime() || a.action.localeCompare(b.action));
  // Separate changes get separate instants (the log's order is by time, to the millisecond).
  const tick = () => new Promise((r) => setTimeout(r, 3));
  const tokenIdOf = async (userId: string) => (await db.apiToken.findFirstOrThrow({ where: { userId } })).id;

  test("each schedule write through the API leaves one row naming the token, and the changes", async () => {
    const user = await newUser(db);
    const [email, tokenId] = [await emailOf(user.id), await tokenIdOf(user.id)];
    const created = await invoke(collection.POST, "POST", "/api/v1/schedules", { auth: user.auth, body: { name: "nightly", cronExpression: "0 3 * * *" } });
    const id = created.json.id as string;
    const params = { id };
    await tick();
    await invoke(item.PATCH, "PATCH", `/api/v1/schedules/${id}`, { auth: user.auth, params, body: { description: "backs up", cronExpression: "0 4 * * *" } });
    await tick();
    await invoke(toggle.PATCH, "PATCH", `/api/v1/schedules/${id}/toggle`, { auth: user.auth, params, body: { isEnabled: false } });
    await invoke(toggle.PATCH, "PATCH", `/api/v1/schedules/${id}/toggle`, { auth: user.auth, params, body: { isEnabled: false } }); // no change, no row
    await tick();
    await invoke(toggle.PATCH, "PATCH", `/api/v1/schedules/${id}/toggle`, { auth: user.auth, params });
    await tick();
    expect((await invoke(run.POST, "POST", `/api/v1/schedules/${id}/run`, { auth: user.auth, params })).status).toBe(202);
    await tick();
    expect((await invoke(item.DELETE, "DELETE", `/api/v1/schedules/${id}`, { auth: user.auth, params })).status).toBe(204);

    const rows = await rowsOf(user.id);
    expect(rows.map((r) => r.action)).toEqual(["schedule.created", "schedule.updated", "schedule.disabled", "schedule.enabled", "schedule.run_requested", "schedule.deleted"]);
    for (const r of rows) expect(r).toMatchObject({ actorType: "token", actorId: tokenId, actorEmail: email, targetType: "schedule", targetId: id, targetName: "nightly" });
    expect(rows[1].changes).toEqual({ description: { from: null, to: "backs up" }, cronExpression: { from: "0 3 * * *", to: "0 4 * * *" } });

    // Read through the API, newest first, as the issue's shape says.
    const read = await invoke(audit.GET, "GET", `/api/v1/teams/${user.id}/audit`, { auth: user.auth, params: { teamId: user.id } });
    expect(read.status).toBe(200);
    expect(read.json.items[0]).toEqual({ id: rows[5].id, at: rows[5].at.toISOString(), actor: { type: "token", id: tokenId, email }, action: "schedule.deleted", target: { type: "schedule", id, name: "nightly" } });
    expect(read.json.items[4].changes).toEqual(rows[1].changes);
  });

  test("a signed-in user (a Bearer JWT) is named as the user; the assistant as the assistant, for its user", async () => {
    const user = await newUser(db);
    const email = await emailOf(user.id);
    const jwt = `Bearer ${await issueAccessToken({ id: user.id, email }, 600)}`;
    expect((await invoke(collection.POST, "POST", "/api/v1/schedules", { auth: jwt, body: { name: "by hand", cronExpression: "0 3 * * *" } })).status).toBe(201);
    await tick();
    const reply = await converse(db, user.id, { message: "create a schedule called report every day at 9am" }, { llm: null });
    expect(reply.actions.some((a) => a.tool === "create_scheduled_task")).toBe(true);
    const rows = await rowsOf(user.id);
    expect(rows.map((r) => [r.action, r.actorType, r.actorId, r.actorEmail])).toEqual([
      ["schedule.created", "user", user.id, email],
      ["schedule.created", "assistant", user.id, email],
    ]);
  });

  test("teams, members and invitations leave their rows; the acceptor is named for joining", async () => {
    const [owner, joiner] = [await newUser(db), await newUser(db)];
    const created = await invoke(teams.POST, "POST", "/api/v1/teams", { auth: owner.auth, body: { name: "Ops" } });
    const teamId = created.json.id as string;
    await tick();
    await invoke(team.PATCH, "PATCH", `/api/v1/teams/${teamId}`, { auth: owner.auth, params: { teamId }, body: { name: "Operations" } });
    await tick();
    const inv = await invoke(invitations.POST, "POST", `/api/v1/teams/${teamId}/invitations`, { auth: owner.auth, params: { teamId }, body: { role: "viewer" } });
    await tick();
    expect((await invoke(accept.POST, "POST", "/api/v1/invitations/accept", { auth: joiner.auth, body: { token: inv.json.token } })).status).toBe(200);
    await tick();
    await invoke(member.PATCH, "PATCH", `/api/v1/teams/${teamId}/members/${joiner.id}`, { auth: owner.auth, params: { teamId, userId: joiner.id }, body: { role: "editor" } });
    await tick();
    await invoke(member.DELETE, "DELETE", `/api/v1/teams/${teamId}/members/${joiner.id}`, { auth: owner.auth, params: { teamId, userId: joiner.id } });

    const rows = await rowsOf(teamId);
    const joinerEmail = await emailOf(joiner.id);
    expect(rows.map((r) => [r.action, r.targetName, r.changes])).toEqual([
      ["team.created", "Ops", null],
      ["team.updated", "Operations", { name: { from: "Ops", to: "Operations" } }],
      ["invitation.created", null, { role: { from: null, to: "viewer" } }],
      ["invitation.accepted", null, null],
      ["member.added", joinerEmail, { role: { from: null, to: "viewer" } }],
      ["member.role_changed", joinerEmail, { role: { from: "viewer", to: "editor" } }],
      ["member.removed", joinerEmail, { role: { from: "editor", to: null } }],
    ]);
    // Accepting is the joiner's doing (with their API token); the rest, the owner's.
    const [ownerToken, joinerToken] = [await tokenIdOf(owner.id), await tokenIdOf(joiner.id)];
    expect(rows.map((r) => (r.actorId === joinerToken ? "joiner" : r.actorId === ownerToken ? "owner" : r.actorId))).toEqual(["owner", "owner", "owner", "joiner", "joiner", "owner", "owner"]);
  });

  test("a write that fails leaves no row; an audit row that cannot be written undoes its change", async () => {
    const user = await newUser(db);
    const created = await invoke(collection.POST, "POST", "/api/v1/schedules", { auth: user.auth, body: { name: "taken", cronExpression: "0 3 * * *" } });
    const before = await db.auditEvent.count({ where: { teamId: user.id } });
    expect((await invoke(collection.POST, "POST", "/api/v1/schedules", { auth: user.auth, body: { name: "taken", cronExpression: "0 3 * * *" } })).status).toBe(409);
    expect((await invoke(item.PATCH, "PATCH", `/api/v1/schedules/${created.json.id}`, { auth: user.auth, params: { id: created.json.id }, body: { cronExpression: "61 * * * *" } })).status).toBe(400);
    expect(await db.auditEvent.count({ where: { teamId: user.id } })).toBe(before);

    // The audit table refusing writes: each change fails whole.
    const broken = db.$extends({
      query: {
        auditEvent: {
          create() {
            throw new Error("the audit log cannot be written");
          },
        },
      },
    }) as unknown as Db;
    const access = await teamAccess(db, { id: user.id, email: await emailOf(user.id) });
    await expect(createSchedule(broken, access, scheduleCreateSchema.parse({ name: "never", cronExpression: "0 3 * * *" }))).rejects.toThrow("audit log");
    await expect(updateSchedule(broken, access, created.json.id, scheduleUpdateSchema.parse({ description: "never" }))).rejects.toThrow("audit log");
    await expect(deleteSchedule(broken, access, created.json.id)).rejects.toThrow("audit log");
    expect(await db.schedule.findMany({ where: { teamId: user.id }, select: { name: true, description: true } })).toEqual([{ name: "taken", description: null }]);
    expect(await db.auditEvent.count({ where: { teamId: user.id } })).toBe(before);
  });

  test("a secret header's value never reaches the audit log", async () => {
    const user = await newUser(db);
    const secret = `s3cr3t-${unique("v")}`;
    const created = await invoke(collection.POST, "POST", "/api/v1/schedules", {
      auth: user.auth,
      body: { name: "hook", cronExpression: "0 3 * * *", entrypoint: "http", payload: { url: "https://example.com/hook", headers: { Authorization: { value: `Bearer ${secret}`, secret: true } } } },
    });
    expect(created.status, JSON.stringify(created.json)).toBe(201);
    const newer = `n3w-${unique("v")}`;
    const patched = await invoke(item.PATCH, "PATCH", `/api/v1/schedules/${created.json.id}`, {
      auth: user.auth,
      params: { id: created.json.id },
      body: { payload: { url: "https://example.com/hook", headers: { Authorization: { value: `Bearer ${newer}`, secret: true } } } },
    });
    expect(patched.status, JSON.stringify(patched.json)).toBe(200);
    const rows = JSON.stringify(await rowsOf(user.id));
    expect(rows).toContain("schedule.updated");
    expect(rows).not.toContain(secret);
    expect(rows).not.toContain(newer);
  });

  test("the log reads newest first, by action and by target, a page at a time, to members only", async () => {
    const [user, outsider] = [await newUser(db), await newUser(db)];
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) {
      await tick();
      ids.push((await invoke(collection.POST, "POST", "/api/v1/schedules", { auth: user.auth, body: { name: `s${i}`, cronExpression: "0 3 * * *" } })).json.id);
    }
    await tick();
    await invoke(toggle.PATCH, "PATCH", `/api/v1/schedules/${ids[1]}/toggle`, { auth: user.auth, params: { id: ids[1] } });
    const params = { teamId: user.id };
    const read = (query: string, auth = user.auth) => invoke(audit.GET, "GET", `/api/v1/teams/${user.id}/audit${query}`, { auth, params });

    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page = await read(`?limit=2${cursor ? `&cursor=${cursor}` : ""}`);
      seen.push(...page.json.items.map((i: { action: string; target: { name: string } }) => `${i.action} ${i.target.name}`));
      cursor = page.json.nextCursor;
    } while (cursor);
    expect(seen).toEqual(["schedule.disabled s1", "schedule.created s2", "schedule.created s1", "schedule.created s0"]);
    expect((await read("?action=schedule.created")).json.items).toHaveLength(3);
    expect((await read(`?targetId=${ids[1]}`)).json.items.map((i: { action: string }) => i.action)).toEqual(["schedule.disabled", "schedule.created"]);
    expect((await read("?action=schedule.exploded")).status).toBe(400);
    expect((await read("", outsider.auth)).status).toBe(404);
  });
}
