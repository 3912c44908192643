// The @cron assistant, conversation by conversation, offline (no model), on whichever database the
// calling file names. Each case is a fresh user with a few schedules: the messages are sent in
// order through converse() (which stores and reloads the conversation between messages), each
// reply is checked, and then the user's schedules in the database are compared whole. A second
// user's schedules are checked untouched after every case.
import { afterAll, beforeAll, expect, test } from "vitest";
import { converse } from "../../lib/assistant/conversation";
import { createDb, type Db } from "../../lib/db/client";
import { migrate } from "../../lib/db/migrate";
import type { DbTarget } from "../../lib/db/target";
import { createSchedule } from "../../lib/schedules/schedules";
import { scheduleCreateSchema } from "../../lib/validation/schedules";
import { unique } from "../support/databases";
import { CASES, NOW, type Seed } from "./cases";
import { ownerAccess } from "../support/teams";

export function conversationSuite(target: () => DbTarget) {
  let db: Db;
  let bob: string;

  beforeAll(async () => {
    process.env.DATA_DIR ??= "/tmp";
    await migrate(target());
    db = await createDb(target());
    bob = await newUserWith([
      { name: "secret payroll", cron: "0 6 * * 1" },
      { name: "nightly backup", cron: "30 1 * * *" },
    ]);
  });
  afterAll(async () => {
    await db?.$disconnect();
  });

  async function newUserWith(seeds: Seed[]): Promise<string> {
    const user = await db.user.create({ data: { email: `${unique("as")}@example.com`, passwordHash: "x" } });
    for (const s of seeds) {
      const input = scheduleCreateSchema.parse({
        name: s.name,
        cronExpression: s.cron,
        timezone: s.tz ?? "UTC",
        isEnabled: s.enabled ?? true,
        ...(s.entrypoint ? { entrypoint: s.entrypoint } : {}),
        ...(s.payload ? { payload: s.payload } : {}),
      });
      await createSchedule(db, ownerAccess(user.id), input, NOW);
    }
    return user.id;
  }

  const bobsSchedules = () => db.schedule.findMany({ where: { teamId: bob }, orderBy: { name: "asc" }, select: { name: true, cronExpression: true, isEnabled: true } });

  test.each(CASES.map((c) => [c.name, c] as const))("%s", async (_name, c) => {
    const userId = await newUserWith(c.seed ?? []);
    const bobBefore = await bobsSchedules();
    let conversationId: string | undefined;
    for (const [i, step] of c.steps.entries()) {
      const res = await converse(db, userId, { message: step.say, ...(conversationId ? { conversationId } : {}) }, { now: NOW, llm: null });
      conversationId = res.conversationId;
      const where = `step ${i + 1} ("${step.say}") replied:\n${res.reply}`;
      for (const re of [step.reply].flat()) expect(res.reply, where).toMatch(re);
      for (const re of [step.not ?? []].flat()) expect(res.reply, where).not.toMatch(re);
      expect(Boolean(res.pendingConfirmation), `${where}\npending confirmation`).toBe(step.pending ?? false);
      if (step.tools) expect(res.actions.map((a) => a.tool), where).toEqual(step.tools);
    }
    const rows = await db.schedule.findMany({ where: { teamId: userId }, orderBy: { name: "asc" } });
    expect(rows, "the user's schedules afterwards").toHaveLength(c.after.length);
    c.after.forEach((want, k) => expect(rows[k]).toMatchObject(want));
    for (const row of rows) expect(row.nextRunAt === null, `${row.name}: nextRunAt follows isEnabled`).toBe(!row.isEnabled);
    if (c.deleted) {
      for (const name of c.deleted) {
        // deleted through deleteSchedule: the workers' tombstone is there
        expect(rows.some((r) => r.name === name)).toBe(false);
      }
      expect(await db.scheduleTombstone.count({ where: { deletedAt: { gte: new Date(Date.now() - 60_000) } } })).toBeGreaterThan(0);
    }
    expect(await bobsSchedules(), "another user's schedules are untouched").toEqual(bobBefore);
  });

  test("with a teamId (the team chosen in the sidebar) it creates there; a team the user is not in is a 404", async () => {
    const userId = await newUserWith([]);
    const team = await db.team.create({ data: { name: unique("shared"), memberships: { create: { userId, role: "editor" } } } });
    const res = await converse(db, userId, { message: "@cron run nightly backup at midnight", teamId: team.id }, { now: NOW, llm: null });
    expect(res.reply).toMatch(/^Created "nightly backup"/);
    expect(await db.schedule.count({ where: { teamId: team.id, name: "nightly backup" } })).toBe(1);
    expect(await db.schedule.count({ where: { teamId: userId } }), "nothing in the personal team").toBe(0);

    // Bob's personal team is not this user's: refused before anything is stored or created.
    const conversationsBefore = await db.assistantConversation.count({ where: { userId } });
    await expect(converse(db, userId, { message: "@cron run other backup at noon", teamId: bob }, { now: NOW, llm: null })).rejects.toMatchObject({ code: "not_found" });
    expect(await db.assistantConversation.count({ where: { userId } })).toBe(conversationsBefore);
    expect(await db.schedule.count({ where: { teamId: bob, name: "other backup" } })).toBe(0);
  });

  test("a viewer who asks it to delete, disable or create in the team gets a refusal, not a change", async () => {
    const userId = await newUserWith([]);
    const team = await db.team.create({ data: { name: unique("watched"), memberships: { create: { userId, role: "viewer" } } } });
    await db.schedule.create({ data: { teamId: team.id, name: "nightly backup", cronExpression: "0 0 * * *", isEnabled: false } });
    const say = async (message: string, conversationId?: string) => converse(db, userId, { message, conversationId, teamId: team.id }, { now: NOW, llm: null });

    const asked = await say("delete nightly backup");
    const answered = asked.pendingConfirmation ? await say("yes", asked.conversationId) : asked;
    expect(answered.reply).toMatch(/needs the editor role/);
    const created = await say("@cron run weekly report every monday at 9am", asked.conversationId);
    expect(created.reply).toMatch(/needs the editor role/);
    expect(await db.schedule.findMany({ where: { teamId: team.id }, select: { name: true, isEnabled: true } })).toEqual([{ name: "nightly backup", isEnabled: false }]);
    expect(await db.auditEvent.count({ where: { teamId: team.id } })).toBe(0);
  });
}
