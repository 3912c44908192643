// What workers rely on when people change schedules, on both databases: bookkeeping (a manual
// run's lastRunStatus) does not move updatedAt.
import { afterAll, beforeAll, expect, test } from "vitest";
import { createDb, type Db } from "../../lib/db/client";
import { queueManualRun } from "../../lib/runs/runs";
import { createSchedule } from "../../lib/schedules/schedules";
import { scheduleCreateSchema } from "../../lib/validation/schedules";
import { eachDatabase, unique } from "../support/databases";

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

  const create = (body: Record<string, unknown>) => createSchedule(db, userId, scheduleCreateSchema.parse({ name: unique("s"), ...body }));
  const row = (id: string) => db.schedule.findUniqueOrThrow({ where: { id } });

  test("a manual run marks the schedule queued without moving updatedAt", async () => {
    const s = await create({ cronExpression: "0 0 * * *" });
    const before = await row(s.id);
    await sleep(20); // a bumped updatedAt would differ from the one read
    const run = await queueManualRun(db, userId, s.id);
    const after = await row(s.id);
    expect(run).toMatchObject({ status: "queued", trigger: "manual", scheduleId: s.id });
    expect(after.lastRunStatus).toBe("queued");
    expect(after.updatedAt.getTime()).toBe(before.updatedAt.getTime());
    expect(await db.run.count({ where: { scheduleId: s.id, trigger: "manual" } })).toBe(1);
  });
});
