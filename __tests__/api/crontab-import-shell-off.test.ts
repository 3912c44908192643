// Without ALLOW_SHELL_JOBS (the default) a crontab's lines come back skipped naming the variable,
// even for an owner, and nothing is written.
import { afterAll, beforeAll, expect, test, vi } from "vitest";
import * as crontab from "../../app/api/v1/schedules/import/crontab/route";
import type { Db } from "../../lib/db/client";
import { invoke, newUser, sqliteFor, useDatabase } from "../support/handlers";

vi.hoisted(() => void delete process.env.ALLOW_SHELL_JOBS);

let db: Db;
beforeAll(async () => {
  db = await useDatabase(sqliteFor("crontab-shell-off"));
});
afterAll(() => db?.$disconnect());

test("every entry is skipped with the reason, in a dry run and not; nothing written", async () => {
  const owner = await newUser(db);
  for (const dryRun of [true, false]) {
    const res = await invoke(crontab.POST, "POST", "/api/v1/schedules/import/crontab", { auth: owner.auth, body: { content: "0 3 * * * backup.sh\n@daily rotate", dryRun } });
    expect(res.status).toBe(200);
    expect(res.json.imported).toEqual([]);
    expect(res.json.skipped).toEqual([1, 2].map((line) => ({ line, text: expect.any(String), reason: "payload: shell jobs are turned off: the operator turns them on with ALLOW_SHELL_JOBS=true on the web app and the workers" })));
  }
  expect(await db.schedule.count({ where: { teamId: owner.id } })).toBe(0);
});
