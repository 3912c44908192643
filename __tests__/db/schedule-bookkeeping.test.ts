// What workers rely on when people change schedules, on both databases: bookkeeping (a manual
// run's lastRunStatus) does not move updatedAt, an edit moves nextRunAt only when what decides it
// changes (so a past nextRunAt, a missed slot awaiting catch-up, survives a rename), and an edit
// racing a pause never leaves a paused schedule with a next run time.
import { afterAll, beforeAll, expect, test } from "vitest";
import { ApiError } from "../../lib/api/errors";
import { createDb, type Db } from "../../lib/db/client";
import { queueManualRun } from "../../lib/runs/runs";
import { setScheduleFieldsQuery } from "../../lib/scheduler/sql";
import { computeNextRunAt, createSchedule, toggleSchedule, updateSchedule } from "../../lib/schedules/schedules";
import { scheduleCreateSchema, scheduleUpdateSchema, type ScheduleUpdate } from "../../lib/validation/schedules";
import { eachDatabase, unique } from "../support/databases";
import { ownerAccess } from "../support/teams";

const PAST = new Date("2026-01-01T03:00:00Z");
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

eachDatabase((target) => {
  let db: Db;
  let userId: string;
  beforeAll(async () => {
    db = await createDb(target());
    userId = (await db.user.create({ data: { email: `${unique("b")}@example.com`, passwordHash: "x" } })).id;
  });
  afterAll(async () => {
    await db?.$disconnect();
  });

  const create = (body: Record<string, unknown>) => createSchedule(db, ownerAccess(userId), scheduleCreateSchema.parse({ name: unique("s"), ...body }));
  const patch = (id: string, body: Record<string, unknown>, on: Db = db) => updateSchedule(on, ownerAccess(userId), id, scheduleUpdateSchema.parse(body));
  const row = (id: string) => db.schedule.findUniqueOrThrow({ where: { id } });
  /** What a worker that stopped before a slot leaves behind: a nextRunAt in the past. */
  const missedSlot = async (id: string) => {
    await db.$transaction([setScheduleFieldsQuery(db, id, { nextRunAt: PAST })]);
    return row(id);
  };

  test("a manual run marks the schedule queued without moving updatedAt", async () => {
    const s = await create({ cronExpression: "0 0 * * *" });
    const before = await row(s.id);
    await sleep(20); // a bumped updatedAt would differ from the one read
    const run = await queueManualRun(db, ownerAccess(userId), s.id);
    const after = await row(s.id);
    expect(run).toMatchObject({ status: "queued", trigger: "manual", scheduleId: s.id });
    expect(after.lastRunStatus).toBe("queued");
    expect(after.updatedAt.getTime()).toBe(before.updatedAt.getTime());
    expect(await db.run.count({ where: { scheduleId: s.id, trigger: "manual" } })).toBe(1);
  });

  test("a rename keeps a past nextRunAt (the misfire catch-up still happens), and still counts as an edit", async () => {
    const s = await create({ cronExpression: "0 3 * * *" });
    const missed = await missedSlot(s.id);
    await sleep(20);
    const renamed = await patch(s.id, { name: unique("renamed"), description: "moved" });
    expect(renamed.nextRunAt).toBe(PAST.toISOString());
    expect((await row(s.id)).nextRunAt).toEqual(PAST);
    expect(Date.parse(renamed.updatedAt)).toBeGreaterThan(missed.updatedAt.getTime()); // workers see the new name
  });

  test("an edit that sends the timing unchanged (as the form does) keeps a past nextRunAt", async () => {
    const s = await create({ cronExpression: "0 3 * * *", timezone: "Europe/Paris" });
    await missedSlot(s.id);
    const same = await patch(s.id, { cronExpression: "0 3 * * *", timezone: "Europe/Paris", isEnabled: true, maxRetries: 2 });
    expect(same).toMatchObject({ maxRetries: 2, nextRunAt: PAST.toISOString() });
  });

  test("changing the expression, the zone or enabled recomputes nextRunAt", async () => {
    const s = await create({ cronExpression: "0 3 * * *" });
    await missedSlot(s.id);
    const moved = await patch(s.id, { cronExpression: "30 4 * * *" });
    expect(moved.nextRunAt).toBe(computeNextRunAt({ cronExpression: "30 4 * * *", timezone: "UTC", isEnabled: true })!.toISOString());

    await missedSlot(s.id);
    const zoned = await patch(s.id, { timezone: "Asia/Tokyo" });
    expect(zoned.nextRunAt).toBe(computeNextRunAt({ cronExpression: "30 4 * * *", timezone: "Asia/Tokyo", isEnabled: true })!.toISOString());

    expect((await patch(s.id, { isEnabled: false })).nextRunAt).toBeNull();
    expect(Date.parse((await patch(s.id, { isEnabled: true })).nextRunAt!)).toBeGreaterThan(Date.now());
  });

  test("a toggle to the state the schedule is already in changes nothing", async () => {
    const s = await create({ cronExpression: "0 3 * * *" });
    const missed = await missedSlot(s.id);
    await sleep(20);
    const again = await toggleSchedule(db, ownerAccess(userId), s.id, true);
    expect(again.nextRunAt).toBe(PAST.toISOString());
    expect(again.updatedAt).toBe(missed.updatedAt.toISOString());
  });

  /**
   * A client on the same database whose reads of one schedule run `between` once, right after
   * the read: the other change lands between the read and the write, every time.
   */
  function interleaved(id: string, between: () => Promise<unknown>, times = 1): Db {
    let left = times;
    return db.$extends({
      query: {
        schedule: {
          // The read a change makes of its schedule before writing (findForRole).
          async findUnique({ args, query }) {
            const result = await query(args);
            if (left > 0 && (args.where as { id?: unknown } | undefined)?.id === id) {
              left--;
              await between();
            }
            return result;
          },
        },
      },
    }) as unknown as Db;
  }

  test("an edit of the expression racing a pause leaves the schedule paused with no nextRunAt", async () => {
    const s = await create({ cronExpression: "0 3 * * *" });
    const racing = interleaved(s.id, () => toggleSchedule(db, ownerAccess(userId), s.id, false));
    const out = await patch(s.id, { cronExpression: "15 6 * * *" }, racing);
    expect(out).toMatchObject({ cronExpression: "15 6 * * *", isEnabled: false, nextRunAt: null });
    expect(await row(s.id)).toMatchObject({ isEnabled: false, nextRunAt: null });
  });

  test("a resume racing an edit of the expression gets the new expression's next time", async () => {
    const s = await create({ cronExpression: "0 3 * * *", isEnabled: false });
    const racing = interleaved(s.id, () => patch(s.id, { cronExpression: "45 7 * * *" }));
    const out = await toggleSchedule(racing, ownerAccess(userId), s.id, true);
    const expected = computeNextRunAt({ cronExpression: "45 7 * * *", timezone: "UTC", isEnabled: true })!.toISOString();
    expect(out).toMatchObject({ isEnabled: true, cronExpression: "45 7 * * *", nextRunAt: expected });
  });

  test("a schedule that changes under every attempt is a 409, and nothing is half-written", async () => {
    const s = await create({ cronExpression: "0 3 * * *" });
    const racing = interleaved(s.id, () => toggleSchedule(db, ownerAccess(userId), s.id), 100);
    const err = await patch(s.id, { cronExpression: "0 9 * * *" }, racing).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect((err as ApiError).status).toBe(409);
    expect((await row(s.id)).cronExpression).toBe("0 3 * * *");
  });

  test("concurrent edits and toggles always leave nextRunAt consistent with enabled and the expression", async () => {
    const s = await create({ cronExpression: "0 3 * * *" });
    const crons = ["5 1 * * *", "10 2 * * *", "20 3 * * *", "40 4 * * *"];
    for (let i = 0; i < 12; i++) {
      const change: ScheduleUpdate = { cronExpression: crons[i % crons.length] };
      await Promise.all([updateSchedule(db, ownerAccess(userId), s.id, change), toggleSchedule(db, ownerAccess(userId), s.id), toggleSchedule(db, ownerAccess(userId), s.id, i % 2 === 0)]);
      const now = await row(s.id);
      if (!now.isEnabled) expect(now.nextRunAt).toBeNull();
      else expect(now.nextRunAt?.toISOString()).toBe(computeNextRunAt(now)!.toISOString());
    }
  });
});
