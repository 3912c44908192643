// The audit log on PostgreSQL (see audit-suite.ts).
import { describe } from "vitest";
import { pgUrl } from "../support/databases";
import { auditSuite } from "./audit-suite";

describe.skipIf(!pgUrl)("on PostgreSQL", () => {
  auditSuite(() => ({ provider: "postgresql", url: pgUrl! }));
});
