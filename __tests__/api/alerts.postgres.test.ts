// The alerts API on PostgreSQL (see alerts-suite.ts).
import { describe, vi } from "vitest";
import { pgUrl } from "../support/databases";
import { alertsApiSuite } from "./alerts-suite";

vi.hoisted(() => {
  // The test receivers are on loopback, which the network policy refuses unless the operator allows it.
  process.env.ALLOW_PRIVATE_NETWORK_TARGETS = "true";
});

describe.skipIf(!pgUrl)("on PostgreSQL", () => {
  alertsApiSuite(() => ({ provider: "postgresql", url: pgUrl! }));
});
