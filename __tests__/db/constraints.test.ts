// What the database itself guarantees, on both providers: unique names per user, one run per
// (schedule, nominal time, attempt), and cascades when a user or schedule goes.
import { afterAll, beforeAll, expect, test } from "vitest";
import { createDb, type Db } from "../../lib/db/client";
import { isUniqueViolation } from "../../lib/api/errors";
import { eachDatabase, unique } from "../support/databases";

eachDatabase((target) => {
  let db: Db;
  beforeAll(async () => {
    db = await createDb(target());
  });
  afterAll(async () => {
    await db.$disconnect();
  });

  const newUser = () => db.user.create({ data: { email: `${unique("u")}@example.com`, passwordHash: "x" } });
  const newSchedule = (userId: string, name = unique("job")) => db.schedule.create({ data: { teamId: userId, name, cronExpression: "0 0 * * *" } });

  test("a second schedule with the same name for the same user is a P2002 conflict", async () => {
    const user = await newUser();
    await newSchedule(user.id, "nightly backup");
    const err = await newSchedule(user.id, "nightly backup").catch((e: unknown) => e);
    expect((err as { code?: string }).code).toBe("P2002");
    expect(isUniqueViolation(err)).toBe(true);
    expect(await db.schedule.count({ where: { teamId: user.id } })).toBe(1);
  });

  test("two teams may each have a schedule of the same name", async () => {
    const [a, b] = [await newUser(), await newUser()]; // and their personal teams
    await newSchedule(a.id, "report");
    await expect(newSchedule(b.id, "report")).resolves.toMatchObject({ name: "report", teamId: b.id });
  });

  test("schedules get the documented defaults", async () => {
    const s = await newSchedule((await newUser()).id);
    expect(s).toMatchObject({
      timezone: "UTC",
      entrypoint: "log",
      payload: {},
      isEnabled: true,
      overlapPolicy: "skip",
      misfirePolicy: "run_once",
      timeoutSeconds: 300,
      maxRetries: 0,
      retryDelaySeconds: 30,
      lastRunAt: null,
      nextRunAt: null,
    });
    expect(s.id).toMatch(/^[0-9a-f-]{36}$/);
  });

  test("a slot can be claimed once: a second run row for the same schedule, time and attempt is refused", async () => {
    const s = await newSchedule((await newUser()).id);
    const slot = { scheduleId: s.id, trigger: "schedule" as const, scheduledFor: new Date("2026-11-21T00:00:00Z"), attempt: 1 };
    await db.run.create({ data: slot });
    const err = await db.run.create({ data: { ...slot, workerId: "another-worker" } }).catch((e: unknown) => e);
    expect(isUniqueViolation(err)).toBe(true);
    await expect(db.run.create({ data: { ...slot, attempt: 2, trigger: "retry" } })).resolves.toMatchObject({ attempt: 2 });
    expect(await db.run.count({ where: { scheduleId: s.id } })).toBe(2);
  });

  test("emails are unique", async () => {
    const user = await newUser();
    const err = await db.user.create({ data: { email: user.email, passwordHash: "y" } }).catch((e: unknown) => e);
    expect(isUniqueViolation(err)).toBe(true);
  });

  test("deleting a user deletes their schedules, runs and API tokens, and nobody else's", async () => {
    const [gone, kept] = [await newUser(), await newUser()];
    for (const user of [gone, kept]) {
      const s = await newSchedule(user.id);
      await db.run.create({ data: { scheduleId: s.id, trigger: "manual", scheduledFor: new Date() } });
      await db.apiToken.create({ data: { userId: user.id, name: "t", tokenHash: unique("hash"), prefix: "alm_x" } });
    }
    await db.user.delete({ where: { id: gone.id } });
    expect(await db.schedule.count({ where: { teamId: gone.id } })).toBe(0);
    expect(await db.run.count({ where: { schedule: { teamId: gone.id } } })).toBe(0);
    expect(await db.apiToken.count({ where: { userId: gone.id } })).toBe(0);
    expect(await db.schedule.count({ where: { teamId: kept.id } })).toBe(1);
    expect(await db.run.count({ where: { schedule: { teamId: kept.id } } })).toBe(1);
    expect(await db.apiToken.count({ where: { userId: kept.id } })).toBe(1);
  });

  test("deleting a schedule deletes its runs", async () => {
    const s = await newSchedule((await newUser()).id);
    await db.run.create({ data: { scheduleId: s.id, trigger: "manual", scheduledFor: new Date() } });
    await db.schedule.delete({ where: { id: s.id } });
    expect(await db.run.count({ where: { scheduleId: s.id } })).toBe(0);
  });

  test("JSON payloads, results and errors round-trip", async () => {
    const user = await newUser();
    const payload = { url: "https://example.com/hook", headers: { "x-a": "1" }, retries: [1, 2, 3], nested: { ok: true, n: null } };
    const s = await db.schedule.create({ data: { teamId: user.id, name: unique("json"), cronExpression: "* * * * *", payload } });
    expect((await db.schedule.findUniqueOrThrow({ where: { id: s.id } })).payload).toEqual(payload);
    const run = await db.run.create({
      data: { scheduleId: s.id, trigger: "manual", scheduledFor: new Date(), status: "failed", result: { lines: 3 }, error: { name: "Error", message: "boom" } },
    });
    expect(await db.run.findUniqueOrThrow({ where: { id: run.id } })).toMatchObject({ status: "failed", result: { lines: 3 }, error: { name: "Error", message: "boom" } });
  });
});
