// The teams API on SQLite (see teams-suite.ts).
import { describe } from "vitest";
import { sqliteFor } from "../support/handlers";
import { teamsApiSuite } from "./teams-suite";

describe("on SQLite", () => {
  teamsApiSuite(() => sqliteFor("teams"));
});
