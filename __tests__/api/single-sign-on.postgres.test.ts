// Single sign-on's account rules on PostgreSQL (see single-sign-on-suite.ts).
import { describe } from "vitest";
import { pgUrl } from "../support/databases";
import { singleSignOnSuite } from "./single-sign-on-suite";

describe.skipIf(!pgUrl)("on PostgreSQL", () => {
  singleSignOnSuite(() => ({ provider: "postgresql", url: pgUrl! }));
});
