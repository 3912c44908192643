// Export and apply of schedules documents on SQLite (see schedules-as-code-suite.ts).
import { describe, vi } from "vitest";
import { sqliteFor } from "../support/handlers";
import { schedulesAsCodeSuite } from "./schedules-as-code-suite";

// The web app's switch for shell jobs, before anything reads the environment.
vi.hoisted(() => void (process.env.ALLOW_SHELL_JOBS = "true"));

describe("on SQLite", () => {
  schedulesAsCodeSuite(() => sqliteFor("schedules-as-code"));
});
