// The store's reads of every schedule go through the driver, not Prisma (lib/db/reader.ts): on both
// databases they must give exactly what Prisma reads, page after page (disabled schedules, so that
// the run's other workers leave them alone).
import { expect, test } from "vitest";
import { eachDatabase, unique } from "../../__tests__/support/databases";
import { createDb } from "../db/client";
import { createStore } from "./store";

const timing = { id: true, cronExpression: true, timezone: true, overlapPolicy: true, misfirePolicy: true, isEnabled: true, entrypoint: true, nextRunAt: true, updatedAt: true } as const;

eachDatabase((target) => {
  test("the timing and version pages read with the driver equal Prisma's rows, across pages", async () => {
    const db = await createDb(target());
    const store = createStore(db, "store-test");
    try {
      const userId = (await db.user.create({ data: { email: `${unique("store")}@example.com`, passwordHash: "x" } })).id;
      await db.schedule.createMany({
        data: Array.from({ length: 1_200 }, (_, i) => ({
          teamId: userId,
          name: `t${i}`,
          cronExpression: i % 2 ? "*/5 * * * *" : "0 9 * * 1-5",
          timezone: i % 3 ? "Europe/Berlin" : "UTC",
          overlapPolicy: i % 4 ? "allow" : "skip",
          misfirePolicy: i % 5 ? "run_once" : "skip",
          isEnabled: false,
          // The job type comes with the timing: workers hold no heartbeat check.
          entrypoint: i % 11 ? "log" : "heartbeat",
          payload: {},
          // Milliseconds kept; some schedules have never been planned.
          nextRunAt: i % 7 === 0 ? null : new Date(Date.UTC(2026, 10, 22, 12, i % 60, 0, i % 1000)),
          updatedAt: new Date(Date.UTC(2026, 10, 1, 0, 0, 0, i)),
        })),
      });
      const expected = await db.schedule.findMany({ where: { teamId: userId }, select: timing, orderBy: { id: "asc" } });
      const mine = new Set(expected.map((r) => r.id));

      const read = [];
      let pageCount = 0;
      for await (const page of store.timingPages(500)) {
        pageCount++;
        read.push(...page.filter((r) => mine.has(r.id)));
      }
      expect(pageCount).toBeGreaterThanOrEqual(3);
      expect(read).toEqual(expected);

      const versions = [];
      for await (const page of store.versionPages(500)) versions.push(...page.filter((r) => mine.has(r.id)));
      expect(versions).toEqual(expected.map((r) => ({ id: r.id, isEnabled: r.isEnabled, entrypoint: r.entrypoint, updatedAt: r.updatedAt })));
    } finally {
      await store.close();
      await db.$disconnect();
    }
  });
});
