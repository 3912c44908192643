// The alerts API, handler by handler, on whichever database the calling file sets up: channels
// (masked secrets, roles, tests against real receivers and a real SMTP server, rotating a
// webhook's secret), a schedule's alert rules and the team's defaults, and alert history.
import { Webhook } from "standardwebhooks";
import { afterAll, beforeAll, expect, test } from "vitest";
import * as channelsRoute from "../../app/api/v1/teams/[teamId]/channels/route";
import * as channelRoute from "../../app/api/v1/teams/[teamId]/channels/[channelId]/route";
import * as testRoute from "../../app/api/v1/teams/[teamId]/channels/[channelId]/test/route";
import * as rotateRoute from "../../app/api/v1/teams/[teamId]/channels/[channelId]/rotate-secret/route";
import * as settingsRoute from "../../app/api/v1/teams/[teamId]/alert-settings/route";
import * as teamAlertsRoute from "../../app/api/v1/teams/[teamId]/alerts/route";
import * as scheduleAlertsRoute from "../../app/api/v1/schedules/[id]/alerts/route";
import * as schedulesRoute from "../../app/api/v1/schedules/route";
import * as scheduleRoute from "../../app/api/v1/schedules/[id]/route";
import * as teamsRoute from "../../app/api/v1/teams/route";
import type { Db } from "../../lib/db/client";
import type { DbTarget } from "../../lib/db/target";
import type { TeamRole } from "../../lib/teams/roles";
import { startReceiver, startSmtpServer, subjectOf } from "../support/alerts";
import { unique } from "../support/databases";
import { invoke, newUser, useDatabase } from "../support/handlers";

type Caller = { id: string; auth: string };

