// Every team-scoped endpoint × every kind of caller, on PostgreSQL (see team-matrix-suite.ts).
import { describe } from "vitest";
import { pgUrl } from "../support/databases";
import { teamMatrixSuite } from "./team-matrix-suite";

describe.skipIf(!pgUrl)("on PostgreSQL", () => {
  teamMatrixSuite(() => ({ provider: "postgresql", url: pgUrl! }));
});
