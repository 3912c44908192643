// `npm start` as a newcomer runs it: on an empty DATA_DIR it creates the SQLite file and the
// secret, migrates, serves the app and runs a worker; Ctrl-C (SIGINT) stops both, exit code 0.
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import path from "node:path";
import { expect, test } from "vitest";
import { createDb } from "../../lib/db/client";
import { ROOT } from "../../lib/db/schema-source";
import { sqliteTarget } from "../../lib/db/target";
import { tempDir } from "../support/databases";
import { exitOf, freePort, waitFor } from "../support/server";
import { WORKER_BUNDLE } from "../../scripts/lib/worker-bundle";

/** `args`: what Node runs, as npm start and npm run worker run it. */
function launch(args: string[], env: Record<string, string>) {
  let output = "";
  const proc = spawn(process.execPath, args, {
    cwd: ROOT,
    env: { ...process.env, NODE_ENV: "production", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  proc.stdout!.on("data", (d) => (output += d));
  proc.stderr!.on("data", (d) => (output += d));
  return { proc, output: () => output };
}

test("npm start serves the app with a worker on a fresh data directory, and SIGINT stops both cleanly", async () => {
  const dataDir = path.join(tempDir(), "data"); // does not exist yet
  const port = await freePort();
  const { proc, output } = launch(["--import", "tsx", path.join(ROOT, "scripts/start.ts")], { DATA_DIR: dataDir, PORT: String(port), DATABASE_URL: "" });
  const base = `http://127.0.0.1:${port}`;
  try {
    await waitFor(async () => {
      const res = await fetch(`${base}/api/health`);
      return res.ok && (await res.json()).worker.online === true;
    }, 60_000, "the web app with an online worker");
    expect(existsSync(path.join(dataDir, "almanac.db"))).toBe(true);
    expect(existsSync(path.join(dataDir, "auth-secret"))).toBe(true);
    const login = await fetch(`${base}/login`);
    expect(login.status).toBe(200);
    expect(await login.text()).toContain("Sign in to Almanac");
  } catch (err) {
    proc.kill("SIGKILL");
    throw new Error(`${(err as Error).message}\n--- output ---\n${output()}`);
  }

  proc.kill("SIGINT");
  const { code } = await exitOf(proc);
  expect(code, output()).toBe(0);
  await expect(fetch(`${base}/api/health`)).rejects.toThrow(); // the web app is gone too
  const db = await createDb(sqliteTarget(path.join(dataDir, "almanac.db")));
  expect(await db.workerHeartbeat.count()).toBe(0); // the worker retired its heartbeat on the way out
  await db.$disconnect();
}, 90_000);

test("npm run worker alone (its bundle, run by plain Node) migrates an empty database, heartbeats, and exits 0 on SIGTERM", async () => {
  const dataDir = tempDir();
  const { proc, output } = launch([WORKER_BUNDLE], { DATA_DIR: dataDir, DATABASE_URL: "" });
  const db = () => createDb(sqliteTarget(path.join(dataDir, "almanac.db")));
  await waitFor(async () => {
    if (!existsSync(path.join(dataDir, "almanac.db"))) return false;
    const conn = await db();
    try {
      return (await conn.workerHeartbeat.count()) === 1;
    } finally {
      await conn.$disconnect();
    }
  }, 30_000, `a worker heartbeat\n${output()}`);
  proc.kill("SIGTERM");
  expect((await exitOf(proc)).code, output()).toBe(0);
  expect(output()).toMatch(/worker started/);
});

test("a bad environment stops npm start with a message naming the variable", async () => {
  const { proc, output } = launch(["--import", "tsx", path.join(ROOT, "scripts/start.ts")], { DATA_DIR: tempDir(), PORT: "not-a-port", DATABASE_URL: "mysql://x" });
  const { code } = await exitOf(proc);
  expect(code).toBe(2);
  expect(output()).toMatch(/PORT: must be a port number/);
  expect(output()).toMatch(/DATABASE_URL: must be a file: URL \(SQLite\) or a postgresql:\/\/ URL/);
});