export function alertsApiSuite(target: () => DbTarget) {
  let db: Db;
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  let smtp: Awaited<ReturnType<typeof startSmtpServer>>;
  let status = 200;

  beforeAll(async () => {
    smtp = await startSmtpServer();
    // Read by env() at the first request: email channels need the operator's SMTP server.
    process.env.SMTP_URL = smtp.url;
    process.env.SMTP_FROM = "Almanac <alerts@example.com>";
    db = await useDatabase(target());
    receiver = await startReceiver((_req, res) => res.writeHead(status).end(status === 200 ? "ok" : "the receiver is having a bad day"));
  });
  afterAll(async () => {
    await receiver?.close();
    await smtp?.close();
    await db?.$disconnect();
  });

  const teamOf = async (owner: Caller) => {
    const res = await invoke(teamsRoute.POST, "POST", "/api/v1/teams", { auth: owner.auth, body: { name: unique("Team") } });
    return res.json.id as string;
  };
  const join = (teamId: string, userId: string, role: TeamRole) => db.membership.create({ data: { teamId, userId, role } });
  const create = (as: Caller, teamId: string, body: unknown) => invoke(channelsRoute.POST, "POST", `/api/v1/teams/${teamId}/channels`, { auth: as.auth, params: { teamId }, body });
  const list = (as: Caller, teamId: string) => invoke(channelsRoute.GET, "GET", `/api/v1/teams/${teamId}/channels`, { auth: as.auth, params: { teamId } });
  const patch = (as: Caller, teamId: string, channelId: string, body: unknown) => invoke(channelRoute.PATCH, "PATCH", `/api/v1/teams/${teamId}/channels/${channelId}`, { auth: as.auth, params: { teamId, channelId }, body });
  const sendTest = (as: Caller, teamId: string, channelId: string) => invoke(testRoute.POST, "POST", `/api/v1/teams/${teamId}/channels/${channelId}/test`, { auth: as.auth, params: { teamId, channelId } });
  const webhook = (name = unique("hook")) => ({ name, type: "webhook", config: { url: `${receiver.url}/alerts` } });
  const newSchedule = (as: Caller, body: Record<string, unknown>) => invoke(schedulesRoute.POST, "POST", "/api/v1/schedules", { auth: as.auth, body: { name: unique("s"), cronExpression: "0 3 * * *", ...body } });

  test("a webhook channel: its secret once at creation, signed tests, a rotated secret, and its history", async () => {
    const owner = await newUser(db);
    const teamId = await teamOf(owner);
    const created = await create(owner, teamId, webhook("ops hook"));
    expect(created.status).toBe(201);
    expect(created.json).toMatchObject({ id: expect.any(String), teamId, name: "ops hook", type: "webhook", config: { url: `${receiver.url}/alerts` } });
    expect(created.json.secret).toMatch(/^whsec_[A-Za-z0-9+/]+=*$/);
    const channelId = created.json.id as string;
    const listed = await list(owner, teamId);
    expect(listed.json.items).toEqual([expect.objectContaining({ id: channelId, name: "ops hook" })]);
    expect(JSON.stringify(listed.json)).not.toContain(created.json.secret);
    expect(JSON.stringify(await db.alertChannel.findUniqueOrThrow({ where: { id: channelId } }))).not.toContain(created.json.secret.slice(6)); // sealed at rest

    receiver.received.length = 0;
    status = 200;
    const ok = await sendTest(owner, teamId, channelId);
    expect(ok.status).toBe(200);
    expect(ok.json).toEqual({ delivered: true, status: 200 });
    const [request] = receiver.received;
    const body = new Webhook(created.json.secret).verify(request.body, request.headers as Record<string, string>) as Record<string, unknown>;
    expect(body).toMatchObject({ type: "channel.test", team: { id: teamId }, channel: { id: channelId, name: "ops hook" } });
    expect(request.headers["webhook-id"]).toBe(body.id);

    status = 500;
    const failed = await sendTest(owner, teamId, channelId);
    expect(failed.status).toBe(502);
    expect(failed.json.error.message).toContain("the receiver is having a bad day");
    expect(failed.json.error).toMatchObject({ delivered: false, status: 500 });

    status = 200;
    const rotated = await invoke(rotateRoute.POST, "POST", `/api/v1/teams/${teamId}/channels/${channelId}/rotate-secret`, { auth: owner.auth, params: { teamId, channelId } });
    expect(rotated.status).toBe(200);
    expect(rotated.json.secret).not.toBe(created.json.secret);
    receiver.received.length = 0;
    await sendTest(owner, teamId, channelId);
    const after = receiver.received[0];
    expect(() => new Webhook(created.json.secret).verify(after.body, after.headers as Record<string, string>)).toThrow();
    expect(new Webhook(rotated.json.secret).verify(after.body, after.headers as Record<string, string>)).toMatchObject({ type: "channel.test" });

    const history = await invoke(teamAlertsRoute.GET, "GET", `/api/v1/teams/${teamId}/alerts`, { auth: owner.auth, params: { teamId } });
    expect(history.status).toBe(200);
    expect(history.json.items.map((e: { type: string; deliveries: { status: string; lastStatus: number }[] }) => [e.type, e.deliveries.map((d) => [d.status, d.lastStatus])])).toEqual([
      ["channel.test", [["delivered", 200]]],
      ["channel.test", [["failed", 500]]],
      ["channel.test", [["delivered", 200]]],
    ]);
    const page = await invoke(teamAlertsRoute.GET, "GET", `/api/v1/teams/${teamId}/alerts?limit=2`, { auth: owner.auth, params: { teamId } });
    expect(page.json.items).toHaveLength(2);
    const rest = await invoke(teamAlertsRoute.GET, "GET", `/api/v1/teams/${teamId}/alerts?limit=2&cursor=${encodeURIComponent(page.json.nextCursor)}`, { auth: owner.auth, params: { teamId } });
    expect(rest.json).toMatchObject({ items: [{ id: history.json.items[2].id }], nextCursor: null });

    const audit = await db.auditEvent.findMany({ where: { teamId, targetType: "channel" }, orderBy: { at: "asc" } });
    expect(audit.map((a) => a.action)).toEqual(["channel.created", "channel.secret_rotated"]);
  });

  test("chat URLs are secrets: masked when read, kept when sent back masked, refused when masked otherwise", async () => {
    const owner = await newUser(db);
    const teamId = await teamOf(owner);
    const url = "https://hooks.slack.com/services/T000/B000/XXXXXXXXXXXXXXXXXXXXXXXX";
    const created = await create(owner, teamId, { name: "slack", type: "slack", config: { url } });
    expect(created.status).toBe(201);
    expect(created.json.secret).toBeUndefined();
    const masked = created.json.config.url as string;
    expect(masked).not.toContain("XXXXXXXXXXXXXXXXXXXXXXXX");
    expect(masked).toContain("hooks.slack.com");
    const renamed = await patch(owner, teamId, created.json.id, { name: "slack #ops", config: { url: masked } });
    expect(renamed.status).toBe(200);
    const stored = await db.alertChannel.findUniqueOrThrow({ where: { id: created.json.id } });
    expect(JSON.stringify(stored.config)).not.toContain("XXXXXXXXXXXXXXXXXXXXXXXX");
    const { unsealConfig } = await import("../../lib/alerts/channels/config");
    expect(unsealConfig("slack", stored.config as never)).toEqual({ url });
    const refused = await patch(owner, teamId, created.json.id, { config: { url: masked.replace("hooks.slack.com", "hooks.example.com") } });
    expect(refused.status).toBe(400);
    expect(Object.keys(refused.json.error.fields)).toEqual(["config.url"]);
    const rotate = await invoke(rotateRoute.POST, "POST", `/api/v1/teams/${teamId}/channels/${created.json.id}/rotate-secret`, { auth: owner.auth, params: { teamId, channelId: created.json.id } });
    expect(rotate.status).toBe(409);
  });

  test("bad channels get a 400 naming the field; a taken name is a 409", async () => {
    const owner = await newUser(db);
    const teamId = await teamOf(owner);
    const cases: [unknown, string][] = [
      [{ name: "x", type: "pager", config: {} }, "type"],
      [{ name: "x", type: "webhook", config: { url: "ftp://example.com/x" } }, "config.url"],
      [{ name: "x", type: "webhook", config: {} }, "config.url"],
      [{ name: "x", type: "webhook", config: { url: "https://example.com", extra: 1 } }, "config.extra"],
      [{ name: "x", type: "email", config: { to: ["ops@example.com", "not an address"] } }, "config.to.1"],
      [{ name: "x", type: "email", config: { to: [] } }, "config.to"],
      [{ name: "", type: "webhook", config: { url: "https://example.com" } }, "name"],
      [{ name: "x", type: "webhook" }, "config"],
    ];
    for (const [body, field] of cases) {
      const res = await create(owner, teamId, body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(Object.keys(res.json.error.fields), JSON.stringify(body)).toContain(field);
    }
    expect((await create(owner, teamId, webhook("dup"))).status).toBe(201);
    const dup = await create(owner, teamId, webhook("dup"));
    expect(dup.status).toBe(409);
    expect(dup.json.error.fields).toEqual({ name: expect.any(String) });
    expect(await db.alertChannel.count({ where: { teamId } })).toBe(1);
  });

  test("members read channels; only admins change them; other teams see a 404", async () => {
    const [owner, viewer, editor, outsider] = [await newUser(db), await newUser(db), await newUser(db), await newUser(db)];
    const teamId = await teamOf(owner);
    await join(teamId, viewer.id, "viewer");
    await join(teamId, editor.id, "editor");
    const channelId = (await create(owner, teamId, webhook())).json.id as string;
    expect((await list(viewer, teamId)).status).toBe(200);
    const refused = await create(editor, teamId, webhook());
    expect(refused.status).toBe(403);
    expect(refused.json.error.message).toMatch(/admin role/);
    expect((await patch(editor, teamId, channelId, { name: "mine" })).status).toBe(403);
    expect((await sendTest(viewer, teamId, channelId)).status).toBe(403);
    expect((await list(outsider, teamId)).status).toBe(404);
    expect((await invoke(channelRoute.GET, "GET", `/api/v1/teams/${teamId}/channels/${channelId}`, { auth: outsider.auth, params: { teamId, channelId } })).status).toBe(404);
    // a channel id of another team, reached through one's own team, is not found either
    const ownTeam = await teamOf(outsider);
    expect((await invoke(channelRoute.DELETE, "DELETE", `/api/v1/teams/${ownTeam}/channels/${channelId}`, { auth: outsider.auth, params: { teamId: ownTeam, channelId } })).status).toBe(404);
    expect(await db.alertChannel.count({ where: { id: channelId } })).toBe(1);
    expect((await invoke(channelRoute.DELETE, "DELETE", `/api/v1/teams/${teamId}/channels/${channelId}`, { auth: owner.auth, params: { teamId, channelId } })).status).toBe(204);
  });

  test("an email channel sends its test through the operator's SMTP server", async () => {
    const owner = await newUser(db);
    const teamId = await teamOf(owner);
    const created = await create(owner, teamId, { name: "on-call mail", type: "email", config: { to: ["oncall@example.com", "OnCall@example.com", "lead@example.com"] } });
    expect(created.status).toBe(201);
    expect(created.json.config).toEqual({ to: ["oncall@example.com", "lead@example.com"] });
    smtp.mails.length = 0;
    const res = await sendTest(owner, teamId, created.json.id);
    expect(res.json).toEqual({ delivered: true, status: null });
    expect(smtp.mails).toHaveLength(1);
    expect(smtp.mails[0].to).toEqual(["oncall@example.com", "lead@example.com"]);
    expect(smtp.mails[0].from).toBe("alerts@example.com");
    expect(subjectOf(smtp.mails[0].raw)).toBe('[Almanac] Test alert from channel "on-call mail"');
    expect(smtp.mails[0].raw).toContain("text/html");
  });

  test("a schedule's alert rules: its own team's channels only, validated, returned, cleared", async () => {
    const owner = await newUser(db);
    const stranger = await newUser(db);
    const channelId = (await create(owner, owner.id, webhook())).json.id as string;
    const theirs = (await create(stranger, stranger.id, webhook())).json.id as string;
    const made = await newSchedule(owner, { alerts: { channelIds: [channelId], afterConsecutiveFailures: 3, runLongerThanSeconds: 600 } });
    expect(made.status).toBe(201);
    expect(made.json.alerts).toEqual({ channelIds: [channelId], afterConsecutiveFailures: 3, onRecovery: true, onMissed: true, runLongerThanSeconds: 600 });
    expect(made.json.consecutiveFailures).toBe(0);
    const foreign = await newSchedule(owner, { alerts: { channelIds: [channelId, theirs] } });
    expect(foreign.status).toBe(400);
    expect(Object.keys(foreign.json.error.fields)).toEqual(["alerts.channelIds.1"]);
    for (const alerts of [{ afterConsecutiveFailures: 0 }, { afterConsecutiveFailures: 101 }, { remindEveryMinutes: 0 }, { channelIds: [channelId, channelId] }, { sms: true }]) {
      const res = await newSchedule(owner, { alerts });
      expect(res.status, JSON.stringify(alerts)).toBe(400);
      expect(Object.keys(res.json.error.fields)[0], JSON.stringify(alerts)).toMatch(/^alerts\./);
    }
    const id = made.json.id as string;
    const cleared = await invoke(scheduleRoute.PATCH, "PATCH", `/api/v1/schedules/${id}`, { auth: owner.auth, params: { id }, body: { alerts: null } });
    expect(cleared.status).toBe(200);
    expect(cleared.json.alerts).toBeNull();
    const read = await invoke(scheduleRoute.GET, "GET", `/api/v1/schedules/${id}`, { auth: owner.auth, params: { id } });
    expect(read.json.alerts).toBeNull();
    const audit = await db.auditEvent.findFirstOrThrow({ where: { targetId: id, action: "schedule.updated" } });
    expect(audit.changes).toMatchObject({ alerts: { from: expect.objectContaining({ afterConsecutiveFailures: 3 }), to: null } });
  });

  test("a team's default rules go to schedules created without rules; admins set them", async () => {
    const [owner, editor] = [await newUser(db), await newUser(db)];
    const teamId = await teamOf(owner);
    await join(teamId, editor.id, "editor");
    const channelId = (await create(owner, teamId, webhook())).json.id as string;
    const url = `/api/v1/teams/${teamId}/alert-settings`;
    expect((await invoke(settingsRoute.GET, "GET", url, { auth: editor.auth, params: { teamId } })).json).toEqual({ defaults: null, workerAlerts: true });
    const denied = await invoke(settingsRoute.PATCH, "PATCH", url, { auth: editor.auth, params: { teamId }, body: { workerAlerts: false } });
    expect(denied.status).toBe(403);
    const bad = await invoke(settingsRoute.PATCH, "PATCH", url, { auth: owner.auth, params: { teamId }, body: { defaults: { channelIds: ["nope"] } } });
    expect(bad.status).toBe(400);
    expect(Object.keys(bad.json.error.fields)).toEqual(["defaults.channelIds.0"]);
    const set = await invoke(settingsRoute.PATCH, "PATCH", url, { auth: owner.auth, params: { teamId }, body: { defaults: { channelIds: [channelId], afterConsecutiveFailures: 2 }, workerAlerts: false } });
    expect(set.status).toBe(200);
    expect(set.json).toEqual({ defaults: { channelIds: [channelId], afterConsecutiveFailures: 2, onRecovery: true, onMissed: true }, workerAlerts: false });
    const inherited = await newSchedule(editor, { teamId });
    expect(inherited.json.alerts).toEqual({ channelIds: [channelId], afterConsecutiveFailures: 2, onRecovery: true, onMissed: true });
    const none = await newSchedule(editor, { teamId, alerts: null });
    expect(none.json.alerts).toBeNull();
  });

  test("a schedule's alert history is its own, and another team's schedule is a 404", async () => {
    const [owner, outsider] = [await newUser(db), await newUser(db)];
    const channelId = (await create(owner, owner.id, webhook())).json.id as string;
    const [a, b] = [(await newSchedule(owner, { alerts: { channelIds: [channelId] } })).json.id as string, (await newSchedule(owner, {})).json.id as string];
    await db.alertEvent.create({ data: { id: `msg_${unique("a")}`, teamId: owner.id, scheduleId: a, type: "run.failed", payload: { type: "run.failed" } } });
    await db.alertEvent.create({ data: { id: `msg_${unique("b")}`, teamId: owner.id, scheduleId: b, type: "schedule.missed", payload: { type: "schedule.missed" } } });
    const mine = await invoke(scheduleAlertsRoute.GET, "GET", `/api/v1/schedules/${a}/alerts`, { auth: owner.auth, params: { id: a } });
    expect(mine.status).toBe(200);
    expect(mine.json.items.map((e: { type: string; scheduleId: string }) => [e.type, e.scheduleId])).toEqual([["run.failed", a]]);
    expect((await invoke(scheduleAlertsRoute.GET, "GET", `/api/v1/schedules/${a}/alerts`, { auth: outsider.auth, params: { id: a } })).status).toBe(404);
    const badType = await invoke(scheduleAlertsRoute.GET, "GET", `/api/v1/schedules/${a}/alerts?type=run.exploded`, { auth: owner.auth, params: { id: a } });
    expect(badType.status).toBe(400);
    const badCursor = await invoke(scheduleAlertsRoute.GET, "GET", `/api/v1/schedules/${a}/alerts?cursor=nonsense`, { auth: owner.auth, params: { id: a } });
    expect(badCursor.status).toBe(400);
    expect(badCursor.json.error.fields).toEqual({ cursor: expect.any(String) });
  });
}
