// The engine's raw bookkeeping statements on both databases (disabled schedules, so that the
// run's other workers leave them alone): nextRunAt written for many schedules
// at once reads back exactly through Prisma, and leaves updatedAt (the sync's change marker) alone.
import { expect, test } from "vitest";
import { eachDatabase, unique } from "../../__tests__/support/databases";
import { createDb } from "../db/client";
import { claimSlots, setNextRunsQueries } from "./sql";

eachDatabase((target) => {
  test("nextRunAt for 1,200 schedules in a few statements, updatedAt untouched", async () => {
    const db = await createDb(target());
    try {
      const userId = (await db.user.create({ data: { email: `${unique("sql")}@example.com`, passwordHash: "x" } })).id;
      const edited = new Date(Date.UTC(2026, 10, 1));
      await db.schedule.createMany({ data: Array.from({ length: 1200 }, (_, i) => ({ teamId: userId, name: `s${i}`, cronExpression: "* * * * *", isEnabled: false, payload: {}, updatedAt: edited })) });
      const rows = await db.schedule.findMany({ where: { teamId: userId }, select: { id: true }, orderBy: { name: "asc" } });
      const at = (i: number) => (i % 7 === 0 ? null : new Date(Date.UTC(2026, 10, 22, 12, i % 60, 0, i)));
      const queries = setNextRunsQueries(db, rows.map((r, i) => ({ id: r.id, next: at(i) })));
      expect(queries.length).toBeLessThanOrEqual(6); // 3 chunks of 500 (and a lock per chunk on PostgreSQL)
      await db.$transaction(queries);
      const after = await db.schedule.findMany({ where: { teamId: userId }, select: { id: true, nextRunAt: true, updatedAt: true }, orderBy: { name: "asc" } });
      expect(after.map((r) => r.nextRunAt?.toISOString() ?? null)).toEqual(rows.map((_, i) => at(i)?.toISOString() ?? null));
      expect(new Set(after.map((r) => r.updatedAt.toISOString()))).toEqual(new Set([edited.toISOString()]));
    } finally {
      await db.$disconnect();
    }
  });

  test("a slot is claimed once: a second claim of the same slots wins none; skipped slots keep their reason", async () => {
    const db = await createDb(target());
    try {
      const userId = (await db.user.create({ data: { email: `${unique("claim")}@example.com`, passwordHash: "x" } })).id;
      await db.schedule.createMany({ data: Array.from({ length: 450 }, (_, i) => ({ teamId: userId, name: `c${i}`, cronExpression: "* * * * *", isEnabled: false, payload: {} })) });
      const ids = (await db.schedule.findMany({ where: { teamId: userId }, select: { id: true } })).map((r) => r.id);
      const slot = new Date(Date.UTC(2026, 10, 22, 12, 0, 0));
      const rows = ids.map((scheduleId, i) =>
        i % 10 === 0 ? { scheduleId, scheduledFor: slot, status: "skipped" as const, error: { name: "Overlap", message: "still running" } } : { scheduleId, scheduledFor: slot, status: "queued" as const },
      );
      const chunks: number[] = [];
      const first = await claimSlots(db, "worker-a", rows, new Date(), (won) => chunks.push(won.length));
      expect(first).toHaveLength(405); // the queued ones; two chunks (400 + 50 rows)
      expect(chunks).toEqual([360, 45]);
      expect(first.every((c) => c.scheduledFor.getTime() === slot.getTime())).toBe(true);
      expect(await claimSlots(db, "worker-b", rows, new Date())).toEqual([]);
      const runs = await db.run.findMany({ where: { scheduleId: { in: ids } } });
      expect(runs).toHaveLength(450);
      expect(new Set(runs.map((r) => r.workerId))).toEqual(new Set(["worker-a"]));
      const skipped = runs.filter((r) => r.status === "skipped");
      expect(skipped).toHaveLength(45);
      expect(skipped[0]).toMatchObject({ error: { name: "Overlap", message: "still running" }, trigger: "schedule", attempt: 1 });
      expect(skipped[0].finishedAt).not.toBeNull();
    } finally {
      await db.$disconnect();
    }
  });
});
