// The shell job type: its payload rules, the switch (ALLOW_SHELL_JOBS), and real commands run to
// their end: exit codes, output kept and streamed, the environment, and process groups stopped
// whole on abort and when the command exits leaving children behind.
import { execFileSync } from "node:child_process";
import { afterEach, describe, expect, test, vi } from "vitest";
import { boundedResult, RESULT_MAX_BYTES } from "../scheduler/execution";
import { checkSecretRefs, fillPayloadSecrets } from "../secrets/fill";
import { registerPayload } from "./registry";
import {
  createShellEntrypoint,
  KILL_AFTER_MS,
  MAX_ARGV_ITEMS,
  OUTPUT_TAIL_BYTES,
  SHELL_RESULT_MAX_CHARS,
  SHELL_OFF_ON_WORKER,
  shellCommandsGone,
  shellCommandsRunning,
  ShellExitError,
  type ShellResult,
} from "./shell";
import { EntrypointError, type RunContext } from "./types";

const on = createShellEntrypoint({ enabled: () => true });
const off = createShellEntrypoint({ enabled: () => false });
const DENY = { allowPrivateNetwork: false };

type Spy = { ctx: RunContext; controller: AbortController; output: { stream: string; text: string }[]; text: (stream: string) => string };

function context(): Spy {
  const controller = new AbortController();
  const output: { stream: string; text: string }[] = [];
  const ctx: RunContext = {
    signal: controller.signal,
    get aborted() {
      return controller.signal.aborted;
    },
    log: () => {},
    output: (stream, text) => void output.push({ stream, text }),
    secret: () => Promise.reject(new Error("no team secrets in this test")),
    schedule: { id: "sched-1", name: "n", teamId: "t1", timezone: "UTC" },
    run: { id: "run-1", attempt: 2, scheduledFor: new Date("2026-12-06T10:00:00.000Z"), trigger: "manual" },
  };
  return { ctx, controller, output, text: (stream) => output.filter((o) => o.stream === stream).map((o) => o.text).join("") };
}

async function run(payload: unknown, spy = context()): Promise<ShellResult> {
  const parsed = on.executionPayloadSchema.parse(await on.register(on.userPayloadSchema.parse(payload), DENY));
  await on.validateExecution(parsed, DENY);
  return (await on.execute(parsed, spy.ctx, DENY)) as unknown as ShellResult;
}

async function failure(payload: unknown, spy = context()): Promise<ShellExitError> {
  const err = await run(payload, spy).then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(ShellExitError);
  return err as ShellExitError;
}

/** The processes of group `pgid`, as ps sees them, zombies (dead, waiting to be reaped by init) left out. */
function groupMembers(pgid: number): string[] {
  const out = execFileSync("ps", ["-eo", "pid=,pgid=,stat=,args="], { encoding: "utf8" });
  return out.split("\n").filter((l) => {
    const [, group, stat] = l.trim().split(/\s+/);
    return group === String(pgid) && !stat.startsWith("Z");
  });
}

/** Whether a live process is left in group `pgid` (kill -0 also counts zombies, so ps decides). */
function groupAlive(pgid: number): boolean {
  try {
    process.kill(-pgid, 0);
  } catch {
    return false;
  }
  return groupMembers(pgid).length > 0;
}

/** The watcher processes (lib/entrypoints/shell.ts WATCHER_SCRIPT) still looking after group `pgid`. */
function watchersOf(pgid: number): string[] {
  const out = execFileSync("ps", ["-eo", "stat=,args="], { encoding: "utf8" });
  return out.split("\n").filter((l) => !l.trim().startsWith("Z") && l.endsWith(` almanac-shell-watch ${pgid}`));
}

async function until(check: () => boolean, ms: number): Promise<number> {
  const start = Date.now();
  while (!check()) {
    if (Date.now() - start > ms) throw new Error(`not within ${ms} ms`);
    await new Promise((r) => setTimeout(r, 25));
  }
  return Date.now() - start;
}

const leftovers: number[] = [];
afterEach(() => {
  for (const pgid of leftovers.splice(0)) if (groupAlive(pgid)) process.kill(-pgid, "SIGKILL");
});

