// Team secrets, handler by handler, on whichever database the calling file sets up: who may list
// and change them, what is refused and why, their audit rows, what still uses a secret, the
// worker's reader, and what the database holds (the bytes: never a value).
import { readFileSync, existsSync } from "node:fs";
import pg from "pg";
import { afterAll, beforeAll, expect, test } from "vitest";
import * as secretsRoute from "../../app/api/v1/teams/[teamId]/secrets/route";
import * as secretRoute from "../../app/api/v1/teams/[teamId]/secrets/[name]/route";
import * as schedulesRoute from "../../app/api/v1/schedules/route";
import * as auditRoute from "../../app/api/v1/teams/[teamId]/audit/route";
import * as teamsRoute from "../../app/api/v1/teams/route";
import type { Db } from "../../lib/db/client";
import type { DbTarget } from "../../lib/db/target";
import { EntrypointError } from "../../lib/entrypoints/types";
import { loadKeyRing } from "../../lib/secrets/key";
import { createSecretReader, secretsKeyProblem } from "../../lib/secrets/resolve";
import { createSecret, schedulesUsingSecret, teamSecretNames } from "../../lib/secrets/team-secrets";
import { teamAccess } from "../../lib/teams/access";
import type { TeamRole } from "../../lib/teams/roles";
import { unique } from "../support/databases";
import { invoke, newUser, useDatabase } from "../support/handlers";

type Caller = { id: string; auth: string };

