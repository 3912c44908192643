// A worker frozen (SIGSTOP) after claiming a slot ahead and before starting it, past the stale
// limit: a peer reaps it and runs the slot; resumed (SIGCONT), the frozen worker must start none
// of what it held (the peer has run it) and start over. Every (schedule, minute) runs once, and
// the resumed worker fires nothing of the slot it held. The workers' clock runs RATE times faster,
// so the stale limit (30 s) passes in 6 real seconds.
import { afterAll, expect, test } from "vitest";
import { createDb, type Db } from "../../lib/db/client";
import { migrate } from "../../lib/db/migrate";
import type { DbTarget } from "../../lib/db/target";
import { computeNextRunAt } from "../../lib/schedules/schedules";
import { pgUrl, unique } from "../support/databases";
import { sqliteFor } from "../support/handlers";
import { createDatabase, dropDatabase } from "../support/postgres";
import { waitFor } from "../support/server";
import { startWorker } from "../support/worker-process";
import { workersClock } from "../support/workers-clock";

const SCHEDULES = 50;
const RATE = 5;
const { now: fakeNow, sleepUntil, env } = workersClock(RATE);
const cleanups: (() => Promise<unknown>)[] = [];
afterAll(async () => {
  for (const c of cleanups) await c().catch(() => undefined);
});

async function scenario(label: string, target: DbTarget) {
  await migrate(target);
  const db: Db = await createDb(target);
  cleanups.push(() => db.$disconnect());
  const userId = (await db.user.create({ data: { email: `${unique("stall")}@example.com`, passwordHash: "x" } })).id;
  await db.schedule.createMany({
    data: Array.from({ length: SCHEDULES }, (_, i) => ({
      teamId: userId,
      name: `every minute ${i}`,
      cronExpression: "* * * * *",
      payload: { message: `job ${i}` },
      nextRunAt: computeNextRunAt({ cronExpression: "* * * * *", timezone: "UTC", isEnabled: true }, new Date(fakeNow())),
    })),
  });
  const frozenId = `${label}-frozen-${unique("w")}`;
  const frozen = startWorker(target, frozenId, env);
  cleanups.push(async () => frozen.proc.exitCode === null && frozen.stop("SIGKILL"));

  // Its slot: the first boundary at least 8 real seconds away (the worker loads meanwhile). Frozen
  // once it has claimed that slot ahead (2 s of its clock before it), before the slot comes.
  const slot = Math.ceil((fakeNow() + 8_000 * RATE) / 60_000) * 60_000;
  await sleepUntil(slot - 3_000);
  await waitFor(async () => (await db.run.count({ where: { scheduledFor: new Date(slot), workerId: frozenId, status: "running", startedAt: null } })) === SCHEDULES, 2_000, "the slot's claims", 10);
  frozen.proc.kill("SIGSTOP");
  const row = await db.workerHeartbeat.findUniqueOrThrow({ where: { id: frozenId } });
  expect(row.startedThrough === null || row.startedThrough.getTime() < slot).toBe(true); // frozen before its slot's start

  // A peer comes up, takes the frozen worker for dead after the stale limit, and runs its slot.
  const peerId = `${label}-peer-${unique("w")}`;
  const peer = startWorker(target, peerId, env);
  cleanups.push(async () => peer.proc.exitCode === null && peer.stop("SIGKILL"));
  await waitFor(async () => (await db.run.count({ where: { scheduledFor: new Date(slot), workerId: peerId, status: "succeeded" } })) === SCHEDULES, 30_000, "the peer to run the frozen worker's slot");

  // Resumed: it finds itself reaped, starts none of the slot, starts over, and works on.
  frozen.proc.kill("SIGCONT");
  const next = Math.ceil((fakeNow() + 2_000) / 60_000) * 60_000 + 60_000;
  await sleepUntil(next + 10_000);

  const slotIso = new Date(slot).toISOString();
  const fired = frozen.output().split("\n").filter((line) => line.includes('"fire"') && line.includes(slotIso));
  expect(fired).toEqual([]);
  expect(frozen.output()).toContain("worker started over");
  const ids = (await db.schedule.findMany({ where: { teamId: userId }, select: { id: true } })).map((s) => s.id);
  const runs = await db.run.findMany({ where: { scheduleId: { in: ids }, trigger: "schedule", scheduledFor: { gte: new Date(slot), lte: new Date(next) } } });
  const perSlot = new Map<string, number>();
  for (const r of runs) perSlot.set(`${r.scheduleId}@${r.scheduledFor.getTime()}`, (perSlot.get(`${r.scheduleId}@${r.scheduledFor.getTime()}`) ?? 0) + 1);
  const slots = (next - slot) / 60_000 + 1;
  expect({ rows: runs.length, distinct: perSlot.size, succeeded: runs.filter((r) => r.status === "succeeded").length }).toEqual({
    rows: SCHEDULES * slots,
    distinct: SCHEDULES * slots,
    succeeded: SCHEDULES * slots,
  });
  expect(await frozen.stop("SIGTERM")).toBe(0);
  expect(await peer.stop("SIGTERM")).toBe(0);
}

test("a worker frozen past the stale limit between claiming a slot and starting it starts none of it when resumed; every slot runs once", async () => {
  const runs: Promise<void>[] = [scenario("sqlite", sqliteFor("stalled"))];
  if (pgUrl) {
    const url = await createDatabase("stalled");
    cleanups.push(() => dropDatabase(url));
    runs.push(scenario("postgresql", { provider: "postgresql", url }));
  }
  await Promise.all(runs);
}, 120_000);
