// What happens to stored secrets over time, on each database of this file's own (they rewrite
// every row): the migration step that seals the http secret headers older versions stored in
// plain text, and key rotation (npm run secrets:rotate-key), including a crash half-way.
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { createDb, type Db } from "../../lib/db/client";
import { migrate } from "../../lib/db/migrate";
import { ROOT } from "../../lib/db/schema-source";
import type { DbTarget } from "../../lib/db/target";
import type { HttpExecutionPayload } from "../../lib/entrypoints/http";
import { presentPayload, registerPayload, runEntrypoint } from "../../lib/entrypoints/registry";
import type { RunContext } from "../../lib/entrypoints/types";
import { deriveKey, keyFile, loadKeyRing, nextKeyFile, previousKeyFile, type KeyRing } from "../../lib/secrets/key";
import { resealAll, rotateSecretsKey } from "../../lib/secrets/rotate";
import { open, seal, SealError, sealedKeyId } from "../../lib/secrets/seal";
import { sealHeader } from "../../lib/secrets/sealed-headers";
import { ownDatabases, tempDir, unique } from "../support/databases";

const ALLOW = { allowPrivateNetwork: true };
let server: http.Server;
let base: string;
const received: (string | undefined)[] = [];

beforeAll(async () => {
  server = http.createServer((req, res) => {
    received.push(req.headers.authorization);
    req.resume();
    req.on("end", () => res.end("ok"));
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
});

const context = (teamId: string): RunContext => ({
  signal: new AbortController().signal,
  aborted: false,
  log: () => {},
  output: () => {},
  secret: async () => {
    throw new Error("no team secrets here");
  },
  schedule: { id: "s", name: "hook", teamId, timezone: "UTC" },
  run: { id: "r", attempt: 1, scheduledFor: new Date(), trigger: "manual" },
});

describe.each(ownDatabases("stored-secrets"))("on %s", (_name, create, drop) => {
  let target: DbTarget;
  let db: Db;
  beforeAll(async () => {
    target = await create();
    await migrate(target);
    db = await createDb(target);
  });
  afterAll(async () => {
    await db?.$disconnect();
    if (target) await drop(target);
  });

  const newTeam = async () => (await db.user.create({ data: { email: `${unique("stored")}@example.com`, passwordHash: "x" } })).id; // its personal team has its id
  const httpSchedule = (teamId: string, payload: object) =>
    db.schedule.create({ data: { teamId, name: unique("hook"), cronExpression: "0 3 * * *", entrypoint: "http", payload: payload as never }, select: { id: true } });
  const payloadOf = async (id: string) => (await db.schedule.findUniqueOrThrow({ where: { id }, select: { payload: true } })).payload as unknown as HttpExecutionPayload;

  test("plain secret headers from older versions are sealed by the migration step (once, idempotent) and still sent", async () => {
    const teamId = await newTeam();
    const token = `Bearer legacy-${unique("token")}`;
    const apiKey = `key-${unique("k")}`;
    const { id } = await httpSchedule(teamId, {
      url: `${base}/hook`,
      method: "POST",
      // As versions before sealing stored them: { value, secret: true }; a string under a credential-like name
      headers: { Authorization: { value: token, secret: true }, "X-Api-Key": apiKey, "X-Plain": "visible", "X-Ref": "{{secrets.SOME}}" },
    });
    // Two processes starting together: the migration lock makes them take turns.
    await Promise.all([migrate(target), migrate(target)]);
    const sealed = await payloadOf(id);
    expect(JSON.stringify(sealed)).not.toContain(token);
    expect(JSON.stringify(sealed)).not.toContain(apiKey);
    expect(sealed.headers).toEqual({
      Authorization: { sealed: expect.stringMatching(/^s1\./), mask: `••••${token.slice(-4)}`, secret: true },
      "X-Api-Key": { sealed: expect.stringMatching(/^s1\./), mask: `••••${apiKey.slice(-4)}`, secret: true },
      "X-Plain": "visible",
      "X-Ref": "{{secrets.SOME}}",
    });
    await migrate(target);
    expect(await payloadOf(id)).toEqual(sealed); // nothing left to do: the sealed values are left as they are

    // Shown masked; sent back masked, the saved (sealed) value is kept; a run sends the real header.
    const shown = presentPayload("http", sealed) as { headers: Record<string, unknown> };
    expect(shown.headers.Authorization).toEqual({ value: `••••${token.slice(-4)}`, secret: true });
    // A payload whose job type is no longer known is shown scrubbed: the sealed text is not shown either.
    const scrubbed = presentPayload("no-such-type", sealed) as { headers: Record<string, unknown> };
    expect(scrubbed.headers.Authorization).toEqual({ value: `••••${token.slice(-4)}`, secret: true });
    expect(JSON.stringify(scrubbed)).not.toContain("s1.");
    const again = await registerPayload("http", shown, sealed, ALLOW, { teamId, teamSecrets: async () => new Set(["SOME"]) });
    expect(again).toMatchObject({ ok: true, payload: { headers: { Authorization: sealed.headers.Authorization } } });
    received.length = 0;
    await runEntrypoint("http", sealed, { ...context(teamId), secret: async () => "the value of SOME" }, ALLOW); // X-Ref names a team secret
    expect(received).toEqual([token]);
  });

  test("a sealed header under a key the worker lacks: the run is refused, naming the header and both keys", async () => {
    const teamId = await newTeam();
    const other = loadKeyRing({ SECRETS_KEY: "the web app was given another key than this worker", dataDir: "/nonexistent" });
    const payload = { url: `${base}/hook`, method: "GET", headers: { Authorization: sealHeader("Bearer x", other) } };
    const err = (await runEntrypoint("http", payload, context(teamId), ALLOW).then(
      () => null,
      (e: unknown) => e,
    )) as Error & { field?: string };
    expect(err).toMatchObject({ name: "EntrypointError", field: "headers.Authorization" });
    expect(err.message).toContain(`this secret header cannot be opened: sealed under key ${other.current.id}, this process has key`);
  });

  describe("key rotation", () => {
    // Rows sealed under this file's own keys: the rotation reads every row of the database.
    async function seed(ring: KeyRing) {
      const teamId = await newTeam();
      const secret = await db.teamSecret.create({ data: { teamId, name: "ALPHA", value: seal("alpha-value", ring) } });
      const schedule = await httpSchedule(teamId, { url: "https://example.com/", method: "POST", headers: { Authorization: sealHeader("Bearer beta-value", ring), "X-Plain": "p" } });
      return { secretId: secret.id, scheduleId: schedule.id };
    }
    const valuesOf = async (ids: { secretId: string; scheduleId: string }) => {
      const sealedSecret = (await db.teamSecret.findUniqueOrThrow({ where: { id: ids.secretId } })).value;
      const header = (await payloadOf(ids.scheduleId)).headers.Authorization as { sealed: string };
      return [sealedSecret, header.sealed];
    };
    const clearSecrets = () => db.$transaction([db.teamSecret.deleteMany({}), db.schedule.deleteMany({ where: { entrypoint: "http" } })]);

    test("with the key in DATA_DIR: every value sealed again under a new key file, the old one kept as secrets-key.previous", async () => {
      await clearSecrets();
      const e = { dataDir: tempDir("rotate") };
      const before = loadKeyRing(e);
      const oldText = readFileSync(keyFile(e), "utf8");
      const ids = await seed(before);

      const result = await rotateSecretsKey(target, e);
      expect(result).toMatchObject({ from: before.current.id, mode: "file", secrets: 1, headers: 1 });
      const newText = readFileSync(keyFile(e), "utf8");
      expect(newText).not.toBe(oldText);
      expect(readFileSync(previousKeyFile(e), "utf8")).toBe(oldText);
      expect(existsSync(nextKeyFile(e))).toBe(false);
      const after = loadKeyRing(e);
      expect(after.current.id).toBe(result.to);

      const onlyNew: KeyRing = { current: deriveKey(newText, "new"), older: [] };
      const onlyOld: KeyRing = { current: deriveKey(oldText, "old"), older: [] };
      for (const sealed of await valuesOf(ids)) {
        expect(sealedKeyId(sealed)).toBe(result.to);
        expect(["alpha-value", "Bearer beta-value"]).toContain(open(sealed, onlyNew));
        expect(() => open(sealed, onlyOld)).toThrow(SealError);
      }
      // A process that sealed under the old key meanwhile: still readable, through secrets-key.previous.
      expect(open(seal("late", onlyOld), after)).toBe("late");
      expect((await db.schedule.findUniqueOrThrow({ where: { id: ids.scheduleId } })).payload).toMatchObject({ headers: { "X-Plain": "p" } });
    });

    test("a crash between the commit and the key file: everything stays readable, and running it again finishes", async () => {
      await clearSecrets();
      const e = { dataDir: tempDir("rotate-crash") };
      const before = loadKeyRing(e);
      const ids = await seed(before);
      // What a rotation does before it crashed: the new key written as secrets-key.next, the rows sealed under it and committed.
      const nextText = "the-next-key-of-a-rotation-that-crashed-0123456789";
      writeFileSync(nextKeyFile(e), nextText);
      const next = deriveKey(nextText, "next");
      await resealAll(target, { current: next, older: [before.current] });
      // Every process (same DATA_DIR) still opens everything: the ring reads secrets-key.next too.
      const meanwhile = loadKeyRing(e);
      expect(meanwhile.current.id).toBe(before.current.id);
      for (const sealed of await valuesOf(ids)) expect(["alpha-value", "Bearer beta-value"]).toContain(open(sealed, meanwhile));

      const result = await rotateSecretsKey(target, e);
      expect(result.to).toBe(next.id); // the unfinished rotation's key, not yet another
      expect(readFileSync(keyFile(e), "utf8")).toBe(nextText);
      expect(existsSync(nextKeyFile(e))).toBe(false);
      for (const sealed of await valuesOf(ids)) expect(sealedKeyId(sealed)).toBe(next.id);
    });

    test("with SECRETS_KEY: the new key is given; values open under it, not under the old one; SECRETS_PREVIOUS_KEY opens the old", async () => {
      await clearSecrets();
      const oldKey = "the operator's first SECRETS_KEY, long enough";
      const newKey = "the operator's second SECRETS_KEY, long enough too";
      const e = { SECRETS_KEY: oldKey, dataDir: tempDir("rotate-env") };
      const ids = await seed(loadKeyRing(e));
      await expect(rotateSecretsKey(target, e)).rejects.toThrow(/SECRETS_KEY is set: give the new key with --new-key or SECRETS_NEW_KEY/);
      await expect(rotateSecretsKey(target, e, oldKey)).rejects.toThrow("the new key is the current SECRETS_KEY");

      const result = await rotateSecretsKey(target, e, newKey);
      expect(result.mode).toBe("env");
      expect(result.instructions.join("\n")).toMatch(/set SECRETS_KEY to the new key, and SECRETS_PREVIOUS_KEY to the old one/);
      const rotated = loadKeyRing({ SECRETS_KEY: newKey, dataDir: e.dataDir });
      const stale = loadKeyRing(e);
      for (const sealed of await valuesOf(ids)) {
        expect(["alpha-value", "Bearer beta-value"]).toContain(open(sealed, rotated));
        expect(() => open(sealed, stale)).toThrow(/SECRETS_KEY differs between the web app and this worker, or the key was rotated/);
      }
      const sealedOld = seal("from a process not yet restarted", stale);
      expect(open(sealedOld, loadKeyRing({ SECRETS_KEY: newKey, SECRETS_PREVIOUS_KEY: oldKey, dataDir: e.dataDir }))).toBe("from a process not yet restarted");
    });

    test("a value no key of the ring opens stops the rotation, naming the secret; nothing changes", async () => {
      await clearSecrets();
      const e = { SECRETS_KEY: "the key every other row is sealed under, long", dataDir: tempDir("rotate-stuck") };
      const ids = await seed(loadKeyRing(e));
      const stranger = await newTeam();
      await db.teamSecret.create({ data: { teamId: stranger, name: "STRAY", value: seal("v", loadKeyRing({ SECRETS_KEY: "a key nobody has any more, not at all", dataDir: e.dataDir })) } });
      const before = await valuesOf(ids);
      await expect(rotateSecretsKey(target, e, "a new key that will not be put in place, long")).rejects.toThrow(`the secret "STRAY" of team ${stranger}: sealed under key`);
      expect(await valuesOf(ids)).toEqual(before);
    });

    test("npm run secrets:rotate-key: the script rotates the DATA_DIR key of the configured database", async () => {
      await clearSecrets();
      const dataDir = tempDir("rotate-script");
      const e = { dataDir };
      const before = loadKeyRing(e);
      const ids = await seed(before);
      const run = spawnSync(process.execPath, [path.join(ROOT, "node_modules/tsx/dist/cli.mjs"), path.join(ROOT, "scripts/secrets-rotate-key.ts")], {
        cwd: dataDir, // no .env there
        env: { ...process.env, DATA_DIR: dataDir, DATABASE_URL: target.url, SECRETS_KEY: "" },
        encoding: "utf8",
        timeout: 60_000,
      });
      expect(run.status, run.stderr).toBe(0);
      const after = loadKeyRing(e);
      expect(run.stdout).toContain(`secrets key ${before.current.id} -> ${after.current.id}; 1 team secrets and 1 schedules' secret headers sealed again`);
      for (const sealed of await valuesOf(ids)) expect(sealedKeyId(sealed)).toBe(after.current.id);
    });
  });
});
