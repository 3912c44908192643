// Token expiry limits on PostgreSQL (see token-expiry-suite.ts).
import { describe } from "vitest";
import { pgUrl } from "../support/databases";
import { tokenExpirySuite } from "./token-expiry-suite";

describe.skipIf(!pgUrl)("on PostgreSQL", () => {
  tokenExpirySuite(() => ({ provider: "postgresql", url: pgUrl! }));
});
