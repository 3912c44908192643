// MAX_SCHEDULES_PER_USER: past it, a create is a clear 409 and writes nothing.
import { beforeAll, expect, test } from "vitest";
import * as collection from "../../app/api/v1/schedules/route";
import type { Db } from "../../lib/db/client";
import { invoke, newUser, sqliteFor, useDatabase } from "../support/handlers";

let db: Db;
beforeAll(async () => {
  process.env.MAX_SCHEDULES_PER_USER = "3"; // read once, at this process's first request
  db = await useDatabase(sqliteFor("limit"));
});

test("the fourth schedule of a user limited to three is refused with 409 naming the limit", async () => {
  const user = await newUser(db);
  const other = await newUser(db);
  for (let i = 0; i < 3; i++) {
    expect((await invoke(collection.POST, "POST", "/api/v1/schedules", { auth: user.auth, body: { name: `job ${i}`, cronExpression: "@daily" } })).status).toBe(201);
  }
  const refused = await invoke(collection.POST, "POST", "/api/v1/schedules", { auth: user.auth, body: { name: "one too many", cronExpression: "@daily" } });
  expect(refused.status).toBe(409);
  expect(refused.json.error.message).toMatch(/limit of 3 schedules.*MAX_SCHEDULES_PER_USER/);
  expect(await db.schedule.count({ where: { userId: user.id } })).toBe(3);
  // the limit is per user
  expect((await invoke(collection.POST, "POST", "/api/v1/schedules", { auth: other.auth, body: { name: "job 0", cronExpression: "@daily" } })).status).toBe(201);
});
