// The shell job type run by real worker processes: exit codes and output recorded, a timeout that
// stops the whole process tree, a worker with ALLOW_SHELL_JOBS off refusing to run one, and no
// command outliving its worker: neither a graceful stop nor a SIGKILL (then the watcher beside
// the command kills its group by itself; a worker started again records the run lost).
//
// Each command writes its process group id ($$: /bin/sh -c leads its group) to a file, so the test
// can look for the group's processes with ps.
import { execFileSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, expect, test } from "vitest";
import { createDb, type Db } from "../../lib/db/client";
import { migrate } from "../../lib/db/migrate";
import { SHELL_OFF_ON_WORKER } from "../../lib/entrypoints/shell";
import { queueManualRun } from "../../lib/runs/runs";
import { createSchedule } from "../../lib/schedules/schedules";
import { scheduleCreateSchema } from "../../lib/validation/schedules";
import { tempDir, unique } from "../support/databases";
import { sqliteFor } from "../support/handlers";
import { waitFor } from "../support/server";
import { ownerAccess } from "../support/teams";
import { startWorker, type WorkerProcess } from "../support/worker-process";

const target = sqliteFor("shell-job");
const dir = tempDir("shell-job");
let db: Db;
let userId: string;
const groups: number[] = [];
const workers: WorkerProcess[] = [];

beforeAll(async () => {
  process.env.ALLOW_SHELL_JOBS = "true"; // this process registers the schedules (the web app's side)
  await migrate(target);
  db = await createDb(target);
  userId = (await db.user.create({ data: { email: `${unique("shell")}@example.com`, passwordHash: "x" } })).id;
});
afterAll(async () => {
  for (const w of workers) if (w.proc.exitCode === null && w.proc.signalCode === null) await w.stop("SIGKILL");
  for (const pgid of groups) if (members(pgid).length) process.kill(-pgid, "SIGKILL");
  await db?.$disconnect();
});

function worker(id: string, env: Record<string, string>): WorkerProcess {
  const w = startWorker(target, id, env);
  workers.push(w);
  return w;
}

/** The live processes of group `pgid` (zombies, dead and waiting for init, left out). */
function members(pgid: number): string[] {
  const out = execFileSync("ps", ["-eo", "pid=,pgid=,stat=,args="], { encoding: "utf8" });
  return out.split("\n").filter((l) => {
    const [, group, stat] = l.trim().split(/\s+/);
    return group === String(pgid) && !stat.startsWith("Z");
  });
}

async function queue(command: string, extra: Record<string, unknown> = {}) {
  const schedule = await createSchedule(
    db,
    ownerAccess(userId),
    scheduleCreateSchema.parse({ name: unique("cmd"), cronExpression: "0 0 1 1 *", isEnabled: false, entrypoint: "shell", payload: { command }, ...extra }),
  );
  return (await queueManualRun(db, ownerAccess(userId), schedule.id)).id;
}

const runOf = (id: string) => db.run.findUniqueOrThrow({ where: { id } });

async function finished(id: string, w: WorkerProcess) {
  await waitFor(async () => !["queued", "running"].includes((await runOf(id)).status), 20_000, () => `run ${id} to finish\n${w.output()}`);
  return runOf(id);
}

