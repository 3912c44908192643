// The teams API on PostgreSQL (see teams-suite.ts).
import { describe } from "vitest";
import { pgUrl } from "../support/databases";
import { teamsApiSuite } from "./teams-suite";

describe.skipIf(!pgUrl)("on PostgreSQL", () => {
  teamsApiSuite(() => ({ provider: "postgresql", url: pgUrl! }));
});
