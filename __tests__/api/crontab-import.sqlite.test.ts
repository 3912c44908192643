// Crontab import on SQLite (see crontab-import-suite.ts).
import { describe, vi } from "vitest";
import { sqliteFor } from "../support/handlers";
import { crontabImportSuite } from "./crontab-import-suite";

// The web app's switches, before anything reads the environment (LIMIT in the suite).
vi.hoisted(() => void Object.assign(process.env, { ALLOW_SHELL_JOBS: "true", MAX_SCHEDULES_PER_TEAM: "8" }));

describe("on SQLite", () => {
  crontabImportSuite(() => sqliteFor("crontab-import"));
});
