// Team secrets on SQLite (see team-secrets-suite.ts).
import { describe } from "vitest";
import { sqliteFor } from "../support/handlers";
import { teamSecretsSuite } from "./team-secrets-suite";

describe("on SQLite", () => {
  teamSecretsSuite(() => sqliteFor("team-secrets"));
});
