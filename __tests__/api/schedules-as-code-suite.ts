// Schedules as code: export a team's schedules as one document and apply a document back, all or
// nothing, on whichever database the calling file sets up (docs/schedules-as-code.md). The test
// files turn ALLOW_SHELL_JOBS on, for the shell role checks.
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { parse as parseYaml, stringify as stringifyYaml } from "yaml";
import * as collection from "../../app/api/v1/schedules/route";
import * as applyRoute from "../../app/api/v1/schedules/apply/route";
import * as exportRoute from "../../app/api/v1/schedules/export/route";
import * as schemaRoute from "../../app/api/v1/schedules/document-schema/route";
import type { Db } from "../../lib/db/client";
import { settleCheck } from "../../lib/heartbeats/settle";
import type { DbTarget } from "../../lib/db/target";
import { TEAM_ROLES, type TeamRole } from "../../lib/teams/roles";
import { unique } from "../support/databases";
import { BASE, invoke, newUser, useDatabase } from "../support/handlers";

type Caller = { id: string; auth: string };
const SECRET = "Bearer hunter2-very-secret-token-9876";
type Doc = { version: number; team?: string; schedules: Record<string, Record<string, unknown>> };

export function schedulesAsCodeSuite(target: () => DbTarget) {
  let db: Db;
  let teamId: string;
  let teamName: string;
  const callers = {} as Record<TeamRole, Caller>;
  let outsider: Caller;

  beforeAll(async () => {
    db = await useDatabase(target());
    teamName = unique("Platform");
    teamId = (await db.team.create({ data: { name: teamName } })).id;
    await db.teamSecret.create({ data: { teamId, name: "API_TOKEN", value: "sealed elsewhere" } });
    for (const role of TEAM_ROLES) {
      callers[role] = await newUser(db);
      await db.membership.create({ data: { teamId, userId: callers[role].id, role } });
    }
    outsider = await newUser(db);
  });
  afterAll(async () => {
    await db?.team.deleteMany({ where: { id: teamId } });
    await db?.$disconnect();
  });

  /** Raw text answers (the export is YAML). */
  async function exportText(auth: string, query: string) {
    const response = await exportRoute.GET(new Request(`${BASE}/api/v1/schedules/export?${query}`, { headers: { authorization: auth } }), { params: Promise.resolve({}) });
    return { status: response.status, text: await response.text(), headers: response.headers };
  }
  const exportYaml = async (auth = callers.viewer.auth) => {
    const res = await exportText(auth, `teamId=${teamId}`);
    expect(res.status, res.text).toBe(200);
    return res.text;
  };
  const apply = (body: Record<string, unknown>, who: TeamRole = "editor") =>
    invoke(applyRoute.POST, "POST", "/api/v1/schedules/apply", { auth: callers[who].auth, body: { teamId, format: "yaml", ...body } });
  const create = (body: Record<string, unknown>, who: TeamRole = "admin") =>
    invoke(collection.POST, "POST", "/api/v1/schedules", { auth: callers[who].auth, body: { teamId, ...body } });
  const rows = async () => (await db.schedule.findMany({ where: { teamId }, orderBy: { name: "asc" } })).map(({ lastRunAt: _a, ...r }) => r);
  const auditCount = () => db.auditEvent.count({ where: { teamId } });
  /** Every schedule of the team removed, so each test starts from the two it makes. */
  async function reset() {
    await db.schedule.deleteMany({ where: { teamId } });
    const alpha = await create({
      name: "alpha",
      cronExpression: "0 9 * * 1-5",
      timezone: "Europe/Paris",
      entrypoint: "http",
      payload: { url: "https://example.com/hook", method: "POST", headers: { Authorization: SECRET, "X-Api-Token": "{{secrets.API_TOKEN}}", Accept: "text/plain" } },
    });
    expect(alpha.status, JSON.stringify(alpha.json)).toBe(201);
    const beta = await create({ name: "beta", description: "a log line", cronExpression: "0 0 * * *", isEnabled: false, maxRetries: 2 });
    expect(beta.status).toBe(201);
  }

  describe("export", () => {
    beforeAll(reset);

    test("YAML: every field of each schedule by name, secrets masked or as references, as a file", async () => {
      const res = await exportText(callers.viewer.auth, `teamId=${teamId}`);
      expect(res.status).toBe(200);
      expect(res.headers.get("content-type")).toBe("application/yaml; charset=utf-8");
      expect(res.headers.get("content-disposition")).toMatch(/^attachment; filename="Platform-[^"]*\.schedules\.yaml"$/);
      const doc = parseYaml(res.text) as Doc;
      expect(doc.version).toBe(1);
      expect(doc.team).toBe(teamName);
      expect(Object.keys(doc.schedules)).toEqual(["alpha", "beta"]);
      expect(doc.schedules.alpha).toEqual({
        description: null,
        cronExpression: "0 9 * * 1-5",
        timezone: "Europe/Paris",
        isEnabled: true,
        entrypoint: "http",
        payload: { url: "https://example.com/hook", method: "POST", headers: { Authorization: { value: "••••9876", secret: true }, "X-Api-Token": "{{secrets.API_TOKEN}}", Accept: "text/plain" } },
        overlapPolicy: "skip",
        misfirePolicy: "run_once",
        timeoutSeconds: 300,
        maxRetries: 0,
        retryDelaySeconds: 30,
        alerts: null,
      });
      expect(doc.schedules.beta).toMatchObject({ description: "a log line", cronExpression: "0 0 * * *", isEnabled: false, entrypoint: "log", payload: { message: "beta" }, maxRetries: 2 });
      expect(res.text).not.toContain("hunter2");
    });

    test("JSON: the same document", async () => {
      const json = await exportText(callers.viewer.auth, `teamId=${teamId}&format=json`);
      expect(json.status).toBe(200);
      expect(json.headers.get("content-type")).toBe("application/json; charset=utf-8");
      expect(json.headers.get("content-disposition")).toMatch(/\.schedules\.json"$/);
      expect(JSON.parse(json.text)).toEqual(parseYaml(await exportYaml()));
      expect(json.text).not.toContain("hunter2");
    });

    test("another team is a 404, a bad format a 400 naming it, no credentials a 401", async () => {
      expect((await exportText(outsider.auth, `teamId=${teamId}`)).status).toBe(404);
      const bad = await exportText(callers.viewer.auth, `teamId=${teamId}&format=toml`);
      expect(bad.status).toBe(400);
      expect(JSON.parse(bad.text).error.fields.format).toMatch(/yaml or json/);
      const anonymous = await exportRoute.GET(new Request(`${BASE}/api/v1/schedules/export`), { params: Promise.resolve({}) });
      expect(anonymous.status).toBe(401);
    });

    test("without teamId: the caller's default (personal) team", async () => {
      const res = await exportText(outsider.auth, "");
      expect(res.status).toBe(200);
      expect(parseYaml(res.text)).toMatchObject({ version: 1, schedules: {} });
    });

    test("the document's JSON Schema is served", async () => {
      const res = await invoke(schemaRoute.GET, "GET", "/api/v1/schedules/document-schema");
      expect(res.status).toBe(200);
      const defs = res.json.$defs as Record<string, { properties: Record<string, unknown>; required?: string[] }>;
      expect(defs.SchedulesDocument.required).toEqual(["version", "schedules"]);
      expect(Object.keys(defs.DocumentSchedule.properties)).toEqual(
        expect.arrayContaining(["cronExpression", "timezone", "entrypoint", "payload", "isEnabled", "overlapPolicy", "misfirePolicy", "timeoutSeconds", "maxRetries", "retryDelaySeconds", "alerts", "description"]),
      );
    });
  });

  describe("apply", () => {
    beforeAll(reset);

    test("the export applied back changes nothing: all unchanged, no writes, no audit rows, the same export", async () => {
      const before = { rows: await rows(), audit: await auditCount() };
      const text = await exportYaml();
      for (const dryRun of [false, true]) {
        const res = await apply({ content: text, prune: true, dryRun });
        expect(res.status, JSON.stringify(res.json)).toBe(200);
        expect(res.json).toEqual({ created: [], updated: [], deleted: [], unchanged: 2, errors: [] });
      }
      const json = await exportText(callers.viewer.auth, `teamId=${teamId}&format=json`);
      expect((await apply({ format: "json", content: json.text })).json).toEqual({ created: [], updated: [], deleted: [], unchanged: 2, errors: [] });
      expect(await rows()).toEqual(before.rows);
      expect(await auditCount()).toBe(before.audit);
      expect(await exportYaml()).toBe(text);
    });

    test("an unchanged schedule is not checked again: one naming a secret deleted since stays unchanged", async () => {
      await db.teamSecret.create({ data: { teamId, name: "GONE_SOON", value: "sealed elsewhere" } });
      const made = await create({ name: "uses-gone", cronExpression: "@hourly", entrypoint: "http", payload: { url: "https://example.com/gone", headers: { "X-Key": "{{secrets.GONE_SOON}}" } } });
      expect(made.status).toBe(201);
      await db.teamSecret.deleteMany({ where: { teamId, name: "GONE_SOON" } });
      const res = await apply({ content: await exportYaml() });
      expect(res.json).toEqual({ created: [], updated: [], deleted: [], unchanged: 3, errors: [] });
      await db.schedule.deleteMany({ where: { teamId, name: "uses-gone" } });
    });

    test("an edited document: exactly the planned changes, dry run first (nothing written), then written with audit rows naming the caller", async () => {
      const doc = parseYaml(await exportYaml()) as Doc;
      doc.schedules.alpha.cronExpression = "30 9 * * 1-5";
      doc.schedules.alpha.maxRetries = 3;
      delete doc.schedules.beta;
      doc.schedules.gamma = { cronExpression: "*/5 * * * *", payload: { message: "ping" } };
      const content = stringifyYaml(doc);
      const alphaBefore = await db.schedule.findFirstOrThrow({ where: { teamId, name: "alpha" } });
      const plan = {
        created: ["gamma"],
        updated: [{ name: "alpha", changes: { cronExpression: { from: "0 9 * * 1-5", to: "30 9 * * 1-5" }, maxRetries: { from: 0, to: 3 } } }],
        deleted: [],
        unchanged: 0,
        errors: [],
      };

      const before = { rows: await rows(), audit: await auditCount() };
      const dry = await apply({ content, dryRun: true });
      expect(dry.status).toBe(200);
      expect(dry.json).toEqual(plan);
      expect(await rows()).toEqual(before.rows);
      expect(await auditCount()).toBe(before.audit);

      const seen = new Set((await db.auditEvent.findMany({ where: { teamId }, select: { id: true } })).map((a) => a.id));
      const res = await apply({ content });
      expect(res.status).toBe(200);
      expect(res.json).toEqual(plan);
      const after = await rows();
      expect(after.map((r) => r.name)).toEqual(["alpha", "beta", "gamma"]); // no prune: beta stays
      const alpha = after.find((r) => r.name === "alpha")!;
      expect(alpha).toMatchObject({ cronExpression: "30 9 * * 1-5", maxRetries: 3 });
      expect(alpha.nextRunAt?.getTime()).not.toBe(alphaBefore.nextRunAt?.getTime());
      // The secret header sent back masked kept its sealed value.
      expect(alpha.payload).toEqual(alphaBefore.payload);
      expect(after.find((r) => r.name === "gamma")).toMatchObject({ entrypoint: "log", payload: { message: "ping" }, timezone: "UTC", isEnabled: true });

      const audit = (await db.auditEvent.findMany({ where: { teamId } })).filter((a) => !seen.has(a.id));
      const editor = await db.user.findUniqueOrThrow({ where: { id: callers.editor.id } });
      expect(audit.map((a) => [a.action, a.targetName]).sort()).toEqual([["schedule.created", "gamma"], ["schedule.updated", "alpha"]]);
      for (const row of audit) expect(row).toMatchObject({ actorType: "token", actorEmail: editor.email });
      expect(audit.find((a) => a.action === "schedule.updated")!.changes).toEqual(plan.updated[0].changes);

      // With prune: beta goes, and nothing else changes.
      const pruned = await apply({ content, prune: true });
      expect(pruned.json).toEqual({ created: [], updated: [], deleted: ["beta"], unchanged: 2, errors: [] });
      expect((await rows()).map((r) => r.name)).toEqual(["alpha", "gamma"]);
      expect(await db.auditEvent.count({ where: { teamId, action: "schedule.deleted", targetName: "beta", actorEmail: editor.email } })).toBe(1);
    });

    test("a new secret value is a change (masked in the plan) and is sealed, never shown", async () => {
      const doc = parseYaml(await exportYaml()) as Doc;
      const payload = doc.schedules.alpha.payload as { headers: Record<string, unknown> };
      payload.headers.Authorization = "Bearer another-secret-value-5555";
      const res = await apply({ content: stringifyYaml(doc) });
      expect(res.status).toBe(200);
      expect(res.json.updated).toEqual([
        { name: "alpha", changes: { payload: { from: expect.objectContaining({ headers: expect.objectContaining({ Authorization: { value: "••••9876", secret: true } }) }), to: expect.objectContaining({ headers: expect.objectContaining({ Authorization: { value: "••••5555", secret: true } }) }) } } },
      ]);
      expect(JSON.stringify(res.json)).not.toContain("another-secret");
      const stored = await db.schedule.findFirstOrThrow({ where: { teamId, name: "alpha" } });
      expect(JSON.stringify(stored.payload)).not.toContain("another-secret");
      expect(await exportYaml()).toContain("••••5555");
    });

    test("all or nothing: one bad schedule and nothing is written; every error names its schedule, field and YAML line", async () => {
      const before = { rows: await rows(), audit: await auditCount() };
      const content = [
        "version: 1",
        "schedules:",
        "  fine-new:",
        "    cronExpression: '0 * * * *'",
        "  alpha:",
        "    cronExpression: '0 10 * * *'",
        "  broken:",
        "    cronExpression: '61 * * * *'",
        "  leaky:",
        "    cronExpression: '@hourly'",
        "    entrypoint: http",
        "    payload:",
        "      url: https://example.com/x",
        "      headers:",
        "        X-Api-Token: '{{secrets.NOPE}}'",
        "",
      ].join("\n");
      const res = await apply({ content, prune: true });
      expect(res.status).toBe(400);
      expect(res.json).toMatchObject({ error: { code: "validation_error", message: "2 problems in the document; nothing was written" }, created: [], updated: [], deleted: [], unchanged: 0 });
      expect(res.json.errors).toEqual([
        { name: "broken", line: 8, field: "cronExpression", message: 'minute: "61" is out of range 0-59' },
        { name: "leaky", line: 15, field: "payload.headers.X-Api-Token", message: expect.stringMatching(/unknown secret "NOPE"/) },
      ]);
      expect(await rows()).toEqual(before.rows);
      expect(await auditCount()).toBe(before.audit);
    });

    test("JSON documents' errors carry lines too; unparseable text is an error with its line", async () => {
      const json = '{\n  "version": 1,\n  "schedules": {\n    "x": {\n      "cronExpression": "* * * * *",\n      "timeoutSeconds": 0\n    }\n  }\n}\n';
      const res = await apply({ format: "json", content: json });
      expect(res.status).toBe(400);
      expect(res.json.errors).toEqual([{ name: "x", line: 6, field: "timeoutSeconds", message: expect.any(String) }]);
      const broken = await apply({ content: "version: 1\nschedules:\n  a: [unclosed\n" });
      expect(broken.status).toBe(400);
      expect(broken.json.errors[0]).toMatchObject({ line: expect.any(Number), message: expect.any(String) });
      const wrongVersion = await apply({ content: "version: 2\nschedules: {}\n" });
      expect(wrongVersion.json.errors).toEqual([{ line: 1, field: "version", message: "version must be 1" }]);
      expect((await apply({ format: "json", content: "{nope" })).json.errors[0].message).toMatch(/^not valid JSON/);
    });

    test("roles: a viewer 403; an editor may not apply a shell schedule (403, the entry names it); an admin may", async () => {
      const doc = { version: 1, schedules: { backup: { cronExpression: "0 3 * * *", entrypoint: "shell", payload: { command: "true" } } } };
      const content = stringifyYaml(doc);
      const viewer = await apply({ content }, "viewer");
      expect(viewer.status).toBe(403);
      expect(viewer.json.error.message).toMatch(/needs the editor role/);
      const editor = await apply({ content }, "editor");
      expect(editor.status).toBe(403);
      expect(editor.json.error.code).toBe("forbidden");
      expect(editor.json.errors).toEqual([{ name: "backup", line: 5, field: "entrypoint", message: expect.stringMatching(/^Only team admins and owners may create or change shell schedules/) }]);
      expect(await db.schedule.count({ where: { teamId, name: "backup" } })).toBe(0);
      const admin = await apply({ content }, "admin");
      expect(admin.status, JSON.stringify(admin.json)).toBe(200);
      expect(admin.json.created).toEqual(["backup"]);
      // Pruning a shell schedule is a delete: an editor may.
      const prune = await apply({ content: "version: 1\nschedules:\n  alpha: {cronExpression: '@hourly'}\n", prune: true, dryRun: true }, "editor");
      expect(prune.json.deleted).toContain("backup");
    });

    test("another team's id is a 404; a body over 2 MiB a 413; a document over 64 KiB is fine", async () => {
      const outside = await invoke(applyRoute.POST, "POST", "/api/v1/schedules/apply", { auth: outsider.auth, body: { teamId, content: "version: 1\nschedules: {}\n" } });
      expect(outside.status).toBe(404);
      const huge = await apply({ content: "#".repeat(2 * 1024 * 1024 + 1) });
      expect(huge.status).toBe(413);
      const large = await apply({ content: `# ${"x".repeat(100 * 1024)}\nversion: 1\nschedules: {}\n`, dryRun: true });
      expect(large.status).toBe(200);
      const bad = await apply({ format: "toml", content: "" });
      expect(bad.status).toBe(400);
      expect(bad.json.error.fields.format).toMatch(/yaml or json/);
    });
  });

  describe("heartbeat checks", () => {
    beforeAll(reset);

    test("the ping key is never exported; a check applied back keeps its key; a check the document creates gets a key of its own", async () => {
      const made = await create({ name: "backup check", cronExpression: "0 3 * * *", entrypoint: "heartbeat", payload: { graceSeconds: 600 } });
      expect(made.status, JSON.stringify(made.json)).toBe(201);
      const key = (await db.schedule.findUniqueOrThrow({ where: { id: made.json.id } })).pingKey!;
      expect(key).toBeTruthy();
      const text = await exportYaml();
      expect(text).not.toContain(key);
      expect(text).not.toMatch(/pingKey|pingUrl/);
      const doc = parseYaml(text) as Doc;
      expect(doc.schedules["backup check"]).toMatchObject({ entrypoint: "heartbeat", payload: { graceSeconds: 600 } });

      expect((await apply({ content: text })).json).toEqual({ created: [], updated: [], deleted: [], unchanged: 3, errors: [] });
      expect((await db.schedule.findUniqueOrThrow({ where: { id: made.json.id } })).pingKey).toBe(key);

      doc.schedules["backup check (copy)"] = doc.schedules["backup check"];
      const res = await apply({ content: stringifyYaml(doc) });
      expect(res.json).toMatchObject({ created: ["backup check (copy)"], errors: [] });
      const copy = await db.schedule.findFirstOrThrow({ where: { teamId, name: "backup check (copy)" } });
      expect(copy.pingKey).toMatch(/^[A-Za-z0-9_-]{24}$/);
      expect(copy.pingKey).not.toBe(key);
      expect((await db.schedule.findUniqueOrThrow({ where: { id: made.json.id } })).pingKey).toBe(key);
    });

    test("a check the document makes a log job loses its key, and a run its /start ping left open ends lost", async () => {
      const made = await create({ name: "started check", cronExpression: "0 3 * * *", entrypoint: "heartbeat" });
      expect(made.status).toBe(201);
      const key = (await db.schedule.findUniqueOrThrow({ where: { id: made.json.id } })).pingKey!;
      const started = await settleCheck(db, { pingKey: key }, new Date(), { signal: { kind: "start" }, body: "", source: { method: "GET", address: null, userAgent: null } });
      const doc = parseYaml(await exportYaml()) as Doc;
      doc.schedules["started check"] = { ...doc.schedules["started check"], entrypoint: "log", payload: { message: "now a log job" } };
      const res = await apply({ content: stringifyYaml(doc) });
      expect(res.json).toMatchObject({ updated: [{ name: "started check" }], errors: [] });
      expect(await db.schedule.findUniqueOrThrow({ where: { id: made.json.id } })).toMatchObject({ entrypoint: "log", pingKey: null });
      expect(await db.run.findUniqueOrThrow({ where: { id: started!.runId! } })).toMatchObject({ status: "lost", finishedAt: expect.any(Date) });
    });
  });
}
