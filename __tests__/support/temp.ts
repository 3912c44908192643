// Temporary directories for tests and benchmarks (no vitest imports: benchmarks run without it).
import { mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";

export function tempDir(label = "almanac-test"): string {
  return mkdtempSync(path.join(os.tmpdir(), `${label}-`));
}
