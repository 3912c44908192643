// Secret URLs on PostgreSQL (see secret-urls-suite.ts).
import { describe } from "vitest";
import { pgUrl } from "../support/databases";
import { secretUrlSuite } from "./secret-urls-suite";

describe.skipIf(!pgUrl)("on PostgreSQL", () => {
  secretUrlSuite(() => ({ provider: "postgresql", url: pgUrl! }));
});
