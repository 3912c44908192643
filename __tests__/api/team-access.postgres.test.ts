// Team access to schedules and runs on PostgreSQL (see team-access-suite.ts).
import { describe } from "vitest";
import { pgUrl } from "../support/databases";
import { teamAccessSuite } from "./team-access-suite";

describe.skipIf(!pgUrl)("on PostgreSQL", () => {
  teamAccessSuite(() => ({ provider: "postgresql", url: pgUrl! }));
});
