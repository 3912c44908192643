// Team access to schedules and runs on SQLite (see team-access-suite.ts).
import { describe } from "vitest";
import { sqliteFor } from "../support/handlers";
import { teamAccessSuite } from "./team-access-suite";

describe("on SQLite", () => {
  teamAccessSuite(() => sqliteFor("team-access"));
});
