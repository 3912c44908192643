// An API token's lookup (lib/auth/api-tokens.ts), read through the driver on every request: the
// owner of a valid token, nothing for an unknown or expired one, its use noted at most once a
// minute, and, for requests about team-owned rows, the owner's memberships in the same round
// trip giving exactly the access the separate read gives (a bound token narrowed alike), with a
// request's own planned reads beside them.
import { afterAll, beforeAll, expect, test } from "vitest";
import { hashApiToken, userForApiToken, userForApiTokenWithMemberships } from "../../lib/auth/api-tokens";
import { createDb, readerOf, type Db } from "../../lib/db/client";
import { readSchedule, scheduleById } from "../../lib/schedules/schedule-reads";
import { accessFrom, teamAccess } from "../../lib/teams/access";
import type { TeamRole } from "../../lib/teams/roles";
import { eachDatabase, unique } from "../support/databases";

eachDatabase((target) => {
  let db: Db;
  beforeAll(async () => {
    db = await createDb(target());
  });
  afterAll(async () => {
    await db.$disconnect();
  });

  async function tokenFor(userId: string, data: { expiresAt?: Date | null; lastUsedAt?: Date | null; teamId?: string | null; role?: TeamRole | null } = {}) {
    const token = `alm_${unique("token")}`;
    await db.apiToken.create({ data: { userId, name: "t", tokenHash: hashApiToken(token), prefix: token.slice(0, 12), ...data } });
    return token;
  }

  test("the owner of a valid token; nothing for an unknown or expired one", async () => {
    const user = await db.user.create({ data: { email: `${unique("tok")}@example.com`, name: "Ada", passwordHash: "x" } });
    const now = new Date("2026-12-06T12:00:00.000Z");
    const valid = await tokenFor(user.id, { expiresAt: new Date(now.getTime() + 1) });
    const expired = await tokenFor(user.id, { expiresAt: now });
    const row = await db.apiToken.findUniqueOrThrow({ where: { tokenHash: hashApiToken(valid) } });
    expect(await userForApiToken(db, valid, now)).toEqual({ id: user.id, email: user.email, name: "Ada", token: { id: row.id, teamId: null, role: null } });
    expect(await userForApiToken(db, expired, now)).toBeNull();
    expect(await userForApiToken(db, "alm_no-such-token", now)).toBeNull();
    expect((await userForApiTokenWithMemberships(db, expired, now)).user).toBeNull();
  });

  test("its use is noted at most once a minute", async () => {
    const user = await db.user.create({ data: { email: `${unique("tok")}@example.com`, passwordHash: "x" } });
    const token = await tokenFor(user.id);
    const lastUsed = async () => (await db.apiToken.findUniqueOrThrow({ where: { tokenHash: hashApiToken(token) } })).lastUsedAt?.toISOString();
    const t0 = new Date("2026-12-06T12:00:00.000Z");
    await userForApiToken(db, token, t0);
    expect(await lastUsed()).toBe(t0.toISOString());
    await userForApiToken(db, token, new Date(t0.getTime() + 60_000));
    expect(await lastUsed()).toBe(t0.toISOString());
    const later = new Date(t0.getTime() + 60_001);
    await userForApiTokenWithMemberships(db, token, later);
    expect(await lastUsed()).toBe(later.toISOString());
  });

  test("memberships read with the token give the access the separate read gives, a bound token narrowed alike", async () => {
    const user = await db.user.create({ data: { email: `${unique("tok")}@example.com`, passwordHash: "x" } });
    const shared = await db.team.create({ data: { name: unique("team"), memberships: { create: { userId: user.id, role: "editor" } } } });
    const bindings: { teamId: string | null; role: TeamRole | null }[] = [
      { teamId: null, role: null },
      { teamId: shared.id, role: null },
      { teamId: shared.id, role: "viewer" },
      { teamId: user.id, role: "editor" }, // the personal team, where the user is owner
    ];
    for (const binding of bindings) {
      const token = await tokenFor(user.id, binding);
      const { user: owner, memberships } = await userForApiTokenWithMemberships(db, token);
      expect(owner?.token).toMatchObject(binding);
      const actor = { type: "token" as const, id: owner!.token.id, email: user.email };
      expect(accessFrom(owner!, actor, owner!.token, memberships!)).toEqual(await teamAccess(db, user, actor, owner!.token));
    }
    // Removed from the bound team: the token's access there goes with the membership.
    const bound = await tokenFor(user.id, { teamId: shared.id });
    await db.membership.deleteMany({ where: { teamId: shared.id, userId: user.id } });
    const { user: owner, memberships } = await userForApiTokenWithMemberships(db, bound);
    expect(accessFrom(owner!, { type: "token", id: owner!.token.id, email: user.email }, owner!.token, memberships!).roles.size).toBe(0);
  });

  test("a request's planned reads come back with the token's, as they read on their own, and a bad token is still refused", async () => {
    const user = await db.user.create({ data: { email: `${unique("tok")}@example.com`, passwordHash: "x" } });
    const schedule = await db.schedule.create({ data: { teamId: user.id, name: "planned", nameKey: "planned", cronExpression: "0 0 1 1 *", isEnabled: false } });
    const token = await tokenFor(user.id);
    const expired = await tokenFor(user.id, { expiresAt: new Date("2026-01-01T00:00:00Z") });
    for (const id of [schedule.id, "no-such-schedule"]) {
      const plan = scheduleById(id);
      const { user: owner, memberships, planned } = await userForApiTokenWithMemberships(db, token, undefined, plan.reads);
      expect(owner?.id).toBe(user.id);
      expect(memberships).toEqual([{ teamId: user.id, role: "owner" }]);
      expect(plan.result(planned!)).toEqual(await readSchedule(readerOf(db)!, id));
    }
    expect(scheduleById(schedule.id).result((await userForApiTokenWithMemberships(db, token, undefined, scheduleById(schedule.id).reads)).planned!)).toMatchObject({ id: schedule.id, teamId: user.id, name: "planned" });
    expect((await userForApiTokenWithMemberships(db, expired, undefined, scheduleById(schedule.id).reads)).user).toBeNull();
  });
});
