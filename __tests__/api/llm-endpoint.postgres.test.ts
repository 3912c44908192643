// A team's model endpoint for llm jobs on PostgreSQL (see llm-endpoint-suite.ts).
import { describe } from "vitest";
import { pgUrl } from "../support/databases";
import { llmEndpointSuite } from "./llm-endpoint-suite";

describe.skipIf(!pgUrl)("on PostgreSQL", () => {
  llmEndpointSuite(() => ({ provider: "postgresql", url: pgUrl! }));
});
