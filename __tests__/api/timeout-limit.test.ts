// MAX_TIMEOUT_SECONDS: a schedule may not ask for a longer timeout than the operator allows (one
// account's long runs hold execution slots every account shares); past it, a clear 400 naming the limit.
import { afterEach, beforeAll, expect, test } from "vitest";
import * as item from "../../app/api/v1/schedules/[id]/route";
import * as collection from "../../app/api/v1/schedules/route";
import type { Db } from "../../lib/db/client";
import { invoke, newUser, sqliteFor, useDatabase } from "../support/handlers";

let db: Db;
beforeAll(async () => {
  db = await useDatabase(sqliteFor("timeout-limit"));
});
afterEach(() => {
  delete process.env.MAX_TIMEOUT_SECONDS;
});

const create = (auth: string, timeoutSeconds: number) =>
  invoke(collection.POST, "POST", "/api/v1/schedules", { auth, body: { name: `t ${timeoutSeconds}`, cronExpression: "@daily", timeoutSeconds } });

test("a timeout above the default MAX_TIMEOUT_SECONDS (3600) is a 400 naming the limit, and nothing is written", async () => {
  const user = await newUser(db);
  const refused = await create(user.auth, 3601);
  expect(refused.status).toBe(400);
  expect(refused.json.error.message).toMatch(/timeoutSeconds must be at most 3600 seconds.*MAX_TIMEOUT_SECONDS/);
  expect(refused.json.error.fields?.timeoutSeconds ?? refused.json.error.message).toMatch(/3600/);
  expect(await db.schedule.count({ where: { teamId: user.id } })).toBe(0);
  // A day, the old limit, is refused too: one account could hold a slot for a day per run.
  expect((await create(user.auth, 86_400)).status).toBe(400);
  expect((await create(user.auth, 3600)).status).toBe(201);
});

test("the operator's MAX_TIMEOUT_SECONDS applies to creates and edits", async () => {
  process.env.MAX_TIMEOUT_SECONDS = "600";
  const user = await newUser(db);
  const refused = await create(user.auth, 601);
  expect(refused.status).toBe(400);
  expect(refused.json.error.message).toMatch(/at most 600 seconds.*MAX_TIMEOUT_SECONDS/);
  const made = await create(user.auth, 600);
  expect(made.status).toBe(201);
  const edit = await invoke(item.PATCH, "PATCH", `/api/v1/schedules/${made.json.id}`, { auth: user.auth, params: { id: made.json.id }, body: { timeoutSeconds: 601 } });
  expect(edit.status).toBe(400);
  expect(edit.json.error.message).toMatch(/at most 600 seconds.*MAX_TIMEOUT_SECONDS/);
  expect((await db.schedule.findUniqueOrThrow({ where: { id: made.json.id } })).timeoutSeconds).toBe(600);
});
