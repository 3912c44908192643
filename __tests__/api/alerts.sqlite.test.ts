// The alerts API on SQLite (see alerts-suite.ts).
import { describe, vi } from "vitest";
import { sqliteFor } from "../support/handlers";
import { alertsApiSuite } from "./alerts-suite";

vi.hoisted(() => {
  // The test receivers are on loopback, which the network policy refuses unless the operator allows it.
  process.env.ALLOW_PRIVATE_NETWORK_TARGETS = "true";
});

describe("on SQLite", () => {
  alertsApiSuite(() => sqliteFor("alerts"));
});
