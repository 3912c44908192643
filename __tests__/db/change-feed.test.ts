// Workers hear about schedule changes the moment they commit: LISTEN/NOTIFY on PostgreSQL, PRAGMA
// data_version on SQLite. The engine's 1 s poll is set to a minute here, so only the change feed
// can arm these edits in time.
import path from "node:path";
import { afterAll, describe, expect, test } from "vitest";
import { createDb, type Db } from "../../lib/db/client";
import { migrate } from "../../lib/db/migrate";
import { sqliteTarget, type DbTarget } from "../../lib/db/target";
import type { Logger } from "../../lib/log";
import { createSchedule, deleteSchedule, updateSchedule } from "../../lib/schedules/schedules";
import { createScheduler } from "../../lib/scheduler/engine";
import { scheduleCreateSchema } from "../../lib/validation/schedules";
import { pgUrl, tempDir } from "../support/databases";
import { createDatabase, dropDatabase } from "../support/postgres";
import { ownerAccess } from "../support/teams";

const quiet: Logger = { debug() {}, info() {}, warn() {}, error() {} };
const ARMED_WITHIN_MS = 1_000; // the feed takes milliseconds; the poll it must beat takes a minute
const cleanups: (() => Promise<unknown>)[] = [];
afterAll(async () => {
  for (const c of cleanups.reverse()) await c().catch(() => undefined);
});

async function within(ms: number, check: () => boolean): Promise<number> {
  const start = Date.now();
  while (!check()) {
    if (Date.now() - start > ms) throw new Error(`not within ${ms} ms`);
    await new Promise((r) => setTimeout(r, 5));
  }
  return Date.now() - start;
}

async function scenario(target: DbTarget) {
  await migrate(target);
  const api: Db = await createDb(target); // the web app's client
  const workerDb: Db = await createDb(target);
  cleanups.push(() => api.$disconnect(), () => workerDb.$disconnect());
  const userId = (await api.user.create({ data: { email: `feed-${Date.now()}@example.com`, passwordHash: "x" } })).id;
  const engine = createScheduler({ db: workerDb, workerId: "feed", log: quiet, syncIntervalMs: 60_000, reconcileIntervalMs: 600_000, listenUrl: target.provider === "postgresql" ? target.url : undefined });
  await engine.start();
  cleanups.push(() => engine.stop());
  await new Promise((r) => setTimeout(r, 300)); // the LISTEN connection is up

  const created = await createSchedule(api, ownerAccess(userId), scheduleCreateSchema.parse({ name: "fed", cronExpression: "0 3 * * *" }));
  await within(ARMED_WITHIN_MS, () => engine.isArmed(created.id, new Date(created.updatedAt)));

  const edited = await updateSchedule(api, ownerAccess(userId), created.id, { cronExpression: "0 4 * * *" });
  await within(ARMED_WITHIN_MS, () => engine.isArmed(created.id, new Date(edited.updatedAt)));

  await deleteSchedule(api, ownerAccess(userId), created.id);
  await within(ARMED_WITHIN_MS, () => !engine.isArmed(created.id));
}

describe("the change feed arms an edit without waiting for the poll", () => {
  test("on SQLite (data_version)", async () => {
    await scenario(sqliteTarget(path.join(tempDir("feed"), "almanac.db")));
  });
  test.skipIf(!pgUrl)("on PostgreSQL (LISTEN/NOTIFY from triggers)", async () => {
    const url = await createDatabase("feed");
    cleanups.unshift(() => dropDatabase(url)); // dropped last, after the clients disconnect
    await scenario({ provider: "postgresql", url });
  });
});