describe("payload", () => {
  const issue = async (payload: unknown) => {
    const r = await registerPayload("shell", payload, undefined, DENY);
    // Off in tests (the default): the schema is still checked first, so bad input names its field.
    return r.ok ? null : { field: r.field, message: r.message };
  };

  test("a command is a non-empty string or argv list, with limits, named in the message", async () => {
    expect(await issue({})).toMatchObject({ field: "payload.command" });
    expect(await issue({ command: "  " })).toEqual({ field: "payload.command", message: "must not be empty" });
    expect(await issue({ command: [] })).toEqual({ field: "payload.command", message: "must list at least the program to run" });
    expect(await issue({ command: ["", "x"] })).toEqual({ field: "payload.command", message: "the program (the first item) must not be empty" });
    expect(await issue({ command: 42 })).toMatchObject({ field: "payload.command", message: expect.stringMatching(/string \(run by \/bin\/sh -c\) or a list/) });
    expect(await issue({ command: Array(MAX_ARGV_ITEMS + 1).fill("a") })).toEqual({ field: "payload.command", message: "must have at most 1000 items" });
    expect(await issue({ command: "x".repeat(64 * 1024 + 1) })).toEqual({ field: "payload.command", message: "must be at most 64 KiB (is 65 KiB)" });
    expect(await issue({ command: ["echo", ..."y".repeat(40).split("").map(() => "z".repeat(2000))] })).toEqual({ field: "payload.command", message: "must be at most 64 KiB (is 79 KiB)" });
    expect(await issue({ command: "echo a\u0000b" })).toMatchObject({ field: "payload.command", message: "must not contain NUL characters" });
    expect(await issue({ command: "true", shell: "bash" })).toEqual({ field: "payload.shell", message: 'unknown field "shell"' });
  });

  test("cwd is an absolute path; env holds POSIX names (not ALMANAC_*), at most 100, values without NUL", async () => {
    expect(await issue({ command: "true", cwd: "relative/dir" })).toEqual({ field: "payload.cwd", message: "must be an absolute path, such as /srv/backups" });
    expect(await issue({ command: "true", env: { "1BAD": "x" } })).toEqual({ field: "payload.env.1BAD", message: "a variable name must be a letter or _, then letters, digits or _" });
    expect(await issue({ command: "true", env: { "A-B": "x" } })).toMatchObject({ field: "payload.env.A-B" });
    expect(await issue({ command: "true", env: { OK: 5 } })).toEqual({ field: "payload.env.OK", message: "must be a string" });
    expect(await issue({ command: "true", env: { OK: "a\u0000b" } })).toEqual({ field: "payload.env.OK", message: "must not contain NUL characters" });
    expect(await issue({ command: "true", env: { ALMANAC_RUN_ID: "x" } })).toEqual({
      field: "payload.env.ALMANAC_RUN_ID",
      message: '"ALMANAC_RUN_ID" is set by Almanac (ALMANAC_* variables say which run this is) and cannot be given',
    });
    const many = Object.fromEntries(Array.from({ length: 101 }, (_, i) => [`V${i}`, "x"]));
    expect(await issue({ command: "true", env: many })).toEqual({ field: "payload.env", message: "at most 100 variables (has 101)" });
  });

  test("off (the default): registration refuses it naming ALLOW_SHELL_JOBS; the worker's execution validator refuses it too", async () => {
    expect(await registerPayload("shell", { command: "true" }, undefined, DENY)).toEqual({
      ok: false,
      field: "payload",
      message: "shell jobs are turned off: the operator turns them on with ALLOW_SHELL_JOBS=true on the web app and the workers",
    });
    await expect(off.register({ command: "true" }, DENY)).rejects.toThrow(/ALLOW_SHELL_JOBS=true/);
    await expect(off.validateExecution({ command: "true" }, DENY)).rejects.toThrow(EntrypointError);
    await expect(off.validateExecution({ command: "true" }, DENY)).rejects.toThrow(SHELL_OFF_ON_WORKER);
    expect(SHELL_OFF_ON_WORKER).toMatch(/this worker.*ALLOW_SHELL_JOBS/);
  });

  test("on: the stored payload keeps the command, cwd, env and {{secrets.NAME}} references as given; the API shows them all", async () => {
    const input = { command: ["pg_dump", "--dbname", "{{secrets.DB_URL}}"], cwd: "/srv", env: { PGPASSWORD: "{{secrets.PG_PASS}}" } };
    const stored = await on.register(on.userPayloadSchema.parse(input), DENY);
    expect(stored).toEqual(input);
    expect(on.present(stored)).toEqual(input);
    expect(await on.register(on.userPayloadSchema.parse({ command: "echo hi", env: {} }), DENY)).toEqual({ command: "echo hi" });
  });
});

