// The `almanac` CLI as a real process against a real `next start` (SQLite) and a real worker: login
// writing its config 0600, schedules create/ls/get/edit/pause/resume/run/rm in tables and --json,
// runs ls, a finished run's logs, following a running run's output to its end (exit 0 when it
// succeeded, 1 when not), --team, the exit codes for bad input, not logged in and not found,
// --help of each command, and a heartbeat check's ping URL (get, a ping, rotate-ping-key once
// its route is here). One server for the whole file.
import { existsSync, readFileSync, statSync, writeFileSync } from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { afterAll, beforeAll, expect, test } from "vitest";
import { sqliteTarget } from "../../lib/db/target";
import { cliHome, runCli, type CliResult } from "../support/cli";
import { tempDir, unique } from "../support/databases";
import { call } from "../support/http";
import { startServer, waitFor, type TestServer } from "../support/server";
import { startWorker, type WorkerProcess } from "../support/worker-process";

/** How long the slow target takes to answer: long enough that `--follow` sees the run going on. */
const SLOW_MS = 1500;

const target = sqliteTarget(path.join(tempDir("cli-process"), "almanac.db"));
let server: TestServer;
let worker: WorkerProcess;
let receiver: http.Server;
let hooks: { slow: string; failing: string };
let token: string;
let auth: Record<string, string>;
/** The account's Bearer JWT (the API token is the CLI's). */
let jwt: Record<string, string>;
/** A logged-in CLI home (login's test fills it). */
const home = cliHome();

