// Who may create and change shell schedules, on PostgreSQL (see shell-schedules-suite.ts).
import { describe, vi } from "vitest";
import { pgUrl } from "../support/databases";
import { shellSchedulesSuite } from "./shell-schedules-suite";

// The web app's switch, before anything reads the environment.
vi.hoisted(() => void (process.env.ALLOW_SHELL_JOBS = "true"));

describe.skipIf(!pgUrl)("on PostgreSQL", () => {
  shellSchedulesSuite(() => ({ provider: "postgresql", url: pgUrl! }));
});