describe("execution", () => {
  test("exit code 0 succeeds with stdout and stderr; a non-zero code fails naming it, with the output on the error", async () => {
    const ok = await run({ command: "echo out; echo err >&2; echo $$ >&2" });
    expect(ok).toMatchObject({ exitCode: 0, signal: null, stdout: "out\n", stderr: expect.stringMatching(/^err\n\d+\n$/) });
    const pgid = Number(ok.stderr.split("\n")[1]);
    await until(() => watchersOf(pgid).length === 0, 1_000); // nothing was left: the watcher exits at once
    expect(ok.durationMs).toBeGreaterThanOrEqual(0);
    expect(ok).not.toHaveProperty("stdoutTruncatedBytes");

    const err = await failure({ command: "echo partial; echo 'disk full' >&2; exit 3" });
    // The error message ends with stderr's last line.
    expect(err.message).toBe("the command exited with code 3: disk full");
    expect(err.result).toMatchObject({ exitCode: 3, signal: null, stdout: "partial\n", stderr: "disk full\n" });
  });

  test("a command killed by a signal fails naming the signal", async () => {
    const err = await failure({ command: "kill -KILL $$" });
    expect(err.message).toBe("the command was killed by SIGKILL");
    expect(err.result).toMatchObject({ exitCode: null, signal: "SIGKILL" });
  });

  test("a string runs through /bin/sh -c; a list runs without a shell (no expansion)", async () => {
    expect((await run({ command: "printf '%s|' a* $((1+2))", cwd: "/" })).stdout).toMatch(/\|3\|$/);
    expect((await run({ command: ["printf", "%s|", "$HOME", "a b", "*"] })).stdout).toBe("$HOME|a b|*|");
    const missing = await run({ command: ["almanac-no-such-program"] }).catch((e: Error) => e);
    expect((missing as Error).message).toBe('could not start "almanac-no-such-program": no such program (looked up in PATH)');
  });

  test("cwd: the command runs there; a missing directory fails the run", async () => {
    expect((await run({ command: "pwd", cwd: "/tmp" })).stdout).toBe("/tmp\n");
    await expect(run({ command: "pwd", cwd: "/no/such/dir" })).rejects.toThrow('cwd "/no/such/dir" is not a directory on this worker');
  });

  test("the environment: the payload's variables and the run's ALMANAC_*, never the worker's own (DATABASE_URL, AUTH_SECRET, SECRETS_KEY)", async () => {
    vi.stubEnv("DATABASE_URL", "postgresql://worker:hunter2@db/almanac");
    vi.stubEnv("AUTH_SECRET", "worker-auth-secret-0123456789abcdef0123");
    vi.stubEnv("SECRETS_KEY", "worker-secrets-key");
    try {
      const { stdout } = await run({ command: "env", env: { GREETING: "hello world", PATH: "/usr/bin:/bin" } });
      const vars = Object.fromEntries(
        stdout
          .trim()
          .split("\n")
          .map((l) => [l.slice(0, l.indexOf("=")), l.slice(l.indexOf("=") + 1)]),
      );
      expect(vars).toMatchObject({
        GREETING: "hello world",
        PATH: "/usr/bin:/bin",
        ALMANAC_RUN_ID: "run-1",
        ALMANAC_SCHEDULE_ID: "sched-1",
        ALMANAC_SCHEDULED_FOR: "2026-12-06T10:00:00.000Z",
        ALMANAC_ATTEMPT: "2",
        HOME: expect.any(String),
        LANG: expect.any(String),
      });
      expect(stdout).not.toMatch(/hunter2|worker-auth-secret|worker-secrets-key|DATABASE_URL|AUTH_SECRET|SECRETS_KEY|NODE_ENV|VITEST/);
    } finally {
      vi.unstubAllEnvs();
    }
  });

  test("only the last 64 KiB of each stream are kept, with the bytes dropped counted; everything is streamed to ctx.output", async () => {
    const spy = context();
    const r = await run({ command: "head -c 200000 /dev/zero | tr '\\0' a; head -c 70000 /dev/zero | tr '\\0' b >&2" }, spy);
    expect(r.stdout).toBe("a".repeat(OUTPUT_TAIL_BYTES));
    expect(r.stdoutTruncatedBytes).toBe(200_000 - OUTPUT_TAIL_BYTES);
    expect(r.stderr).toBe("b".repeat(OUTPUT_TAIL_BYTES));
    expect(r.stderrTruncatedBytes).toBe(70_000 - OUTPUT_TAIL_BYTES);
    expect(spy.text("stdout")).toBe("a".repeat(200_000));
    expect(spy.text("stderr")).toBe("b".repeat(70_000));
  });

  test("the result fits what a run keeps (RESULT_MAX_BYTES) even when its JSON escapes every byte", async () => {
    expect(SHELL_RESULT_MAX_CHARS).toBeLessThanOrEqual(RESULT_MAX_BYTES);
    const r = await run({ command: "head -c 100000 /dev/zero | tr '\\0' '\\001'; head -c 100000 /dev/zero | tr '\\0' '\\002' >&2" });
    expect(JSON.stringify(r).length).toBeLessThanOrEqual(SHELL_RESULT_MAX_CHARS);
    expect(r.stdout.length + r.stdoutTruncatedBytes!).toBe(100_000);
    expect(r.stderr.length + r.stderrTruncatedBytes!).toBe(100_000);
    expect(r.stdout.length).toBeGreaterThan(10_000);
    expect(boundedResult(r)).toEqual(r); // kept whole, not cut into a preview
  });

  test("UTF-8 is never split: the kept tail starts on a character, and streamed pieces are whole characters", async () => {
    const spy = context();
    // 30,000 x "€" (3 bytes): 90,000 bytes; the last 65,536 start inside a character.
    const r = await run({ command: "i=0; while [ $i -lt 300 ]; do printf '€%.0s' $(seq 100); i=$((i+1)); done" }, spy);
    expect(r.stdout).toBe("€".repeat(21_845));
    expect(r.stdoutTruncatedBytes).toBe(90_000 - 21_845 * 3);
    expect(spy.output.every((o) => !o.text.includes("\uFFFD"))).toBe(true);
    expect(spy.text("stdout")).toBe("€".repeat(30_000));
  });

  test("abort (timeout, shutdown): SIGTERM to the whole group; no `sleep` child is left", async () => {
    const spy = context();
    const running = run({ command: "echo $$; sleep 300 & sleep 300 & wait" }, spy).catch((e: unknown) => e);
    await until(() => spy.text("stdout").includes("\n"), 5_000);
    const pgid = Number(spy.text("stdout").trim());
    leftovers.push(pgid);
    expect(groupMembers(pgid).filter((l) => / sleep 300$/.test(l))).toHaveLength(2);
    expect(shellCommandsRunning()).toBe(1);
    expect(watchersOf(pgid)).toHaveLength(1);
    spy.controller.abort(new Error("timed out after 1 s"));
    expect(((await running) as Error).message).toBe("the command was killed by SIGTERM after it was stopped (timed out after 1 s)");
    await until(() => !groupAlive(pgid), 2_000);
    expect(groupMembers(pgid)).toEqual([]);
    // Its watcher saw the group go, and went too (it does not linger the 5 s).
    await until(() => watchersOf(pgid).length === 0, 2_500);
    await shellCommandsGone();
    expect(shellCommandsRunning()).toBe(0);
  });

  test("a group that ignores SIGTERM gets SIGKILL 5 s later, from the watcher", async () => {
    const spy = context();
    // The shell ignores TERM, and so do its children (an ignored signal stays ignored across exec).
    const running = run({ command: "trap '' TERM; echo $$; sleep 300 & sleep 300; wait" }, spy).catch((e: Error) => e);
    await until(() => spy.text("stdout").includes("\n"), 5_000);
    const pgid = Number(spy.text("stdout").trim());
    leftovers.push(pgid);
    const abortedAt = Date.now();
    spy.controller.abort(new Error("worker shutdown"));
    await new Promise((r) => setTimeout(r, 1_000));
    expect(groupAlive(pgid)).toBe(true); // TERM was ignored
    await until(() => !groupAlive(pgid), KILL_AFTER_MS + 2_000);
    const tookMs = Date.now() - abortedAt;
    expect(tookMs).toBeGreaterThanOrEqual(KILL_AFTER_MS - 100);
    expect(((await running) as Error).message).toMatch(/killed by SIGKILL after it was stopped \(worker shutdown\)/);
  }, 15_000);

  test("when the command exits, what it left running in its group is stopped (no process outlives its run)", async () => {
    // A child that keeps stdout open: the run waits for it to be stopped, not for its 300 s.
    const spy = context();
    const started = Date.now();
    const held = await run({ command: "sleep 300 & echo $$" }, spy);
    expect(Date.now() - started).toBeLessThan(3_000);
    const pgid = Number(held.stdout.trim());
    leftovers.push(pgid);
    await until(() => !groupAlive(pgid), 2_000);
    await until(() => watchersOf(pgid).length === 0, 2_500);

    // A child with its output elsewhere: the run ends at once, and the child is stopped all the same.
    const detachedOut = await run({ command: "sleep 300 >/dev/null 2>&1 & echo $$" });
    const pgid2 = Number(detachedOut.stdout.trim());
    leftovers.push(pgid2);
    await until(() => !groupAlive(pgid2), 2_000);
  });

  test("live output that cannot be passed on does not fail the run; the result still has it", async () => {
    const spy = context();
    const logged: string[] = [];
    spy.ctx.output = () => {
      throw new Error("output store down");
    };
    spy.ctx.log = (message) => void logged.push(message);
    expect(await run({ command: "echo one; echo two" }, spy)).toMatchObject({ exitCode: 0, stdout: "one\ntwo\n" });
    expect(logged).toEqual(["the command's live output could not be passed on; its result keeps the last 64 KiB"]);
  });

  test("{{secrets.NAME}} may stand in the command and env values (filled in by the worker before the run), nowhere else", async () => {
    const names = async () => new Set(["API_TOKEN"]);
    expect(await checkSecretRefs(on, { command: ["curl", "-H", "{{secrets.API_TOKEN}}"], env: { T: "{{secrets.API_TOKEN}}" } }, names)).toBeNull();
    expect(await checkSecretRefs(on, { command: "true", cwd: "/srv/{{secrets.API_TOKEN}}" }, names)).toEqual({
      field: "cwd",
      message: "{{secrets.API_TOKEN}}: team secrets can be used only in command, env (shell jobs)",
    });
    const stored = on.executionPayloadSchema.parse({ command: 'printf "%s|%s" "$TOKEN" "{{secrets.API_TOKEN}}"', env: { TOKEN: "{{secrets.API_TOKEN}}" } });
    const filled = await fillPayloadSecrets(stored, { secret: async (name) => (name === "API_TOKEN" ? "t0p-s3cret" : Promise.reject(new Error(name))) });
    expect(stored.env).toEqual({ TOKEN: "{{secrets.API_TOKEN}}" }); // the stored payload is left as it is
    expect((await run(filled)).stdout).toBe("t0p-s3cret|t0p-s3cret");
  });

  test("a command whose watcher cannot start is killed at once: none runs that a dead worker would leave behind", async () => {
    const blind = createShellEntrypoint({ enabled: () => true, watcherShell: "/no/such/sh" });
    const spy = context();
    const started = Date.now();
    const err = await blind.execute({ command: "echo $$; sleep 300 & wait" }, spy.ctx, DENY).catch((e: Error) => e);
    expect((err as Error).message).toMatch(/^could not start the process that watches the command \(spawn \/no\/such\/sh ENOENT\), so the command was killed$/);
    expect(Date.now() - started).toBeLessThan(3_000);
    const pgid = Number(spy.text("stdout").trim());
    if (pgid) {
      leftovers.push(pgid);
      await until(() => !groupAlive(pgid), 2_000);
    }
  });

  test("a run aborted before it starts spawns nothing", async () => {
    const spy = context();
    spy.controller.abort(new Error("timed out"));
    await expect(run({ command: "echo should-not-run" }, spy)).rejects.toThrow("timed out");
    expect(spy.output).toEqual([]);
  });
});
