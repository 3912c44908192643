// The CLI as a real process against a small fake HTTP server that answers as the API does, for
// what a real server cannot be made to do on demand: answers of every shape export, apply and
// import-crontab can give (refusals with lines, a 403 plan), a followed output stream that drops
// mid-run, and a server that cannot be reached; and a heartbeat check's ping URL in `schedules
// get` and `schedules rotate-ping-key`, against the answers of GET /api/v1/schedules/{id} and
// POST /api/v1/schedules/{id}/ping-key. The same commands against the real server:
// __tests__/process/cli.test.ts.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { existsSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, expect, test } from "vitest";
import { freePort } from "../support/server";
import { cliHome, runCli, type CliResult } from "../support/cli";
import { tempDir } from "../support/temp";

type Seen = { method: string; url: string; headers: http.IncomingHttpHeaders; body: any };
const seen: Seen[] = [];
let server: http.Server;
let env: Record<string, string>;
let outputConnections = 0;
const dir = tempDir("cli-fake");

const PLAN = {
  created: ["new one"],
  updated: [{ name: "nightly", changes: { cronExpression: { from: "0 2 * * *", to: "0 3 * * *" } } }],
  deleted: ["old"],
  unchanged: 2,
  errors: [],
};

function answer(req: Seen, res: http.ServerResponse) {
  const json = (status: number, body: unknown) => res.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(body));
  if (req.headers.authorization !== "Bearer alm_good") return json(401, { error: { code: "unauthorized", message: "Authentication required" } });
  const url = new URL(req.url, "http://x");
  if (url.pathname === "/api/v1/me") return json(200, { id: "u1", email: "ada@example.com", name: null, authenticatedBy: "api_token" });
  if (url.pathname === "/api/v1/teams") return json(200, { items: [{ id: "t1", name: "Platform", role: "admin", personal: false }] });
  if (url.pathname === "/api/v1/schedules/export") {
    return res.writeHead(200, { "content-type": "application/yaml" }).end(`# team ${url.searchParams.get("teamId")} as ${url.searchParams.get("format")}\nschedules: []\n`);
  }
  if (url.pathname === "/api/v1/schedules/apply") {
    const content = String(req.body.content);
    // As the apply endpoint answers a refused document: the plan's shape inside the error envelope's members.
    const refused = (status: number, code: string, error: Record<string, unknown>) =>
      json(status, { error: { code, message: "1 problem in the document; nothing was written" }, created: [], updated: [], deleted: [], unchanged: 0, errors: [error] });
    if (content.includes("bad")) return refused(400, "validation_error", { name: "nightly", line: 3, field: "cronExpression", message: "minute: 61 is out of range 0-59" });
    if (content.includes("shell")) return refused(403, "forbidden", { name: "deploy", line: 9, field: "entrypoint", message: "shell schedules need the admin role" });
    if (content.includes("same")) return json(200, { created: [], updated: [], deleted: [], unchanged: 3, errors: [] });
    return json(200, PLAN);
  }
  if (url.pathname === "/api/v1/schedules/import/crontab") {
    const preview = (line: number, name: string, cronExpression: string, cronHuman: string) => ({ line, text: "", name, description: name, cronExpression, timezone: "UTC", cronHuman, nextRunAt: null, entrypoint: "shell", payload: { command: "x" }, user: null, notes: [], chosen: true });
    return json(req.body.dryRun ? 200 : 201, {
      teamId: "u1",
      dryRun: req.body.dryRun,
      imported: [{ line: 2, id: null, name: "backup" }, { line: 3, id: null, name: "rotate" }],
      skipped: [{ line: 1, text: "MAILTO=ops@example.com", reason: "MAILTO is not imported" }, { line: 4, text: "@reboot x", reason: "@reboot is not supported" }],
      preview: [preview(2, "backup", "0 3 * * *", "At 03:00 AM, every day (UTC)"), preview(3, "rotate", "@daily", "At 12:00 AM, every day (UTC)")],
      limit: { max: 10000, existing: 0 },
    });
  }
  if (url.pathname === "/api/v1/runs/r1/output") {
    // The first connection sends two chunks and drops; the next must resume after the second.
    outputConnections++;
    res.writeHead(200, { "content-type": "text/event-stream" });
    const event = (seq: number, stream: string, text: string) =>
      res.write(`id: ${seq}\nevent: output\ndata: ${JSON.stringify({ seq, stream, text, at: "2026-12-06T17:00:00.000Z" })}\n\n`);
    if (!req.headers["last-event-id"]) {
      event(1, "stdout", "step 1\n");
      event(2, "log", "started\n");
      setTimeout(() => res.destroy(), 50);
    } else {
      res.write(": keep-alive\n\n");
      event(3, "stderr", "disk full\n");
      res.end(`event: end\ndata: ${JSON.stringify({ status: "failed", droppedBytes: 0 })}\n\n`);
    }
    return;
  }
  if (url.pathname === "/api/v1/schedules/hb1/runs") {
    const run = { id: "m1", scheduleId: "hb1", scheduleName: "backup check", trigger: "schedule", scheduledFor: "2026-12-06T02:00:00.000Z", attempt: 1, status: "missed", startedAt: null, finishedAt: "2026-12-06T02:05:00.000Z", durationMs: null, result: null, error: { name: "Missed", message: "no ping within 300 s of this slot" } };
    return json(200, { items: url.searchParams.get("status") === "missed" ? [run] : [], nextCursor: null });
  }
  // Two schedules, a heartbeat check and a log job; the check's key rotates as POST .../ping-key does.
  const schedules = [schedule("hb1", "backup check", "heartbeat", `${PING_BASE}/${pingKey}`), schedule("l1", "nightly log", "log", null)];
  const named = schedules.find((s) => url.pathname === `/api/v1/schedules/${s.id}`);
  if (named && req.method === "GET") return json(200, named);
  if (url.pathname === "/api/v1/schedules" && req.method === "GET") return json(200, { items: schedules.filter((s) => s.name.includes(url.searchParams.get("q") ?? "")), nextCursor: null });
  if (url.pathname === "/api/v1/schedules/hb1/ping-key" && req.method === "POST") {
    pingKey = "NewKeyNewKeyNewKeyNewKey";
    return json(200, schedule("hb1", "backup check", "heartbeat", `${PING_BASE}/${pingKey}`));
  }
  if (url.pathname === "/api/v1/schedules/l1/ping-key" && req.method === "POST") {
    return json(409, { error: { code: "conflict", message: "Only heartbeat checks have a ping URL; this schedule's job type is log", fields: { entrypoint: "is log, not heartbeat" } } });
  }
  json(404, { error: { code: "not_found", message: "Not found" } });
}

