// Export and apply of schedules documents on PostgreSQL (see schedules-as-code-suite.ts).
import { describe, vi } from "vitest";
import { pgUrl } from "../support/databases";
import { schedulesAsCodeSuite } from "./schedules-as-code-suite";

// The web app's switch for shell jobs, before anything reads the environment.
vi.hoisted(() => void (process.env.ALLOW_SHELL_JOBS = "true"));

describe.skipIf(!pgUrl)("on PostgreSQL", () => {
  schedulesAsCodeSuite(() => ({ provider: "postgresql", url: pgUrl! }));
});
