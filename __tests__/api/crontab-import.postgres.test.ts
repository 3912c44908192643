// Crontab import on PostgreSQL (see crontab-import-suite.ts).
import { describe, vi } from "vitest";
import { pgUrl } from "../support/databases";
import { crontabImportSuite } from "./crontab-import-suite";

// The web app's switches, before anything reads the environment (LIMIT in the suite).
vi.hoisted(() => void Object.assign(process.env, { ALLOW_SHELL_JOBS: "true", MAX_SCHEDULES_PER_TEAM: "8" }));

describe.skipIf(!pgUrl)("on PostgreSQL", () => {
  crontabImportSuite(() => ({ provider: "postgresql", url: pgUrl! }));
});