const PING_BASE = "https://cron.example.com/ping";
let pingKey = "OldKeyOldKeyOldKeyOldKey";

function schedule(id: string, name: string, entrypoint: string, pingUrl: string | null) {
  return {
    id,
    teamId: "t1",
    name,
    description: null,
    cronExpression: "0 2 * * *",
    timezone: "UTC",
    cronHuman: "At 02:00 AM, every day (UTC)",
    entrypoint,
    payload: entrypoint === "heartbeat" ? { graceSeconds: 300 } : { message: name },
    isEnabled: true,
    overlapPolicy: "skip",
    misfirePolicy: "run_once",
    timeoutSeconds: 300,
    maxRetries: 0,
    retryDelaySeconds: 30,
    lastRunAt: null,
    nextRunAt: null,
    lastRunStatus: null,
    pingUrl,
    createdAt: "2026-12-01T00:00:00.000Z",
    updatedAt: "2026-12-01T00:00:00.000Z",
  };
}

beforeAll(async () => {
  server = http.createServer((req, res) => {
    let raw = "";
    req.on("data", (d) => (raw += d));
    req.on("end", () => {
      const s: Seen = { method: req.method!, url: req.url!, headers: req.headers, body: raw ? JSON.parse(raw) : undefined };
      seen.push(s);
      answer(s, res);
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  env = { HOME: dir, ALMANAC_URL: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, ALMANAC_TOKEN: "alm_good" };
});
afterAll(() => {
  server?.closeAllConnections();
  server?.close();
});

const cli = (args: string[], extra: Record<string, string> = {}, input = "") => runCli(args, { ...env, ...extra }, input);
const last = (pathname: string) => seen.filter((s) => s.url.startsWith(pathname)).at(-1)!;

function file(name: string, text: string): string {
  const p = path.join(dir, name);
  writeFileSync(p, text);
  return p;
}

function expectExit(r: CliResult, code: number) {
  expect(r.code, `stdout:\n${r.stdout}\nstderr:\n${r.stderr}`).toBe(code);
}

test("export prints the document the API gives, for the team named by --team", async () => {
  const r = await cli(["export", "--team", "platform", "--format", "json"]);
  expectExit(r, 0);
  expect(r.stdout).toBe("# team t1 as json\nschedules: []\n");
  expect(last("/api/v1/schedules/export").url).toBe("/api/v1/schedules/export?teamId=t1&format=json");
});

test("apply --dry-run prints the plan as a diff and changes nothing", async () => {
  const doc = file("s.yaml", "schedules:\n  - name: nightly\n");
  const before = seen.length;
  const r = await cli(["apply", "-f", doc, "--dry-run", "--prune"]);
  expectExit(r, 0);
  expect(r.stdout).toContain("+ new one\n~ nightly\n");
  expect(r.stdout).toContain('    + cronExpression: "0 3 * * *"');
  expect(r.stdout).toContain("- old\n");
  const applies = seen.slice(before).filter((s) => s.url === "/api/v1/schedules/apply");
  expect(applies.map((s) => s.body)).toEqual([{ format: "yaml", content: "schedules:\n  - name: nightly\n", prune: true, dryRun: true }]);
});

test("apply without a terminal and without --yes refuses (usage, exit 2) after showing the plan; with --yes it applies", async () => {
  const doc = file("s.json", '{"schedules": []}');
  const before = seen.length;
  const refused = await cli(["apply", "-f", doc]);
  expectExit(refused, 2);
  expect(refused.stderr).toMatch(/pass --yes/);
  expect(seen.slice(before).filter((s) => s.url === "/api/v1/schedules/apply").map((s) => s.body.dryRun)).toEqual([true]);

  const applied = await cli(["apply", "-f", doc, "--yes", "--team", "t1"]);
  expectExit(applied, 0);
  expect(applied.stderr).toContain("Applied: 1 created, 1 updated, 1 deleted, 2 unchanged");
  const bodies = seen.filter((s) => s.url === "/api/v1/schedules/apply").slice(-2).map((s) => s.body);
  expect(bodies).toEqual([
    { teamId: "t1", format: "json", content: '{"schedules": []}', prune: false, dryRun: true },
    { teamId: "t1", format: "json", content: '{"schedules": []}', prune: false, dryRun: false },
  ]);
});

test("apply with nothing to change says so and applies nothing", async () => {
  const r = await cli(["apply", "-f", file("same.yaml", "same"), "--yes"]);
  expectExit(r, 0);
  expect(r.stdout).toBe("No changes (3 unchanged).\n");
  expect(last("/api/v1/schedules/apply").body.dryRun).toBe(true);
});

test("apply of a document with errors exits 1 naming file, line, schedule and field; one needing a higher role exits 3", async () => {
  const doc = file("bad.yaml", "bad");
  const r = await cli(["apply", "-f", doc, "--yes"]);
  expectExit(r, 1);
  expect(r.stderr).toBe(`almanac: 1 problem in the document; nothing was written (HTTP 400)\n  ${doc}:3: nightly: cronExpression: minute: 61 is out of range 0-59\n`);
  const role = await cli(["apply", "-f", file("shell.yaml", "shell"), "--dry-run"]);
  expectExit(role, 3);
  expect(role.stderr).toContain("shell.yaml:9: deploy: entrypoint: shell schedules need the admin role");
});

test("apply --json prints the API's result", async () => {
  const r = await cli(["apply", "-f", file("j.yaml", "x"), "--yes", "--json"]);
  expectExit(r, 0);
  expect(JSON.parse(r.stdout)).toEqual(PLAN);
});

test("import-crontab reads stdin with -f -, lists what it imports and each line it cannot, with why", async () => {
  const r = await cli(["import-crontab", "-f", "-", "--dry-run", "--system", "--timezone", "Europe/Berlin", "--lines", "2,3"], {}, "0 3 * * * root /backup.sh\n");
  expectExit(r, 0);
  expect(r.stdout).toBe("+ backup  (line 2: 0 3 * * *, At 03:00 AM, every day (UTC))\n+ rotate  (line 3: @daily, At 12:00 AM, every day (UTC))\n");
  expect(r.stderr).toBe("-:1: not imported: MAILTO is not imported\n-:4: not imported: @reboot is not supported\nWould import 2 schedules (2 lines not imported)\n");
  expect(last("/api/v1/schedules/import/crontab").body).toEqual({ content: "0 3 * * * root /backup.sh\n", dryRun: true, timezone: "Europe/Berlin", system: true, lines: [2, 3] });

  const written = await cli(["import-crontab", "-f", file("crontab", "x"), "--team", "Platform", "--json"]);
  expect(JSON.parse(written.stdout).imported).toHaveLength(2);
  expect(last("/api/v1/schedules/import/crontab").body).toEqual({ teamId: "t1", content: "x", dryRun: false });
  expectExit(await cli(["import-crontab", "-f", "-", "--lines", "two"]), 2);
});

test("logs -f resumes a dropped stream after the last chunk it printed, and exits 1 for a failed run", async () => {
  const r = await cli(["logs", "-f", "r1"]);
  expectExit(r, 1);
  expect(outputConnections).toBe(2);
  expect(last("/api/v1/runs/r1/output").headers["last-event-id"]).toBe("2");
  expect(r.stdout).toBe("step 1\n");
  expect(r.stderr).toContain("started\ndisk full\nrun failed");
});

test("a refused token exits 3, an unknown resource 4, a server that cannot be reached 5", async () => {
  const refused = await cli(["export"], { ALMANAC_TOKEN: "alm_bad" });
  expectExit(refused, 3);
  expect(refused.stderr).toBe("almanac: Authentication required (HTTP 401)\n");
  expectExit(await cli(["logs", "nope"]), 4);
  const down = await cli(["export"], { ALMANAC_URL: `http://127.0.0.1:${await freePort()}` });
  expectExit(down, 5);
  expect(down.stderr).toMatch(/^almanac: cannot reach http:\/\/127\.0\.0\.1:\d+: ECONNREFUSED\n$/);
});

test("login saves nothing when the server refuses the token, and the token given with --token when it accepts it", async () => {
  const home = cliHome();
  const file = path.join(home.XDG_CONFIG_HOME, "almanac", "config.json");
  const refused = await runCli(["login", "--url", env.ALMANAC_URL, "--token", "alm_bad"], home);
  expectExit(refused, 3);
  expect(existsSync(file)).toBe(false);
  const empty = await runCli(["login", "--url", env.ALMANAC_URL], home, "\n");
  expectExit(empty, 2);
  expect(empty.stderr).toMatch(/no token given/);
  const ok = await runCli(["login", "--url", env.ALMANAC_URL, "--token", "alm_good"], home);
  expectExit(ok, 0);
  expect(statSync(file).mode & 0o777).toBe(0o600);
  const logout = await runCli(["logout"], home);
  expectExit(logout, 0);
  expect(existsSync(file)).toBe(false);
  expectExit(await runCli(["export"], home), 3);
});

test("schedules get prints a heartbeat check's ping URL, and no such line for other job types", async () => {
  const check = await cli(["schedules", "get", "hb1"]);
  expectExit(check, 0);
  expect(check.stdout).toMatch(new RegExp(`^ping URL: +${PING_BASE}/${pingKey}$`, "m"));
  const log = await cli(["schedules", "get", "l1"]);
  expectExit(log, 0);
  expect(log.stdout).toContain("job type:");
  expect(log.stdout).not.toContain("ping URL");
});

test("schedules rotate-ping-key posts to the check's ping-key endpoint and prints only the new URL on stdout", async () => {
  const before = seen.length;
  const r = await cli(["schedules", "rotate-ping-key", "backup check"]);
  expectExit(r, 0);
  expect(r.stdout).toBe(`${PING_BASE}/NewKeyNewKeyNewKeyNewKey\n`);
  expect(r.stderr).toContain('New ping URL for "backup check"; the old one no longer works');
  const posts = seen.slice(before).filter((s) => s.method === "POST");
  expect(posts.map((s) => s.url)).toEqual(["/api/v1/schedules/hb1/ping-key"]);
  expect(posts[0].body).toBeUndefined();

  const json = await cli(["schedules", "rotate-ping-key", "hb1", "--json"]);
  expectExit(json, 0);
  expect(JSON.parse(json.stdout)).toMatchObject({ id: "hb1", entrypoint: "heartbeat", pingUrl: `${PING_BASE}/NewKeyNewKeyNewKeyNewKey` });
});

test("schedules rotate-ping-key of a schedule that is not a heartbeat check exits 1 with the API's message", async () => {
  const r = await cli(["schedules", "rotate-ping-key", "l1"]);
  expectExit(r, 1);
  expect(r.stdout).toBe("");
  expect(r.stderr).toContain("Only heartbeat checks have a ping URL; this schedule's job type is log (HTTP 409)");
  expectExit(await cli(["schedules", "rotate-ping-key", "nothing-by-this-name"]), 4);
});

test("runs ls --status missed lists a heartbeat check's missed slots", async () => {
  const r = await cli(["runs", "ls", "--schedule", "hb1", "--status", "missed"]);
  expectExit(r, 0);
  expect(last("/api/v1/schedules/hb1/runs").url).toBe("/api/v1/schedules/hb1/runs?status=missed&limit=50");
  expect(r.stdout).toMatch(/^m1 .*missed/m);
});
