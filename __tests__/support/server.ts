// A real `next start` of the production build, on a free port, against a given database.
import { spawn, type ChildProcess } from "node:child_process";
import net from "node:net";
import path from "node:path";
import { migrate } from "../../lib/db/migrate";
import type { DbTarget } from "../../lib/db/target";
import { ROOT } from "../../lib/db/schema-source";
import { tempDir } from "./temp";

export type TestServer = { url: string; dataDir: string; pid: number; output: () => string; stop: () => Promise<void> };

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

/** Polls `check` until it holds; `what` names it in the error, and is a function when it should describe the state at the timeout (a process's output). */
export async function waitFor(check: () => Promise<boolean>, timeoutMs: number, what: string | (() => string), everyMs = 100): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check().catch(() => false)) return;
    await new Promise((r) => setTimeout(r, everyMs));
  }
  throw new Error(`timed out after ${timeoutMs} ms waiting for ${typeof what === "function" ? what() : what}`);
}

export function exitOf(proc: ChildProcess): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
  if (proc.exitCode !== null || proc.signalCode !== null) return Promise.resolve({ code: proc.exitCode, signal: proc.signalCode });
  return new Promise((resolve) => proc.once("exit", (code, signal) => resolve({ code, signal })));
}

/**
 * Starts the server and waits until /api/health answers 200; with `expectDatabaseDown`, until it
 * answers at all (for a database that cannot be reached).
 */
/** `nodeArgs`: flags for the server's Node process (e.g. --cpu-prof, which NODE_OPTIONS refuses). */
export async function startServer(target: DbTarget, extraEnv: Record<string, string> = {}, { expectDatabaseDown = false, nodeArgs = [] as string[] } = {}): Promise<TestServer> {
  if (!expectDatabaseDown) await migrate(target);
  const port = await freePort();
  const dataDir = tempDir("almanac-server");
  let output = "";
  const proc = spawn(process.execPath, [...nodeArgs, path.join(ROOT, "node_modules/next/dist/bin/next"), "start", "-p", String(port), "-H", "127.0.0.1"], {
    cwd: ROOT,
    env: {
      ...process.env,
      NODE_ENV: "production",
      NEXT_TELEMETRY_DISABLED: "1",
      DATA_DIR: dataDir,
      DATABASE_URL: target.url,
      PORT: String(port),
      // The throttles count in the database, and the test run's PostgreSQL database is shared by
      // every test file: one file's sign-ups and failed sign-ins from 127.0.0.1 must not spend
      // another's. Tests of the throttles set their own limits.
      REGISTRATIONS_PER_ADDRESS_PER_HOUR: "1000000",
      LOGIN_FAILURES_PER_ADDRESS: "1000000",
      // Most test servers run with no worker: only tests of the workers' watch want worker.down.
      WORKER_DOWN_AFTER_SECONDS: "86400",
      ...extraEnv,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  proc.stdout!.on("data", (d) => (output += d));
  proc.stderr!.on("data", (d) => (output += d));
  const url = `http://127.0.0.1:${port}`;
  try {
    await waitFor(async () => {
      if (proc.exitCode !== null) throw new Error(`next start exited early:\n${output}`);
      const res = await fetch(`${url}/api/health`);
      return expectDatabaseDown || res.ok;
    }, 30_000, `next start on ${url}`);
  } catch (err) {
    proc.kill("SIGKILL");
    throw new Error(`${(err as Error).message}\n${output}`);
  }
  return {
    url,
    dataDir,
    pid: proc.pid!,
    output: () => output,
    stop: async () => {
      proc.kill("SIGTERM");
      await exitOf(proc);
    },
  };
}
