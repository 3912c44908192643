// A real worker process on each database: manual runs execute through the registry and are
// recorded; an every-minute schedule fires at the next minute boundary within 2 s.
import { afterAll, beforeAll, expect, test } from "vitest";
import { createDb, type Db } from "../../lib/db/client";
import { migrate } from "../../lib/db/migrate";
import type { DbTarget } from "../../lib/db/target";
import { queueManualRun } from "../../lib/runs/runs";
import { createSchedule } from "../../lib/schedules/schedules";
import { scheduleCreateSchema } from "../../lib/validation/schedules";
import { pgUrl, unique } from "../support/databases";
import { sqliteFor } from "../support/handlers";
import { freePort, waitFor } from "../support/server";
import { startWorker, type WorkerProcess } from "../support/worker-process";
import { ownerAccess } from "../support/teams";

type Setup = { name: string; db: Db; userId: string; worker: WorkerProcess; metricsPort: number };
const setups: Setup[] = [];

beforeAll(async () => {
  const targets: [string, DbTarget][] = [["SQLite", sqliteFor("worker-it")]];
  if (pgUrl) targets.push(["PostgreSQL", { provider: "postgresql", url: pgUrl }]);
  for (const [name, target] of targets) {
    await migrate(target);
    const db = await createDb(target);
    const userId = (await db.user.create({ data: { email: `${unique("worker")}@example.com`, passwordHash: "x" } })).id;
    const metricsPort = await freePort();
    setups.push({ name, db, userId, metricsPort, worker: startWorker(target, unique(`it-${name}`), { WORKER_METRICS_PORT: String(metricsPort) }) });
  }
});
afterAll(async () => {
  for (const s of setups) {
    expect(await s.worker.stop()).toBe(0);
    await s.db.$disconnect();
  }
});

test("a manual run executes through the job-type registry and is recorded", async () => {
  await Promise.all(
    setups.map(async ({ name, db, userId, worker }) => {
      const schedule = await createSchedule(db, ownerAccess(userId), scheduleCreateSchema.parse({ name: unique("manual"), cronExpression: "0 0 1 1 *", isEnabled: false, payload: { message: `hello from ${name}` } }));
      const queued = await queueManualRun(db, ownerAccess(userId), schedule.id);
      await waitFor(async () => (await db.run.findUnique({ where: { id: queued.id } }))?.status === "succeeded", 15_000, () => `the manual run on ${name}\n${worker.output()}`);
      const run = await db.run.findUniqueOrThrow({ where: { id: queued.id } });
      expect(run.result).toEqual({ message: `hello from ${name}` });
      expect(run.durationMs).toBeGreaterThanOrEqual(0);
      expect((await db.schedule.findUniqueOrThrow({ where: { id: schedule.id } })).lastRunStatus).toBe("succeeded");
    }),
  );
});

test("a * * * * * schedule fires at the next minute boundary, within 2 s", async () => {
  await Promise.all(
    setups.map(async ({ name, db, userId, worker }) => {
      const boundary = Math.floor(Date.now() / 60_000) * 60_000 + 60_000;
      const schedule = await createSchedule(db, ownerAccess(userId), scheduleCreateSchema.parse({ name: unique("minutely"), cronExpression: "* * * * *" }));
      let runs: { status: string; scheduledFor: Date; startedAt: Date | null }[] = [];
      const succeeded = async () => {
        runs = await db.run.findMany({ where: { scheduleId: schedule.id }, select: { status: true, scheduledFor: true, startedAt: true } });
        return runs.some((r) => r.status === "succeeded");
      };
      await waitFor(succeeded, 75_000, () => `the first fire on ${name}; runs: ${JSON.stringify(runs)}\n${worker.output()}`);
      const [run] = await db.run.findMany({ where: { scheduleId: schedule.id } });
      expect(run.scheduledFor.getTime()).toBe(boundary);
      expect(run.startedAt!.getTime() - boundary).toBeLessThanOrEqual(2_000);
      expect(run.trigger).toBe("schedule");
    }),
  );
}, 90_000);

test("the worker logs one JSON line per fire with its lateness, and serves Prometheus metrics", async () => {
  for (const { worker, metricsPort } of setups) {
    const fires = worker
      .output()
      .split("\n")
      .filter((l) => l.startsWith("{"))
      .map((l) => JSON.parse(l) as Record<string, unknown>)
      .filter((l) => l.msg === "fire");
    expect(fires.length).toBeGreaterThan(0);
    expect(fires[0]).toMatchObject({ level: "info", scope: "worker", latenessMs: expect.any(Number) });
    // The worker's first sync comes a second after it starts: when the minute boundary came right
    // after the start, this test may get here before it.
    let text = "";
    await waitFor(async () => /^almanac_sync_age_seconds \d/m.test((text = await (await fetch(`http://127.0.0.1:${metricsPort}/metrics`)).text())), 10_000, () => `a sync in the metrics:\n${text}`);
    expect(text).toMatch(/^almanac_runs_total\{status="succeeded"\} [1-9]/m);
    expect(text).toMatch(/^almanac_fire_lateness_seconds_count [1-9]/m);
    expect(text).toMatch(/^almanac_schedules_loaded [1-9]/m);
    expect(text).toMatch(/^almanac_sync_age_seconds \d/m);
  }
});
