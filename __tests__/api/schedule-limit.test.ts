// MAX_SCHEDULES_PER_USER: past it, a create is a clear 409 and writes nothing.
import { beforeAll, expect, test } from "vitest";
import * as collection from "../../app/api/v1/schedules/route";
import type { ApiError } from "../../lib/api/errors";
import { createDb, type Db } from "../../lib/db/client";
import { createSchedule } from "../../lib/schedules/schedules";
import { scheduleCreateSchema } from "../../lib/validation/schedules";
import { pgUrl, unique } from "../support/databases";
import { invoke, newUser, sqliteFor, useDatabase } from "../support/handlers";
import { ownerAccess } from "../support/teams";

let db: Db;
beforeAll(async () => {
  process.env.MAX_SCHEDULES_PER_USER = "3"; // read once, at this process's first request
  db = await useDatabase(sqliteFor("limit"));
});

test("the fourth schedule of a team limited to three (through the limit's older name) is refused with 409 naming the limit", async () => {
  const user = await newUser(db);
  const other = await newUser(db);
  for (let i = 0; i < 3; i++) {
    expect((await invoke(collection.POST, "POST", "/api/v1/schedules", { auth: user.auth, body: { name: `job ${i}`, cronExpression: "@daily" } })).status).toBe(201);
  }
  const refused = await invoke(collection.POST, "POST", "/api/v1/schedules", { auth: user.auth, body: { name: "one too many", cronExpression: "@daily" } });
  expect(refused.status).toBe(409);
  expect(refused.json.error.message).toMatch(/This team has reached the limit of 3 schedules.*MAX_SCHEDULES_PER_TEAM/);
  expect(await db.schedule.count({ where: { teamId: user.id } })).toBe(3);
  // the limit is per team: another user's personal team has its own
  expect((await invoke(collection.POST, "POST", "/api/v1/schedules", { auth: other.auth, body: { name: "job 0", cronExpression: "@daily" } })).status).toBe(201);
});

// Ten creates at once cannot slip past the limit between counting and inserting.
const concurrent = async (target: Db) => {
  const userId = (await target.user.create({ data: { email: `${unique("race")}@example.com`, passwordHash: "x" } })).id;
  const results = await Promise.allSettled(
    Array.from({ length: 10 }, (_, i) => createSchedule(target, ownerAccess(userId), scheduleCreateSchema.parse({ name: `racer ${i}`, cronExpression: "@daily" }))),
  );
  const refused = results.filter((r) => r.status === "rejected").map((r) => (r as PromiseRejectedResult).reason as ApiError);
  expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(3);
  expect(refused.map((e) => [e.code, /limit of 3 schedules/.test(e.message)])).toEqual(Array(7).fill(["conflict", true]));
  expect(await target.schedule.count({ where: { teamId: userId } })).toBe(3);
};

test("ten creates at once by a user limited to three, on SQLite: three are made, seven refused", async () => {
  await concurrent(db);
});

test.skipIf(!pgUrl)("ten creates at once by a user limited to three, on PostgreSQL: three are made, seven refused", async () => {
  const pg = await createDb({ provider: "postgresql", url: pgUrl! });
  try {
    await concurrent(pg);
  } finally {
    await pg.$disconnect();
  }
});

// POST /api/v1/schedules/apply creates through the same insert: over the limit, the whole
// document is refused; pruned schedules make room first (docs/schedules-as-code.md).
test("apply: a document that would pass the limit writes nothing (409); with prune, the deleted make room", async () => {
  const applyRoute = await import("../../app/api/v1/schedules/apply/route");
  const user = await newUser(db);
  const apply = (content: string, prune = false) => invoke(applyRoute.POST, "POST", "/api/v1/schedules/apply", { auth: user.auth, body: { content, prune } });
  const doc = (...names: string[]) => `version: 1\nschedules:\n${names.map((n) => `  ${n}: {cronExpression: "@daily"}\n`).join("")}`;
  expect((await apply(doc("a", "b", "c"))).json.created).toEqual(["a", "b", "c"]);
  const refused = await apply(doc("a", "b", "c", "d"));
  expect(refused.status).toBe(409);
  expect(refused.json.error.message).toMatch(/limit of 3 schedules/);
  expect((await db.schedule.findMany({ where: { teamId: user.id }, orderBy: { name: "asc" } })).map((s) => s.name)).toEqual(["a", "b", "c"]);
  const swapped = await apply(doc("a", "b", "d"), true);
  expect(swapped.json).toEqual({ created: ["d"], updated: [], deleted: ["c"], unchanged: 2, errors: [] });
  expect((await db.schedule.findMany({ where: { teamId: user.id }, orderBy: { name: "asc" } })).map((s) => s.name)).toEqual(["a", "b", "d"]);
});
