// Who may create and change shell schedules, on SQLite (see shell-schedules-suite.ts).
import { describe, vi } from "vitest";
import { sqliteFor } from "../support/handlers";
import { shellSchedulesSuite } from "./shell-schedules-suite";

// The web app's switch, before anything reads the environment.
vi.hoisted(() => void (process.env.ALLOW_SHELL_JOBS = "true"));

describe("on SQLite", () => {
  shellSchedulesSuite(() => sqliteFor("shell-schedules"));
});
