// Exactly once, with real processes: 200 every-minute schedules, several workers on one database,
// across two minute boundaries, one worker killed with SIGKILL just after the first. Every
// (schedule, minute) must have exactly one run: none missing, none doubled. The workers' clock
// runs RATE times faster (ALMANAC_CLOCK_RATE, one ALMANAC_CLOCK_ORIGIN for all), so the test meets
// its boundaries without waiting for real ones.
import { afterAll, expect, test } from "vitest";
import { createDb, type Db } from "../../lib/db/client";
import { migrate } from "../../lib/db/migrate";
import type { DbTarget } from "../../lib/db/target";
import { computeNextRunAt } from "../../lib/schedules/schedules";
import { pgUrl, unique } from "../support/databases";
import { sqliteFor } from "../support/handlers";
import { createDatabase, dropDatabase } from "../support/postgres";
import { startWorker, type WorkerProcess } from "../support/worker-process";
import { workersClock } from "../support/workers-clock";

const SCHEDULES = 200;
const RATE = 5;
const { now: fakeNow, sleepUntil, env: clockEnv } = workersClock(RATE);
const cleanups: (() => Promise<unknown>)[] = [];
afterAll(async () => {
  for (const c of cleanups) await c().catch(() => undefined);
});

async function scenario(label: string, target: DbTarget, workers: number) {
  await migrate(target);
  const db: Db = await createDb(target);
  cleanups.push(() => db.$disconnect());
  const userId = (await db.user.create({ data: { email: `${unique("once")}@example.com`, passwordHash: "x" } })).id;
  const now = new Date(fakeNow());
  await db.schedule.createMany({
    data: Array.from({ length: SCHEDULES }, (_, i) => ({
      teamId: userId,
      name: `every minute ${i}`,
      cronExpression: "* * * * *",
      payload: { message: `job ${i}` },
      nextRunAt: computeNextRunAt({ cronExpression: "* * * * *", timezone: "UTC", isEnabled: true }, now),
    })),
  });
  const procs: WorkerProcess[] = Array.from({ length: workers }, (_, i) => startWorker(target, `${label}-${i}-${unique("w")}`, clockEnv));
  cleanups.push(() => Promise.all(procs.map((p) => (p.proc.exitCode === null ? p.stop("SIGKILL") : null))));

  // Give the workers 8 real seconds to load, then take the next two minute boundaries (of their
  // clock); the kill comes 300 real ms after the first.
  const first = Math.ceil((fakeNow() + 8_000 * RATE) / 60_000) * 60_000;
  const second = first + 60_000;
  await sleepUntil(first + 300 * RATE);
  expect(await procs[0].stop("SIGKILL")).toBe(null); // killed mid-minute: no cleanup of its own
  await sleepUntil(second + 15_000);

  const ids = (await db.schedule.findMany({ where: { teamId: userId }, select: { id: true } })).map((s) => s.id);
  const runs = await db.run.findMany({ where: { scheduleId: { in: ids }, trigger: "schedule", scheduledFor: { gte: new Date(first), lte: new Date(second) } } });
  const perSlot = new Map<string, number>();
  for (const r of runs) {
    const key = `${r.scheduleId}@${r.scheduledFor.toISOString()}`;
    perSlot.set(key, (perSlot.get(key) ?? 0) + 1);
  }
  const doubled = [...perSlot.values()].filter((n) => n > 1).length;
  const missing = ids.length * 2 - perSlot.size;
  console.log(`${label}: ${workers} workers, ${SCHEDULES} schedules x 2 minutes: ${runs.length} runs, ${doubled} doubled, ${missing} missing; statuses ${JSON.stringify(countBy(runs.map((r) => r.status)))}`);
  expect({ doubled, missing }).toEqual({ doubled: 0, missing: 0 });
  // The second minute ran entirely on the survivors.
  const secondMinute = runs.filter((r) => r.scheduledFor.getTime() === second);
  expect(secondMinute.every((r) => r.workerId !== null && !r.workerId.startsWith(`${label}-0-`))).toBe(true);
  expect(secondMinute.filter((r) => r.status === "succeeded")).toHaveLength(SCHEDULES);

  for (const p of procs.slice(1)) expect(await p.stop("SIGTERM")).toBe(0);
}

function countBy(values: string[]): Record<string, number> {
  return values.reduce<Record<string, number>>((acc, v) => ({ ...acc, [v]: (acc[v] ?? 0) + 1 }), {});
}

test("exactly once: 2 workers on one SQLite file, 3 on PostgreSQL, one killed with SIGKILL", async () => {
  const runs: Promise<void>[] = [scenario("sqlite", sqliteFor("exactly-once"), 2)];
  if (pgUrl) {
    const url = await createDatabase("once");
    cleanups.push(() => dropDatabase(url));
    runs.push(scenario("postgresql", { provider: "postgresql", url }, 3));
  }
  await Promise.all(runs);
}, 200_000);
