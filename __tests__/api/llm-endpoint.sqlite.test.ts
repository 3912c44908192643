// A team's model endpoint for llm jobs on SQLite (see llm-endpoint-suite.ts).
import { describe } from "vitest";
import { sqliteFor } from "../support/handlers";
import { llmEndpointSuite } from "./llm-endpoint-suite";

describe("on SQLite", () => {
  llmEndpointSuite(() => sqliteFor("llm-endpoint"));
});