beforeAll(async () => {
  receiver = http.createServer((req, res) => {
    req.resume();
    if (req.url === "/fail") return void res.writeHead(500).end("boom");
    setTimeout(() => res.writeHead(200, { "content-type": "text/plain" }).end("done"), SLOW_MS).unref();
  });
  await new Promise<void>((r) => receiver.listen(0, "127.0.0.1", r));
  const base = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`;
  hooks = { slow: `${base}/slow`, failing: `${base}/fail` };
  server = await startServer(target, { ALLOW_PRIVATE_NETWORK_TARGETS: "true" });
  worker = startWorker(target, unique("cli-worker"), { ALLOW_PRIVATE_NETWORK_TARGETS: "true" });
  const email = `${unique("cli")}@example.com`;
  await call(server.url, "POST", "/api/v1/auth/register", { body: { email, password: "password123" } });
  const { json } = await call(server.url, "POST", "/api/v1/auth/token", { body: { email, password: "password123" } });
  jwt = { authorization: `Bearer ${json.accessToken}` };
  // A Bearer JWT may create only a token that expires no later than itself (an hour).
  const expiresAt = new Date(Date.now() + 30 * 60_000).toISOString();
  const created = await call(server.url, "POST", "/api/v1/tokens", { headers: jwt, body: { name: "cli", expiresAt } });
  expect(created.status).toBe(201);
  token = created.json.token;
  auth = { authorization: `Bearer ${token}` };
}, 120_000);
afterAll(async () => {
  await worker?.stop();
  await server?.stop();
  receiver?.closeAllConnections();
  receiver?.close();
});

const cli = (args: string[], input = "", env: Record<string, string> = home) => runCli(args, env, input);
function expectExit(r: CliResult, code: number) {
  expect(r.code, `stdout:\n${r.stdout}\nstderr:\n${r.stderr}`).toBe(code);
}
const json = (r: CliResult) => {
  expectExit(r, 0);
  return JSON.parse(r.stdout);
};

async function runFinished(runId: string) {
  await waitFor(
    async () => {
      const { json: page } = await call(server.url, "GET", "/api/v1/runs?limit=200", { headers: auth });
      return page.items.some((r: { id: string; status: string }) => r.id === runId && !["queued", "running"].includes(r.status));
    },
    20_000,
    () => `run ${runId} to finish\n${worker.output()}`,
  );
}

test("login reads the token from stdin, checks it, and saves it 0600 in a 0700 folder; a refused token exits 3", async () => {
  const refused = await cli(["login", "--url", server.url], "alm_not_a_token\n");
  expectExit(refused, 3);
  expect(refused.stderr).toContain("refused this token");

  const r = await cli(["login", "--url", `${server.url}/`], `${token}\n`);
  expectExit(r, 0);
  expect(r.stderr).toMatch(/^Logged in to http:\/\/127\.0\.0\.1:\d+ as cli-.*@example\.com/);
  const file = path.join(home.XDG_CONFIG_HOME, "almanac", "config.json");
  expect(statSync(file).mode & 0o777).toBe(0o600);
  expect(statSync(path.dirname(file)).mode & 0o777).toBe(0o700);
  expect(JSON.parse(readFileSync(file, "utf8"))).toEqual({ url: server.url, token });
  expect((await cli(["whoami"])).stdout).toMatch(/^cli-.*@example\.com on http/);
});

test("without a login the CLI exits 3 saying how to log in; ALMANAC_URL and ALMANAC_TOKEN stand in for one", async () => {
  const fresh = cliHome();
  const r = await cli(["schedules", "ls"], "", fresh);
  expectExit(r, 3);
  expect(r.stderr).toBe("almanac: not logged in: run `almanac login --url <server>`, or set ALMANAC_URL and ALMANAC_TOKEN\n");
  const viaEnv = await cli(["schedules", "ls", "--json"], "", { ...fresh, ALMANAC_URL: server.url, ALMANAC_TOKEN: token });
  expect(json(viaEnv)).toHaveProperty("items");
});

test("schedules: create, get by name, ls as a table and as JSON, edit, pause, resume, rm", async () => {
  const name = unique("nightly");
  const created = json(await cli(["schedules", "create", "--name", name, "--cron", "0 2 * * *", "--timezone", "Europe/Berlin", "--payload", '{"message": "hi"}', "--json"]));
  expect(created).toMatchObject({ name, cronExpression: "0 2 * * *", timezone: "Europe/Berlin", entrypoint: "log", payload: { message: "hi" }, isEnabled: true });

  const got = await cli(["schedules", "get", name]);
  expectExit(got, 0);
  expect(got.stdout).toContain(`id:          ${created.id}`);
  expect(got.stdout).toContain("schedule:    0 2 * * * (At 02:00 AM, every day (Europe/Berlin))");
  expect(json(await cli(["schedules", "get", created.id, "--json"])).id).toBe(created.id);

  const ls = await cli(["schedules", "ls", "--search", name]);
  expectExit(ls, 0);
  expect(ls.stdout).not.toContain("\x1b["); // no colour off a terminal
  const [header, row, ...rest] = ls.stdout.trimEnd().split("\n");
  expect(rest).toEqual([]);
  expect(header.split(/\s{2,}/)).toEqual(["ID", "NAME", "SCHEDULE", "ZONE", "ENABLED", "NEXT RUN", "LAST STATUS"]);
  expect(row.split(/\s{2,}/)).toEqual([created.id, name, "At 02:00 AM, every day", "Europe/Berlin", "yes", expect.stringMatching(/^in \d+/), "-"]);

  const edited = json(await cli(["schedules", "edit", name, "--cron", "30 3 * * *", "--json"]));
  expect(edited.cronExpression).toBe("30 3 * * *");

  const paused = await cli(["schedules", "pause", name]);
  expectExit(paused, 0);
  expect(paused.stderr).toBe(`Paused "${name}"\n`);
  expect(json(await cli(["schedules", "ls", "--disabled", "--search", name, "--json"])).items.map((s: { id: string }) => s.id)).toEqual([created.id]);
  expect(json(await cli(["schedules", "ls", "--enabled", "--search", name, "--json"])).items).toEqual([]);
  expect(json(await cli(["schedules", "resume", created.id, "--json"])).isEnabled).toBe(true);

  const refused = await cli(["schedules", "rm", name]);
  expectExit(refused, 2); // no terminal to ask on, no --yes
  expect(json(await cli(["schedules", "get", name, "--json"])).id).toBe(created.id);
  const removed = await cli(["schedules", "rm", name, "--yes"]);
  expectExit(removed, 0);
  expect(removed.stderr).toBe(`Deleted "${name}" (${created.id})\n`);
  const gone = await cli(["schedules", "get", name]);
  expectExit(gone, 4);
  expect(gone.stderr).toBe(`almanac: no schedule with the id or name "${name}"\n`);
});

test("bad input: the API's message and its field (exit 1); commander's usage errors (exit 2)", async () => {
  const bad = await cli(["schedules", "create", "--name", unique("bad"), "--cron", "0 0 30 2 *"]);
  expectExit(bad, 1);
  expect(bad.stderr).toMatch(/^almanac: .*February has no 30th \(HTTP 400\)\n {2}cronExpression: .*February has no 30th\n$/);
  expectExit(await cli(["schedules", "create", "--cron", "* * * * *"]), 2);
  const limit = await cli(["schedules", "ls", "--limit", "0"]);
  expectExit(limit, 2);
  expect(limit.stderr).toContain("--limit must be a whole number of at least 1");
  expectExit(await cli(["runs", "ls", "--status", "sideways"]), 2);
  expectExit(await cli(["schedules", "launch"]), 2);
});

test("run prints the run's id; runs ls and logs show the finished run", async () => {
  const name = unique("hello");
  json(await cli(["schedules", "create", "--name", name, "--cron", "0 0 1 1 *", "--disabled", "--payload", '{"message": "hello, output"}', "--json"]));
  const r = await cli(["schedules", "run", name]);
  expectExit(r, 0);
  const runId = r.stdout.trim();
  expect(runId).toMatch(/^\S+$/);
  await runFinished(runId);

  const runs = json(await cli(["runs", "ls", "--schedule", name, "--json"]));
  expect(runs.items.map((x: { id: string; status: string; trigger: string }) => [x.id, x.status, x.trigger])).toEqual([[runId, "succeeded", "manual"]]);
  const table = await cli(["runs", "ls", "--schedule", name]);
  expectExit(table, 0);
  expect(table.stdout.split("\n")[1].split(/\s{2,}/).slice(0, 4)).toEqual([runId, name, "manual", "succeeded"]);
  expect(json(await cli(["runs", "ls", "--status", "failed", "--schedule", name, "--json"])).items).toEqual([]);

  const logs = await cli(["logs", runId]);
  expectExit(logs, 0);
  expect(logs.stdout).toBe("");
  expect(logs.stderr).toContain("hello, output\n");
  expectExit(await cli(["logs", "no-such-run"]), 4);
});

test("run --follow prints the output while the run goes on and exits 0 when it succeeded; logs -f of a failing run exits 1", async () => {
  const slow = unique("slow");
  json(await cli(["schedules", "create", "--name", slow, "--cron", "0 0 1 1 *", "--disabled", "--entrypoint", "http", "--payload", JSON.stringify({ url: hooks.slow, method: "GET" }), "--json"]));
  // The line the job writes when it starts must arrive while the target is still answering.
  let firstLineAt = 0;
  const followed = await runCli(["schedules", "run", slow, "--follow"], home, "", {
    onStderr: (all) => {
      if (!firstLineAt && all.includes("GET http")) firstLineAt = Date.now();
    },
  });
  const endedAt = Date.now();
  expectExit(followed, 0);
  expect(firstLineAt).toBeGreaterThan(0);
  expect(endedAt - firstLineAt).toBeGreaterThanOrEqual(SLOW_MS - 600);
  expect(followed.stderr).toContain(`GET ${new URL(hooks.slow).origin}`);
  expect(followed.stderr).toMatch(/HTTP 200/);
  expect(followed.stderr.trimEnd().split("\n").at(-1)).toBe("run succeeded");

  const failing = unique("failing");
  json(await cli(["schedules", "create", "--name", failing, "--cron", "0 0 1 1 *", "--disabled", "--entrypoint", "http", "--payload", JSON.stringify({ url: hooks.failing, method: "GET" }), "--json"]));
  const runId = (await cli(["schedules", "run", failing])).stdout.trim();
  const logs = await cli(["logs", "-f", runId]);
  expectExit(logs, 1);
  expect(logs.stderr.trimEnd().split("\n").at(-1)).toBe("run failed");
});

test("--team names a team by name: create goes there, ls shows only its schedules", async () => {
  const team = await call(server.url, "POST", "/api/v1/teams", { headers: jwt, body: { name: unique("Platform") } });
  expect(team.status).toBe(201);
  const name = unique("team-job");
  const created = json(await cli(["schedules", "create", "--team", team.json.name, "--name", name, "--cron", "@daily", "--json"]));
  expect(created.teamId).toBe(team.json.id);
  const listed = json(await cli(["schedules", "ls", "--team", team.json.name, "--json"]));
  expect(listed.items.map((s: { name: string }) => s.name)).toEqual([name]);
  expectExit(await cli(["schedules", "ls", "--team", "no such team"]), 4);
});

test("a heartbeat check: created with --entrypoint heartbeat, `schedules get` prints its ping URL, and that URL takes a ping", async () => {
  const name = unique("backup-check");
  const created = json(await cli(["schedules", "create", "--name", name, "--cron", "0 3 * * *", "--entrypoint", "heartbeat", "--payload", '{"graceSeconds": 600}', "--json"]));
  expect(created).toMatchObject({ entrypoint: "heartbeat", payload: { graceSeconds: 600 }, pingUrl: expect.stringMatching(new RegExp(`^${server.url}/ping/[A-Za-z0-9_-]{24}$`)) });
  const got = await cli(["schedules", "get", name]);
  expectExit(got, 0);
  expect(got.stdout).toMatch(new RegExp(`^ping URL: +${created.pingUrl}$`, "m"));
  const ping = await fetch(created.pingUrl);
  expect([ping.status, (await ping.text()).trim()]).toEqual([200, "OK"]);
  expect(json(await cli(["runs", "ls", "--schedule", name, "--json"])).items.map((r: { trigger: string }) => r.trigger)).toEqual(["ping"]);
});

test(
  "schedules rotate-ping-key prints the check's new ping URL; the old one is a 404 from then on",
  async () => {
    const name = unique("rotated-check");
    const created = json(await cli(["schedules", "create", "--name", name, "--cron", "0 3 * * *", "--entrypoint", "heartbeat", "--json"]));
    const r = await cli(["schedules", "rotate-ping-key", name]);
    expectExit(r, 0);
    const fresh = r.stdout.trim();
    expect(fresh).toMatch(new RegExp(`^${server.url}/ping/[A-Za-z0-9_-]{24}$`));
    expect(fresh).not.toBe(created.pingUrl);
    expect((await fetch(created.pingUrl)).status).toBe(404);
    expect((await fetch(fresh)).status).toBe(200);
    expect(json(await cli(["schedules", "get", name, "--json"])).pingUrl).toBe(fresh);
  },
);

test("--help of every command exits 0 with an example", async () => {
  const commands = [[], ["login"], ["logout"], ["whoami"], ["schedules"], ...["ls", "get", "create", "edit", "rm", "pause", "resume", "run", "rotate-ping-key"].map((c) => ["schedules", c]), ["runs", "ls"], ["logs"], ["export"], ["apply"], ["import-crontab"]];
  for (const c of commands) {
    const r = await cli([...c, "--help"]);
    expectExit(r, 0);
    expect(r.stdout, c.join(" ")).toMatch(/Usage: almanac/);
    expect(r.stdout, c.join(" ")).toMatch(/Examples?:\n {2}\$ .*almanac /);
  }
});

test("schedules as code against the real server: export to YAML, edit it, apply shows the plan and applies exactly it; a crontab becomes schedules", async () => {
  const team = await call(server.url, "POST", "/api/v1/teams", { headers: jwt, body: { name: unique("Code") } });
  expect(team.status).toBe(201);
  const t = ["--team", team.json.name];
  json(await cli(["schedules", "create", ...t, "--name", "backup", "--cron", "0 2 * * *", "--payload", '{"message": "backing up"}', "--json"]));
  json(await cli(["schedules", "create", ...t, "--name", "report", "--cron", "0 8 * * 1", "--json"]));

  const file = path.join(tempDir("cli-code"), "schedules.yaml");
  expectExit(await cli(["export", ...t, "-o", file]), 0);
  const exported = readFileSync(file, "utf8");
  expect(exported).toContain("backup:");
  expect(exported).toContain("report:");

  // Unchanged, applied back: nothing to do.
  const same = await cli(["apply", ...t, "-f", file, "--yes"]);
  expectExit(same, 0);
  expect(json(await cli(["apply", ...t, "-f", file, "--dry-run", "--json"]))).toMatchObject({ created: [], updated: [], deleted: [], unchanged: 2 });

  // Edited: backup moves to 03:00, report goes (pruned), cleanup is new.
  const { parse, stringify } = await import("yaml");
  const doc = parse(exported) as { schedules: Record<string, Record<string, unknown>> };
  doc.schedules.backup.cronExpression = "0 3 * * *";
  doc.schedules.cleanup = { ...doc.schedules.report, payload: { message: "cleaning up" } };
  delete doc.schedules.report;
  writeFileSync(file, stringify(doc));
  const plan = json(await cli(["apply", ...t, "-f", file, "--prune", "--dry-run", "--json"]));
  expect(plan).toMatchObject({ created: ["cleanup"], updated: [{ name: "backup", changes: { cronExpression: { from: "0 2 * * *", to: "0 3 * * *" } } }], deleted: ["report"], unchanged: 0 });
  const shown = await cli(["apply", ...t, "-f", file, "--prune", "--dry-run"]);
  expectExit(shown, 0);
  expect(shown.stdout).toMatch(/\+ cleanup/);
  expect(shown.stdout).toMatch(/~ backup/);
  expect(shown.stdout).toMatch(/- report/);
  expect(json(await cli(["schedules", "ls", ...t, "--json"])).items.map((s: { name: string }) => s.name)).toEqual(["backup", "report"]); // a dry run wrote nothing
  expectExit(await cli(["apply", ...t, "-f", file, "--prune", "--yes"]), 0);
  const after = json(await cli(["schedules", "ls", ...t, "--json"])).items as { name: string; cronExpression: string }[];
  expect(after.map((s) => [s.name, s.cronExpression])).toEqual([
    ["backup", "0 3 * * *"],
    ["cleanup", "0 8 * * 1"],
  ]);
  // Exported again, the document applied is what comes back: applying it changes nothing.
  expectExit(await cli(["export", ...t, "-o", file]), 0);
  expect(json(await cli(["apply", ...t, "-f", file, "--prune", "--dry-run", "--json"]))).toMatchObject({ created: [], updated: [], deleted: [], unchanged: 2 });

  // A crontab: its entries become shell jobs where the operator allows them; this server does not, so each line comes back with why.
  const crontab = "# Nightly rotation\n0 4 * * * /usr/sbin/logrotate /etc/logrotate.conf\n@reboot /start.sh\nMAILTO=ops@example.com\n";
  const imported = await cli(["import-crontab", ...t, "-f", "-", "--dry-run", "--json"], crontab);
  const answer = json(imported);
  expect(answer.imported).toEqual([]);
  expect(answer.skipped.map((s: { line: number; reason: string }) => [s.line, s.reason])).toEqual([
    [2, expect.stringContaining("ALLOW_SHELL_JOBS")],
    [3, expect.stringContaining("@reboot")],
    [4, expect.stringContaining("MAILTO")],
  ]);
});
