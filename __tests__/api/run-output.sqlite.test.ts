// A run's output API on SQLite (see run-output-suite.ts).
import { describe } from "vitest";
import { sqliteFor } from "../support/handlers";
import { runOutputSuite } from "./run-output-suite";

describe("on SQLite", () => {
  runOutputSuite(() => sqliteFor("run-output"));
});
