// Internal error messages never reach a client: a bug inside the schedule parser (forced here by
// making its composer throw) is a 400 with a generic reason; the bug's own text is only logged.
import { afterEach, beforeAll, expect, test, vi } from "vitest";
import * as parseRoute from "../../app/api/v1/cron/parse/route";
import type { Db } from "../../lib/db/client";
import { invoke, newUser, sqliteFor, useDatabase } from "../support/handlers";

const INTERNAL = "TypeError: cannot read properties of undefined (reading 'minute') at /srv/almanac/lib/cron/parse/compose.ts:57";

// While `broken.on`, the composer throws (as a bug would); otherwise it composes as usual.
const broken = vi.hoisted(() => ({ on: false, message: "" }));
vi.mock("../../lib/cron/parse/compose", async (importOriginal) => {
  const real = await importOriginal<typeof import("../../lib/cron/parse/compose")>();
  return {
    ...real,
    compose: (clauses: Parameters<typeof real.compose>[0]) => {
      if (broken.on) throw new Error(broken.message);
      return real.compose(clauses);
    },
  };
});

let db: Db;
beforeAll(async () => {
  db = await useDatabase(sqliteFor("internal-errors"));
});
afterEach(() => {
  broken.on = false;
  vi.restoreAllMocks();
});

test("a parser bug is answered with a generic 400; its message is only in the server log", async () => {
  const user = await newUser(db);
  const logged = vi.spyOn(console, "error").mockImplementation(() => {});
  Object.assign(broken, { on: true, message: INTERNAL });
  const res = await invoke(parseRoute.POST, "POST", "/api/v1/cron/parse", { auth: user.auth, body: { text: "every day at 9am" } });
  broken.on = false;
  expect(res.status).toBe(400);
  const text = JSON.stringify(res.json);
  expect(text).not.toContain("TypeError");
  expect(text).not.toContain("compose.ts");
  expect(text).not.toContain("internal error while reading");
  expect(res.json.error.message).toMatch(/error on our side/);
  // The server log has the cause.
  expect(logged.mock.calls.flat().map((a) => (a instanceof Error ? a.message : String(a))).join("\n")).toContain(INTERNAL);

  // Text without the trigger still parses: the mock only breaks what it is asked to.
  const fine = await invoke(parseRoute.POST, "POST", "/api/v1/cron/parse", { auth: user.auth, body: { text: "every day at 9am" } });
  expect(fine.status).toBe(200);
});
