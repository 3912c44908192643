// A run's output API on PostgreSQL (see run-output-suite.ts).
import { describe } from "vitest";
import { pgUrl } from "../support/databases";
import { runOutputSuite } from "./run-output-suite";

describe.skipIf(!pgUrl)("on PostgreSQL", () => {
  runOutputSuite(() => ({ provider: "postgresql", url: pgUrl! }));
});
