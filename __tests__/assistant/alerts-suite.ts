// The @cron assistant setting alerts, offline (no model), on whichever database the calling file
// names: each case is a fresh user whose personal team has the case's channels and schedules; the
// messages go through converse() in order, each reply is checked, and then every schedule's alert
// rules are compared whole (channel ids read back as names). Another user's schedules and channels
// are checked untouched after every case.
import { afterAll, beforeAll, expect, test } from "vitest";
import { converse } from "../../lib/assistant/conversation";
import { readAlertRules } from "../../lib/alerts/rules";
import { createDb, type Db } from "../../lib/db/client";
import { migrate } from "../../lib/db/migrate";
import type { DbTarget } from "../../lib/db/target";
import { createSchedule } from "../../lib/schedules/schedules";
import { scheduleCreateSchema } from "../../lib/validation/schedules";
import { unique } from "../support/databases";
import { ownerAccess } from "../support/teams";
import { ALERT_CASES, type AlertCase, type Rules } from "./alerts-cases";
import { NOW } from "./cases";

const CONFIG = { webhook: { url: "https://example.com/hook" }, slack: { url: "https://hooks.slack.com/services/T000/B000/XXXX" }, email: { to: ["ops@example.com"] } };

export function alertsSuite(target: () => DbTarget) {
  let db: Db;
  let bob: string;

  beforeAll(async () => {
    process.env.DATA_DIR ??= "/tmp";
    await migrate(target());
    db = await createDb(target());
    bob = await newUser();
    await seedTeam(bob, { channels: [{ name: "ops", type: "webhook" }], seed: [{ name: "nightly backup", cron: "30 1 * * *", alerts: { channels: ["ops"] } }] });
  });
  afterAll(async () => {
    await db?.$disconnect();
  });

  async function newUser(): Promise<string> {
    return (await db.user.create({ data: { email: `${unique("al")}@example.com`, passwordHash: "x" } })).id;
  }

  async function seedTeam(teamId: string, c: Pick<AlertCase, "channels" | "seed">, userId = teamId): Promise<Map<string, string>> {
    const ids = new Map<string, string>();
    for (const ch of c.channels ?? []) ids.set(ch.name, (await db.alertChannel.create({ data: { teamId, name: ch.name, type: ch.type, config: CONFIG[ch.type] } })).id);
    for (const s of c.seed) {
      const alerts = s.alerts ? { ...s.alerts, channels: undefined, channelIds: s.alerts.channels.map((n) => ids.get(n)!) } : null;
      delete alerts?.channels;
      await createSchedule(db, { ...ownerAccess(userId), roles: new Map([[teamId, "owner"]]), defaultTeamId: teamId }, scheduleCreateSchema.parse({ name: s.name, cronExpression: s.cron, alerts }), NOW);
    }
    return ids;
  }

  /** Each schedule's rules, its channels by name. */
  async function rulesOf(teamId: string): Promise<Record<string, Rules | null>> {
    const channels = await db.alertChannel.findMany({ where: { teamId } });
    const rows = await db.schedule.findMany({ where: { teamId }, orderBy: { name: "asc" } });
    return Object.fromEntries(
      rows.map((r) => {
        const rules = readAlertRules(r.alerts);
        if (!rules) return [r.name, null];
        const { channelIds, ...rest } = rules;
        return [r.name, { channels: channelIds.map((id) => channels.find((c) => c.id === id)?.name ?? id), runLongerThanSeconds: null, remindEveryMinutes: null, ...rest }];
      }),
    );
  }

  test.each(ALERT_CASES.map((c) => [c.name, c] as const))("%s", async (_name, c) => {
    const userId = await newUser();
    await seedTeam(userId, c);
    const before = await rulesOf(userId);
    const bobBefore = await rulesOf(bob);
    let conversationId: string | undefined;
    for (const [i, step] of c.steps.entries()) {
      const rulesBefore = i === 0 ? before : await rulesOf(userId);
      const res = await converse(db, userId, { message: step.say, ...(conversationId ? { conversationId } : {}) }, { now: NOW, llm: null });
      conversationId = res.conversationId;
      const where = `step ${i + 1} ("${step.say}") replied:\n${res.reply}`;
      for (const re of [step.reply].flat()) expect(res.reply, where).toMatch(re);
      for (const re of [step.not ?? []].flat()) expect(res.reply, where).not.toMatch(re);
      expect(Boolean(res.pendingConfirmation), `${where}\npending confirmation`).toBe(step.pending ?? false);
      if (step.tools) expect(res.actions.map((a) => a.tool), where).toEqual(step.tools);
      // a reply that changed nothing left every schedule as it was
      if (/Nothing was changed/.test(res.reply)) expect(await rulesOf(userId), where).toEqual(rulesBefore);
    }
    expect(await rulesOf(userId), "every schedule's alerts afterwards").toEqual(c.after);
    const channelsShown = await db.alertChannel.count({ where: { teamId: userId } });
    expect(channelsShown).toBe(c.channels?.length ?? 0);
    expect(await rulesOf(bob), "another user's schedules are untouched").toEqual(bobBefore);
  });

  test("list_alert_channels gives id, name and type, never config", async () => {
    const userId = await newUser();
    await seedTeam(userId, { channels: [{ name: "ops", type: "webhook" }], seed: [] });
    const { runTool } = await import("../../lib/assistant/tools");
    const out = await runTool({ db, access: ownerAccess(userId), now: NOW }, "list_alert_channels", {});
    expect(out).toMatchObject({ ok: true, result: { teamId: userId, items: [{ name: "ops", type: "webhook" }] } });
    expect(Object.keys((out as { result: { items: object[] } }).result.items[0]).sort()).toEqual(["id", "name", "type"]);
    // another user's schedule is not found, so neither are its team's channels
    const bobs = await db.schedule.findFirstOrThrow({ where: { teamId: bob } });
    expect(await runTool({ db, access: ownerAccess(userId), now: NOW }, "list_alert_channels", { scheduleId: bobs.id })).toMatchObject({ ok: false, error: { code: "not_found" } });
  });

  test("a schedule of a shared team gets that team's channels, never the user's own team's", async () => {
    const userId = await newUser();
    await seedTeam(userId, { channels: [{ name: "ops", type: "webhook" }], seed: [] });
    const team = await db.team.create({ data: { name: unique("shared"), memberships: { create: { userId, role: "editor" } } } });
    await seedTeam(team.id, { channels: [{ name: "dev", type: "slack" }], seed: [{ name: "shared job", cron: "0 3 * * *" }] }, userId);
    const say = async (message: string, conversationId?: string) => converse(db, userId, { message, conversationId, teamId: team.id }, { now: NOW, llm: null });

    const named = await say("notify ops when shared job fails");
    expect(named.reply).toMatch(/no channel called "ops"\. Its channels: dev \(slack\)\. .*Nothing was changed/);
    const only = await say("alert me when shared job fails", named.conversationId);
    expect(only.reply).toMatch(/^I'll alert dev \(slack\) when "shared job" fails/);
    expect(await rulesOf(team.id)).toEqual({ "shared job": { channels: ["dev"], afterConsecutiveFailures: 1, onRecovery: true, onMissed: true, runLongerThanSeconds: null, remindEveryMinutes: null } });
  });

  test("a viewer gets the API's 403 message, whether setting or turning off, and nothing changes", async () => {
    const userId = await newUser();
    const team = await db.team.create({ data: { name: unique("watched"), memberships: { create: { userId, role: "viewer" } } } });
    const owner = await newUser();
    await db.membership.create({ data: { teamId: team.id, userId: owner, role: "owner" } });
    await seedTeam(team.id, { channels: [{ name: "ops", type: "webhook" }], seed: [{ name: "nightly backup", cron: "0 0 * * *", alerts: { channels: ["ops"] } }, { name: "weekly report", cron: "0 17 * * 5" }] }, owner);
    const before = await rulesOf(team.id);
    const say = async (message: string) => converse(db, userId, { message, teamId: team.id }, { now: NOW, llm: null });

    for (const message of ["notify ops when weekly report fails", "alert me if weekly report fails 3 times in a row", "stop alerting on nightly backup"]) {
      const res = await say(message);
      expect(res.reply, message).toMatch(/I could not change the alerts of ".+": This needs the editor role in this team \(.+\); you are a viewer\. Nothing was changed\./);
      expect(res.actions, message).toEqual([]);
    }
    expect(await rulesOf(team.id)).toEqual(before);
    expect(await db.auditEvent.count({ where: { teamId: team.id, action: "schedule.updated" } })).toBe(0);
  });
}
