// Every team-scoped endpoint × every kind of caller, on SQLite (see team-matrix-suite.ts).
import { describe } from "vitest";
import { sqliteFor } from "../support/handlers";
import { teamMatrixSuite } from "./team-matrix-suite";

describe("on SQLite", () => {
  teamMatrixSuite(() => sqliteFor("team-matrix"));
});
