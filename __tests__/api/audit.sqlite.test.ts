// The audit log on SQLite (see audit-suite.ts).
import { describe } from "vitest";
import { sqliteFor } from "../support/handlers";
import { auditSuite } from "./audit-suite";

describe("on SQLite", () => {
  auditSuite(() => sqliteFor("audit"));
});