export function teamSecretsSuite(target: () => DbTarget) {
  let db: Db;
  let t: DbTarget;
  beforeAll(async () => {
    t = target();
    db = await useDatabase(t);
  });
  afterAll(async () => {
    await db?.$disconnect();
  });

  const teamOf = async (owner: Caller) => (await invoke(teamsRoute.POST, "POST", "/api/v1/teams", { auth: owner.auth, body: { name: unique("Team") } })).json.id as string;
  const join = (teamId: string, userId: string, role: TeamRole) => db.membership.create({ data: { teamId, userId, role } });
  const list = (as: Caller, teamId: string) => invoke(secretsRoute.GET, "GET", `/api/v1/teams/${teamId}/secrets`, { auth: as.auth, params: { teamId } });
  const create = (as: Caller, teamId: string, body: unknown) => invoke(secretsRoute.POST, "POST", `/api/v1/teams/${teamId}/secrets`, { auth: as.auth, params: { teamId }, body });
  const replace = (as: Caller, teamId: string, name: string, body: unknown) =>
    invoke(secretRoute.PUT, "PUT", `/api/v1/teams/${teamId}/secrets/${name}`, { auth: as.auth, params: { teamId, name }, body });
  const remove = (as: Caller, teamId: string, name: string) => invoke(secretRoute.DELETE, "DELETE", `/api/v1/teams/${teamId}/secrets/${name}`, { auth: as.auth, params: { teamId, name } });
  const emailOf = async (user: Caller) => (await db.user.findUniqueOrThrow({ where: { id: user.id } })).email;
  const distinctive = () => `PLAINTEXT-${unique("value")}-do-not-store`;

  test("admins add, replace and delete; every member lists names with who set them and when, never a value", async () => {
    const owner = await newUser(db);
    const viewer = await newUser(db);
    const teamId = await teamOf(owner);
    await join(teamId, viewer.id, "viewer");
    const value = distinctive();
    const created = await create(owner, teamId, { name: "API_TOKEN", value });
    expect(created.status, JSON.stringify(created.json)).toBe(201);
    expect(created.json).toEqual({ name: "API_TOKEN", reference: "{{secrets.API_TOKEN}}", createdAt: expect.any(String), updatedAt: expect.any(String), updatedBy: await emailOf(owner) });
    await create(owner, teamId, { name: "_another", value: "x" });

    const listed = await list(viewer, teamId);
    expect(listed.status).toBe(200);
    expect(listed.json.items.map((s: { name: string }) => s.name)).toEqual(["API_TOKEN", "_another"]);
    expect(JSON.stringify(listed.json)).not.toContain(value);

    const admin = await newUser(db);
    await join(teamId, admin.id, "admin");
    const newer = distinctive();
    const replaced = await replace(admin, teamId, "API_TOKEN", { value: newer });
    expect(replaced.status, JSON.stringify(replaced.json)).toBe(200);
    expect(replaced.json).toMatchObject({ name: "API_TOKEN", updatedBy: await emailOf(admin) });
    expect(Date.parse(replaced.json.updatedAt)).toBeGreaterThanOrEqual(Date.parse(created.json.updatedAt));
    expect(JSON.stringify(replaced.json)).not.toContain(newer);
    expect(await createSecretReader(db)(teamId, "API_TOKEN")).toBe(newer);

    expect((await remove(admin, teamId, "API_TOKEN")).status).toBe(204);
    expect((await list(owner, teamId)).json.items.map((s: { name: string }) => s.name)).toEqual(["_another"]);
    expect([...(await teamSecretNames(db, teamId))]).toEqual(["_another"]);
  });

  test("bad names and values are 400s naming the field; a second secret of one name is a 409; an unknown name is a 404", async () => {
    const owner = await newUser(db);
    const teamId = await teamOf(owner);
    for (const name of ["1ABC", "has-dash", "has space", "", "x".repeat(65), "{{secrets.X}}"]) {
      const res = await create(owner, teamId, { name, value: "v" });
      expect(res.status, name).toBe(400);
      expect(Object.keys(res.json.error.fields)).toEqual(["name"]);
      expect(res.json.error.fields.name).toMatch(/a letter or _, then letters, digits or _/);
    }
    for (const value of ["", 42, null]) {
      const res = await create(owner, teamId, { name: "OK", value });
      expect(res.status).toBe(400);
      expect(Object.keys(res.json.error.fields)).toEqual(["value"]);
    }
    expect((await create(owner, teamId, { name: "OK" })).json.error.fields).toEqual({ value: expect.any(String) });
    expect((await create(owner, teamId, { name: "OK", value: "v", extra: 1 })).json.error.fields).toEqual({ extra: 'unknown field "extra"' });
    // 64 KiB of UTF-8 at most; over the API the whole body is capped at 64 KiB (a 413), so the domain is asked directly
    const owners = await teamAccess(db, { id: owner.id, email: await emailOf(owner) });
    await expect(createSecret(db, owners, teamId, { name: "BIG", value: "é".repeat(32 * 1024) + "x" })).rejects.toMatchObject({ code: "validation_error", fields: { value: "value must be at most 64 KiB" } });
    expect(await createSecret(db, owners, teamId, { name: "BIG", value: "é".repeat(32 * 1024) })).toMatchObject({ name: "BIG" });
    expect((await create(owner, teamId, { name: "HUGE", value: "x".repeat(64 * 1024) })).status).toBe(413);
    expect((await create(owner, teamId, { name: "OK", value: "first" })).status).toBe(201);
    const again = await create(owner, teamId, { name: "OK", value: "other" });
    expect(again.status).toBe(409);
    expect(again.json.error).toMatchObject({ code: "conflict", message: expect.stringContaining('already has a secret "OK"'), fields: { name: expect.any(String) } });
    expect((await replace(owner, teamId, "OK", { value: "" })).json.error.fields).toEqual({ value: "value must not be empty" });
    expect((await replace(owner, teamId, "NOPE", { value: "v" })).status).toBe(404);
    expect((await remove(owner, teamId, "NOPE")).status).toBe(404);
    expect((await remove(owner, teamId, "not a name")).status).toBe(404);
  });

  test("viewers and editors cannot change secrets (403 naming admin); another team's are a 404", async () => {
    const owner = await newUser(db);
    const teamId = await teamOf(owner);
    await create(owner, teamId, { name: "KEEP", value: "kept-value" });
    for (const role of ["viewer", "editor"] as const) {
      const member = await newUser(db);
      await join(teamId, member.id, role);
      for (const res of [await create(member, teamId, { name: "NEW", value: "v" }), await replace(member, teamId, "KEEP", { value: "v" }), await remove(member, teamId, "KEEP")]) {
        expect(res.status).toBe(403);
        expect(res.json.error.message).toMatch(/needs the admin role/);
      }
      // the role is checked before the input: a viewer learns nothing from a 400
      expect((await create(member, teamId, { name: "bad name" })).status).toBe(403);
    }
    const outsider = await newUser(db);
    for (const res of [await list(outsider, teamId), await create(outsider, teamId, { name: "X", value: "v" }), await replace(outsider, teamId, "KEEP", { value: "v" }), await remove(outsider, teamId, "KEEP")]) {
      expect(res.status).toBe(404);
      expect(res.json.error.message).toBe("No such team");
    }
    expect(await createSecretReader(db)(teamId, "KEEP")).toBe("kept-value");
  });

  test("each change is in the team's audit log with the name as its target, never the value", async () => {
    const owner = await newUser(db);
    const teamId = await teamOf(owner);
    const [first, second] = [distinctive(), distinctive()];
    await create(owner, teamId, { name: "AUDITED", value: first });
    await replace(owner, teamId, "AUDITED", { value: second });
    await remove(owner, teamId, "AUDITED");
    const log = await invoke(auditRoute.GET, "GET", `/api/v1/teams/${teamId}/audit`, { auth: owner.auth, params: { teamId } });
    const rows = log.json.items.filter((i: { action: string }) => i.action.startsWith("secret."));
    expect(rows.map((r: { action: string; target: { type: string; name: string }; actor: { email: string } }) => [r.action, r.target.type, r.target.name, r.actor.email])).toEqual([
      ["secret.deleted", "secret", "AUDITED", await emailOf(owner)],
      ["secret.updated", "secret", "AUDITED", await emailOf(owner)],
      ["secret.created", "secret", "AUDITED", await emailOf(owner)],
    ]);
    const stored = JSON.stringify(await db.auditEvent.findMany({ where: { teamId } }));
    expect(stored).not.toContain(first);
    expect(stored).not.toContain(second);
  });

  test("a secret in use cannot be deleted: the 409 lists the schedules that refer to it and the team's LLM endpoint", async () => {
    const owner = await newUser(db);
    const teamId = await teamOf(owner);
    const other = await teamOf(owner);
    await create(owner, teamId, { name: "DB_PASS", value: "v" });
    await create(owner, teamId, { name: "DBXPASS", value: "v" });
    const schedule = (team: string, name: string, payload: object) =>
      db.schedule.create({ data: { teamId: team, name, cronExpression: "0 3 * * *", entrypoint: "log", payload: payload as never }, select: { id: true, name: true } });
    const uses = await schedule(teamId, "b uses it", { message: "password is {{ secrets.DB_PASS }}" });
    const usesDeep = await schedule(teamId, "a uses it deep", { url: "https://example.com", headers: { "X-Pass": "{{secrets.DB_PASS}}" } });
    await schedule(teamId, "mentions another", { message: "{{secrets.DB_PASS2}} secrets.DB_PASS" }); // not a reference to DB_PASS
    await schedule(other, "another team's", { message: "{{secrets.DB_PASS}}" });

    expect(await schedulesUsingSecret(db, teamId, "DB_PASS")).toEqual([usesDeep, uses].map((s) => ({ id: s.id, name: s.name })));
    expect(await schedulesUsingSecret(db, teamId, "DBXPASS")).toEqual([]); // "_" in LIKE matches any character: confirmed after
    const refused = await remove(owner, teamId, "DB_PASS");
    expect(refused.status).toBe(409);
    expect(refused.json.error).toMatchObject({ code: "conflict", schedules: [{ id: usesDeep.id, name: usesDeep.name }, { id: uses.id, name: uses.name }], llmEndpoint: false });
    expect(refused.json.error.message).toContain('used by 2 schedules "a uses it deep", "b uses it"');
    expect((await remove(owner, teamId, "DBXPASS")).status).toBe(204);

    await db.schedule.deleteMany({ where: { teamId } });
    await db.team.update({ where: { id: teamId }, data: { llmEndpoint: { url: "https://llm.example.com/v1", model: "m", apiKey: "{{secrets.DB_PASS}}" } } });
    const byEndpoint = await remove(owner, teamId, "DB_PASS");
    expect(byEndpoint.status).toBe(409);
    expect(byEndpoint.json.error).toMatchObject({ schedules: [], llmEndpoint: true, message: expect.stringContaining("the team's LLM endpoint") });
    await db.team.update({ where: { id: teamId }, data: { llmEndpoint: { url: "https://llm.example.com/v1", model: "m" } } });
    expect((await remove(owner, teamId, "DB_PASS")).status).toBe(204);
  });

  test("a secret used by many schedules: the message names five, the error lists them all", async () => {
    const owner = await newUser(db);
    const teamId = await teamOf(owner);
    await create(owner, teamId, { name: "WIDE", value: "v" });
    for (let i = 1; i <= 7; i++) await db.schedule.create({ data: { teamId, name: `s${i}`, cronExpression: "0 3 * * *", entrypoint: "log", payload: { message: "{{secrets.WIDE}}" } } });
    const refused = await remove(owner, teamId, "WIDE");
    expect(refused.status).toBe(409);
    expect(refused.json.error.schedules).toHaveLength(7);
    expect(refused.json.error.message).toContain('used by 7 schedules "s1", "s2", "s3", "s4", "s5" and 2 more:');
  });

  test("the worker's reader: the value, a clear error for a name the team lacks, and for a key this process lacks", async () => {
    const owner = await newUser(db);
    const teamId = await teamOf(owner);
    const other = await teamOf(owner);
    await create(owner, teamId, { name: "TOKEN", value: "the-token-value" });
    const read = createSecretReader(db);
    expect(await read(teamId, "TOKEN")).toBe("the-token-value");
    await expect(read(teamId, "MISSING")).rejects.toThrow(new EntrypointError('this team has no secret "MISSING"'));
    await expect(read(other, "TOKEN")).rejects.toThrow('this team has no secret "TOKEN"'); // another team's is not theirs
    const elsewhere = loadKeyRing({ SECRETS_KEY: "a worker configured with some other key, alas", dataDir: "/nonexistent" });
    const wrong = createSecretReader(db, () => elsewhere);
    // Said once at a worker's start, too (the database may hold other files' secrets: only a mismatch is asserted).
    expect(await secretsKeyProblem(db, elsewhere)).toMatch(/^the team secret ".+" \(key [0-9a-f]{8}\) cannot be opened: sealed under key /);
    if (t.provider === "sqlite") expect(await secretsKeyProblem(db)).toBeNull(); // this file's own database: all under the run's key
    const err = await wrong(teamId, "TOKEN").catch((e: unknown) => e);
    expect(err).toBeInstanceOf(EntrypointError);
    expect((err as Error).message).toMatch(
      new RegExp(`^the secret "TOKEN" cannot be opened: sealed under key [0-9a-f]{8}, this process has key ${elsewhere.current.id}: SECRETS_KEY differs between the web app and this worker, or the key was rotated`),
    );
  });

  test("the database holds no plain value: a team secret and an http job's secret header, read as bytes", async () => {
    const owner = await newUser(db);
    const teamId = await teamOf(owner);
    const value = distinctive();
    const header = distinctive();
    const name = `BYTES_${unique("n").replace(/\W/g, "_")}`;
    expect((await create(owner, teamId, { name, value })).status).toBe(201);
    const scheduled = await invoke(schedulesRoute.POST, "POST", "/api/v1/schedules", {
      auth: owner.auth,
      body: { teamId, name: unique("hook"), cronExpression: "0 3 * * *", entrypoint: "http", payload: { url: "https://example.com/hook", headers: { Authorization: `Bearer ${header}`, "X-Sig": { value: `sig-${header}`, secret: true } } } },
    });
    expect(scheduled.status, JSON.stringify(scheduled.json)).toBe(201);
    expect(scheduled.json.payload.headers).toEqual({ Authorization: { value: `••••${header.slice(-4)}`, secret: true }, "X-Sig": { value: `••••${header.slice(-4)}`, secret: true } });

    if (t.provider === "sqlite") {
      // WAL mode: the newest pages are in the -wal file until a checkpoint.
      const bytes = Buffer.concat([t.file, `${t.file}-wal`].filter(existsSync).map((f) => readFileSync(f)));
      expect(bytes.includes(Buffer.from(name)), "the secret's name is in the files: they were read").toBe(true);
      expect(bytes.includes(Buffer.from(scheduled.json.id)), "the schedule is in the files").toBe(true);
      for (const plain of [value, header]) expect(bytes.includes(Buffer.from(plain))).toBe(false);
    } else {
      const client = new pg.Client({ connectionString: t.url });
      await client.connect();
      try {
        const rows = [
          ...(await client.query(`SELECT * FROM "TeamSecret" WHERE "teamId" = $1`, [teamId])).rows,
          ...(await client.query(`SELECT t::text AS raw FROM "TeamSecret" t WHERE "teamId" = $1`, [teamId])).rows,
          ...(await client.query(`SELECT s::text AS raw FROM "Schedule" s WHERE "teamId" = $1`, [teamId])).rows,
          ...(await client.query({ text: `SELECT * FROM "Schedule" WHERE "teamId" = $1`, values: [teamId], rowMode: "array" })).rows,
        ];
        const text = JSON.stringify(rows);
        expect(text).toContain(name);
        expect(text).toContain(scheduled.json.id);
        for (const plain of [value, header]) expect(text).not.toContain(plain);
      } finally {
        await client.end();
      }
    }
    const row = await db.teamSecret.findFirstOrThrow({ where: { teamId, name } });
    expect(row.value).toMatch(/^s1\.[0-9a-f]{8}\./);
    expect(await createSecretReader(db)(teamId, name)).toBe(value);
  });
}
