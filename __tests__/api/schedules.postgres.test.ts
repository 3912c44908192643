// The schedules API handlers on PostgreSQL (see schedules-suite.ts).
import { describe } from "vitest";
import { pgUrl } from "../support/databases";
import { scheduleApiSuite } from "./schedules-suite";

describe.skipIf(!pgUrl)("on PostgreSQL", () => {
  scheduleApiSuite(() => ({ provider: "postgresql", url: pgUrl! }));
});
