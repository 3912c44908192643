// Without ALLOW_SHELL_JOBS (the default) the web app refuses shell schedules, even from an owner:
// a 400 that names the variable, and nothing stored.
import { afterAll, beforeAll, expect, test, vi } from "vitest";
import * as collection from "../../app/api/v1/schedules/route";
import type { Db } from "../../lib/db/client";
import { unique } from "../support/databases";
import { invoke, newUser, sqliteFor, useDatabase } from "../support/handlers";

vi.hoisted(() => void delete process.env.ALLOW_SHELL_JOBS);

let db: Db;
beforeAll(async () => {
  db = await useDatabase(sqliteFor("shell-off"));
});
afterAll(() => db?.$disconnect());

test("creating a shell schedule is a 400 naming ALLOW_SHELL_JOBS", async () => {
  const owner = await newUser(db);
  const name = unique("backup");
  const refused = await invoke(collection.POST, "POST", "/api/v1/schedules", { auth: owner.auth, body: { name, cronExpression: "0 3 * * *", entrypoint: "shell", payload: { command: "true" } } });
  expect(refused.status).toBe(400);
  expect(refused.json.error).toMatchObject({
    code: "validation_error",
    fields: { payload: "shell jobs are turned off: the operator turns them on with ALLOW_SHELL_JOBS=true on the web app and the workers" },
  });
  expect(await db.schedule.count({ where: { name } })).toBe(0);
});
