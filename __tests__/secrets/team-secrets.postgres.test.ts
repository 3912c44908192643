// Team secrets on PostgreSQL (see team-secrets-suite.ts).
import { describe } from "vitest";
import { pgUrl } from "../support/databases";
import { teamSecretsSuite } from "./team-secrets-suite";

describe.skipIf(!pgUrl)("on PostgreSQL", () => {
  teamSecretsSuite(() => ({ provider: "postgresql", url: pgUrl! }));
});
