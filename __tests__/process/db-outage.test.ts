// The database goes away under a running worker (PostgreSQL behind a TCP proxy that the test cuts)
// and comes back: the worker keeps running, does not crash, and resumes firing without doubles.
import { afterAll, expect, test } from "vitest";
import { createDb } from "../../lib/db/client";
import { migrate } from "../../lib/db/migrate";
import { computeNextRunAt } from "../../lib/schedules/schedules";
import { pgUrl, unique } from "../support/databases";
import { createDatabase, dropDatabase } from "../support/postgres";
import { cuttableProxy } from "../support/proxy";
import { waitFor } from "../support/server";
import { startWorker } from "../support/worker-process";

const cleanups: (() => Promise<unknown>)[] = [];
afterAll(async () => {
  for (const c of cleanups.reverse()) await c().catch(() => undefined);
});

test.skipIf(!pgUrl)("a worker survives a database outage and resumes without firing a slot twice", async () => {
  const url = await createDatabase("outage");
  cleanups.push(() => dropDatabase(url));
  await migrate({ provider: "postgresql", url });
  const db = await createDb({ provider: "postgresql", url });
  cleanups.push(() => db.$disconnect());
  const userId = (await db.user.create({ data: { email: `${unique("outage")}@example.com`, passwordHash: "x" } })).id;
  const schedule = await db.schedule.create({
    data: { teamId: userId, name: "every minute", cronExpression: "* * * * *", payload: { message: "m" }, nextRunAt: computeNextRunAt({ cronExpression: "* * * * *", timezone: "UTC", isEnabled: true }) },
  });

  const proxy = await cuttableProxy(new URL(url));
  const proxied = new URL(url);
  proxied.hostname = "127.0.0.1";
  proxied.port = String(proxy.port);
  const worker = startWorker({ provider: "postgresql", url: proxied.toString() }, unique("outage-worker"));
  cleanups.push(() => (worker.proc.exitCode === null ? worker.stop("SIGKILL") : Promise.resolve()));

  // Up and firing.
  await waitFor(async () => (await db.run.count({ where: { scheduleId: schedule.id, status: "succeeded" } })) >= 1, 75_000, () => `a first run\n${worker.output()}`);
  // The database disappears from 5 s before a minute boundary to 15 s after it.
  const boundary = Math.ceil((Date.now() + 10_000) / 60_000) * 60_000;
  await new Promise((r) => setTimeout(r, boundary - 5_000 - Date.now()));
  await proxy.cut();
  await new Promise((r) => setTimeout(r, boundary + 15_000 - Date.now()));
  expect(worker.proc.exitCode, worker.output().split("\n").slice(-15).join("\n")).toBeNull(); // still running
  await proxy.restore();
  // Back: the next minute's slot runs, and no slot has two runs.
  const before = await db.run.count({ where: { scheduleId: schedule.id, status: "succeeded" } });
  try {
    await waitFor(async () => (await db.run.count({ where: { scheduleId: schedule.id, status: "succeeded" } })) > before, 75_000, "a run after the outage");
  } catch (err) {
    console.log("NO RUN AFTER OUTAGE\n" + worker.output().split("\n").slice(-25).join("\n"));
    throw err;
  }
  // The slot due during the outage ran once, late (within the 30 s misfire grace).
  await waitFor(async () => (await db.run.count({ where: { scheduleId: schedule.id, scheduledFor: new Date(boundary), status: "succeeded" } })) === 1, 30_000, "the slot due during the outage");
  const late = await db.run.findFirstOrThrow({ where: { scheduleId: schedule.id, scheduledFor: new Date(boundary) } });
  expect(late.startedAt!.getTime() - boundary).toBeGreaterThanOrEqual(14_000);
  const runs = await db.run.findMany({ where: { scheduleId: schedule.id, trigger: "schedule" } });
  const slots = runs.map((r) => r.scheduledFor.getTime());
  expect(new Set(slots).size).toBe(slots.length);
  expect(worker.proc.exitCode).toBeNull();
  const stopping = worker.stop();
  const timer = setTimeout(() => console.log("STOP HANG\n" + worker.output().split("\n").slice(-15).join("\n")), 30_000);
  expect(await stopping).toBe(0);
  clearTimeout(timer);
}, 200_000);
