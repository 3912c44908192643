// The assistant's alert conversations on PostgreSQL (see alerts-suite.ts).
import { describe } from "vitest";
import { pgUrl } from "../support/databases";
import { alertsSuite } from "./alerts-suite";

describe.skipIf(!pgUrl)("on PostgreSQL", () => {
  alertsSuite(() => ({ provider: "postgresql", url: pgUrl! }));
});