/** Waits for the command to write its group id to `file`, and for that group to be running `sleep`. */
async function groupOf(file: string, w: WorkerProcess): Promise<number> {
  await waitFor(async () => existsSync(file) && readFileSync(file, "utf8").endsWith("\n"), 20_000, () => `the command to start\n${w.output()}`);
  const pgid = Number(readFileSync(file, "utf8").trim());
  groups.push(pgid);
  await waitFor(async () => members(pgid).filter((l) => / sleep 300$/.test(l)).length === 2, 5_000, () => `two sleeps in group ${pgid}: ${members(pgid).join("\n")}`);
  return pgid;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

test("exit codes and output are recorded; a timeout stops the command and every process it started", async () => {
  const w = worker(unique("shell-on"), { ALLOW_SHELL_JOBS: "true" });
  try {
    const failed = await finished(await queue("echo hello; echo 'no space left' >&2; exit 3"), w);
    expect(failed).toMatchObject({ status: "failed", error: { name: "ShellExitError", message: "the command exited with code 3: no space left" } });
    expect(failed.result).toMatchObject({ exitCode: 3, signal: null, stdout: "hello\n", stderr: "no space left\n" });
    const ok = await finished(await queue("echo run $ALMANAC_RUN_ID; test -z \"$DATABASE_URL\""), w);
    expect(ok).toMatchObject({ status: "succeeded", result: { exitCode: 0, stdout: `run ${ok.id}\n` } });

    const file = path.join(dir, "timeout.pgid");
    const id = await queue(`sleep 300 & sleep 300 & echo $$ > ${file}; wait`, { timeoutSeconds: 2 });
    const pgid = await groupOf(file, w);
    expect((await finished(id, w)).status).toBe("timed_out");
    await waitFor(async () => members(pgid).length === 0, 3_000, () => `group ${pgid} gone after the timeout: ${members(pgid).join("\n")}`);
  } finally {
    expect(await w.stop()).toBe(0);
  }
}, 60_000);

test("a worker whose ALLOW_SHELL_JOBS is off refuses to run a stored shell schedule, saying why", async () => {
  const w = worker(unique("shell-off"), { ALLOW_SHELL_JOBS: "false" });
  try {
    const file = path.join(dir, "refused.txt");
    const run = await finished(await queue(`echo ran > ${file}`), w);
    expect(run).toMatchObject({ status: "failed", error: { name: "EntrypointError", message: SHELL_OFF_ON_WORKER } });
    expect(existsSync(file)).toBe(false);
  } finally {
    expect(await w.stop()).toBe(0);
  }
}, 60_000);

test("a worker's graceful stop leaves no command running: the run is lost and its group gone when the worker exits", async () => {
  const w = worker(unique("shell-stop"), { ALLOW_SHELL_JOBS: "true", WORKER_SHUTDOWN_GRACE_SECONDS: "0" });
  const obeys = path.join(dir, "stop-obeys.pgid");
  const ignores = path.join(dir, "stop-ignores.pgid");
  const stopped = await queue(`sleep 300 & sleep 300 & echo $$ > ${obeys}; wait`, { timeoutSeconds: 600 });
  const stubborn = await queue(`trap '' TERM; sleep 300 & sleep 300 & echo $$ > ${ignores}; wait`, { timeoutSeconds: 600 });
  const pgids = [await groupOf(obeys, w), await groupOf(ignores, w)];
  const stoppingAt = Date.now();
  expect(await w.stop("SIGTERM")).toBe(0);
  // The worker waited for the group that ignored SIGTERM to get its SIGKILL.
  expect(Date.now() - stoppingAt).toBeGreaterThanOrEqual(4_500);
  for (const pgid of pgids) expect(members(pgid)).toEqual([]);
  for (const id of [stopped, stubborn]) expect(await runOf(id)).toMatchObject({ status: "lost" });
}, 60_000);

test("SIGKILL of the worker: the watcher kills the command's group (SIGKILL 5 s after SIGTERM, which it ignores); a restarted worker records the run lost", async () => {
  const workerId = unique("shell-kill");
  const first = worker(workerId, { ALLOW_SHELL_JOBS: "true" });
  const file = path.join(dir, "kill.pgid");
  // TERM ignored by the shell and its children: only the watcher's SIGKILL can stop them.
  const id = await queue(`trap '' TERM; sleep 300 & sleep 300 & echo $$ > ${file}; wait`, { timeoutSeconds: 600 });
  const pgid = await groupOf(file, first);
  expect((await runOf(id)).status).toBe("running");
  const killedAt = Date.now();
  expect(await first.stop("SIGKILL")).toBe(null);
  await sleep(1_000);
  expect(members(pgid).length).toBeGreaterThan(0); // SIGTERM came and was ignored
  await waitFor(async () => members(pgid).length === 0, 10_000, () => `group ${pgid} gone after the worker's SIGKILL: ${members(pgid).join("\n")}`, 50);
  const tookMs = Date.now() - killedAt;
  console.log(`shell-job: the group of a SIGKILLed worker's command was gone ${tookMs} ms after the kill`);
  expect(tookMs).toBeLessThan(8_000);

  // The same worker id, started again, finds the run it left running and records it lost.
  const second = worker(workerId, { ALLOW_SHELL_JOBS: "true" });
  try {
    await waitFor(async () => (await runOf(id)).status === "lost", 20_000, () => `the run recorded lost\n${second.output()}`);
  } finally {
    expect(await second.stop()).toBe(0);
  }
}, 60_000);
