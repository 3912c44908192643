// Real worker processes for integration tests: the bundle that npm start and npm run worker run
// (built by the global setup, scripts/lib/worker-bundle.ts).
import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import { ROOT } from "../../lib/db/schema-source";
import { WORKER_BUNDLE } from "../../scripts/lib/worker-bundle";
import type { DbTarget } from "../../lib/db/target";
import { exitOf } from "./server";
import { tempDir } from "./temp";

export type WorkerProcess = { proc: ChildProcess; output: () => string; stop: (signal?: NodeJS.Signals) => Promise<number | null> };

export function startWorker(target: DbTarget, id: string, env: Record<string, string> = {}): WorkerProcess {
  let output = "";
  const proc = spawn(process.execPath, [WORKER_BUNDLE], {
    cwd: ROOT,
    env: { ...process.env, DATA_DIR: tempDir("worker"), DATABASE_URL: target.url, WORKER_ID: id, ALMANAC_SKIP_MIGRATE: "1", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  proc.stdout!.on("data", (d) => (output += d));
  proc.stderr!.on("data", (d) => (output += d));
  return {
    proc,
    output: () => output,
    stop: async (signal = "SIGTERM") => {
      proc.kill(signal);
      return (await exitOf(proc)).code;
    },
  };
}
