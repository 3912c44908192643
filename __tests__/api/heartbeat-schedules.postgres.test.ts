// Heartbeat checks through the schedules API on PostgreSQL (see heartbeat-schedules-suite.ts).
import { describe } from "vitest";
import { pgUrl } from "../support/databases";
import { heartbeatScheduleSuite } from "./heartbeat-schedules-suite";

describe.skipIf(!pgUrl)("on PostgreSQL", () => {
  heartbeatScheduleSuite(() => ({ provider: "postgresql", url: pgUrl! }));
});
