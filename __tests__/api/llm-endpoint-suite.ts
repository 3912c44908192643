// A team's model endpoint for llm jobs, handler by handler, on whichever database the calling file
// sets up: members read it, admins set and remove it (with an audit row each time, never a key),
// its URL passes the SSRF guard and its key must name an existing team secret; llm schedules are
// refused for a team no endpoint serves; and a run reads the team's endpoint from the database.
// The operator sets no LLM_URL in these files.
import { seal } from "../../lib/secrets/seal";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, expect, test } from "vitest";
import * as endpointRoute from "../../app/api/v1/teams/[teamId]/llm-endpoint/route";
import * as schedulesRoute from "../../app/api/v1/schedules/route";
import * as teamsRoute from "../../app/api/v1/teams/route";
import { Prisma, type Db } from "../../lib/db/client";
import type { DbTarget } from "../../lib/db/target";
import { llmEntrypoint } from "../../lib/entrypoints/llm";
import type { RunContext } from "../../lib/entrypoints/types";
import type { TeamRole } from "../../lib/teams/roles";
import { unique } from "../support/databases";
import { invoke, newUser, useDatabase } from "../support/handlers";

type Caller = { id: string; auth: string };

// A public address written as one: checked without a DNS lookup, never connected to here.
const PUBLIC_URL = "https://93.184.216.34/v1";

export function llmEndpointSuite(target: () => DbTarget) {
  let db: Db;
  let server: http.Server;
  let base: string;
  const received: { model: string; authorization?: string }[] = [];

  beforeAll(async () => {
    db = await useDatabase(target());
    server = http.createServer((req, res) => {
      let raw = "";
      req.on("data", (c) => (raw += c));
      req.on("end", () => {
        received.push({ model: (JSON.parse(raw) as { model: string }).model, authorization: req.headers.authorization });
        res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ choices: [{ message: { content: "pong" }, finish_reason: "stop" }] }));
      });
    });
    await new Promise<void>((done) => server.listen(0, "127.0.0.1", done));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
  });
  afterAll(async () => {
    server?.closeAllConnections();
    await new Promise((done) => server?.close(done));
    await db?.$disconnect();
  });

  const teamOf = async (owner: Caller) => (await invoke(teamsRoute.POST, "POST", "/api/v1/teams", { auth: owner.auth, body: { name: unique("Team") } })).json.id as string;
  const join = async (teamId: string, role: TeamRole) => {
    const user = await newUser(db);
    await db.membership.create({ data: { teamId, userId: user.id, role } });
    return user;
  };
  // Sealed as the store seals it: the test run's PostgreSQL database is shared, and a worker's key
  // check (secretsKeyProblem, team-secrets-suite.ts) reads every team's rows.
  const addSecret = (teamId: string, name: string) => db.teamSecret.create({ data: { teamId, name, value: seal("sk-test-key") } });
  const get = (as: Caller, teamId: string) => invoke(endpointRoute.GET, "GET", `/api/v1/teams/${teamId}/llm-endpoint`, { auth: as.auth, params: { teamId } });
  const put = (as: Caller, teamId: string, body: unknown) => invoke(endpointRoute.PUT, "PUT", `/api/v1/teams/${teamId}/llm-endpoint`, { auth: as.auth, params: { teamId }, body });
  const remove = (as: Caller, teamId: string) => invoke(endpointRoute.DELETE, "DELETE", `/api/v1/teams/${teamId}/llm-endpoint`, { auth: as.auth, params: { teamId } });
  const auditRows = (teamId: string) => db.auditEvent.findMany({ where: { teamId, action: "team.llm_endpoint_changed" }, orderBy: { at: "asc" } });
  const newLlmSchedule = (as: Caller, teamId: string, payload: unknown) =>
    invoke(schedulesRoute.POST, "POST", "/api/v1/schedules", { auth: as.auth, body: { name: unique("digest"), cronExpression: "0 8 * * *", teamId, entrypoint: "llm", payload } });

  test("admins set and remove the endpoint, members read it, and each change leaves an audit row without a key", async () => {
    const owner = await newUser(db);
    const teamId = await teamOf(owner);
    const viewer = await join(teamId, "viewer");
    await addSecret(teamId, "OPENAI_KEY");

    const none = await get(viewer, teamId);
    expect(none.status).toBe(200);
    expect(none.json).toEqual({ configured: false, url: null, model: null, apiKey: null, operatorDefault: { available: false, model: null } });

    const saved = await put(owner, teamId, { url: PUBLIC_URL, model: "gpt-4o-mini", apiKey: "{{ secrets.OPENAI_KEY }}" });
    expect(saved.status).toBe(200);
    const endpoint = { url: PUBLIC_URL, model: "gpt-4o-mini", apiKey: "{{secrets.OPENAI_KEY}}" };
    expect(saved.json).toEqual({ configured: true, ...endpoint, operatorDefault: { available: false, model: null } });
    expect((await get(viewer, teamId)).json).toMatchObject({ configured: true, ...endpoint });
    expect((await db.team.findUniqueOrThrow({ where: { id: teamId } })).llmEndpoint).toEqual(endpoint);

    // PUT replaces the whole endpoint: left out is none
    expect((await put(owner, teamId, { url: `${PUBLIC_URL}/chat/completions` })).json).toMatchObject({ configured: true, url: `${PUBLIC_URL}/chat/completions`, model: null, apiKey: null });

    const removed = await remove(owner, teamId);
    expect(removed.status).toBe(204);
    expect((await get(viewer, teamId)).json).toMatchObject({ configured: false, url: null });
    expect((await db.team.findUniqueOrThrow({ where: { id: teamId } })).llmEndpoint).toBeNull();
    expect((await remove(owner, teamId)).status).toBe(204); // nothing to remove: no row

    const rows = await auditRows(teamId);
    expect(rows.map((r) => [r.targetType, r.targetId, r.actorId])).toEqual([
      ["team", teamId, expect.any(String)],
      ["team", teamId, expect.any(String)],
      ["team", teamId, expect.any(String)],
    ]);
    expect(rows.map((r) => r.changes)).toEqual([
      { url: { from: null, to: PUBLIC_URL }, model: { from: null, to: "gpt-4o-mini" }, apiKey: { from: null, to: "{{secrets.OPENAI_KEY}}" } },
      { url: { from: PUBLIC_URL, to: `${PUBLIC_URL}/chat/completions` }, model: { from: "gpt-4o-mini", to: null }, apiKey: { from: "{{secrets.OPENAI_KEY}}", to: null } },
      { url: { from: `${PUBLIC_URL}/chat/completions`, to: null } },
    ]);
  });

  test("another team's endpoint is a 404; an editor may read it but not change it (403 naming admin)", async () => {
    const owner = await newUser(db);
    const teamId = await teamOf(owner);
    const stranger = await newUser(db);
    const editor = await join(teamId, "editor");

    expect((await get(stranger, teamId)).status).toBe(404);
    expect((await put(stranger, teamId, { url: PUBLIC_URL })).status).toBe(404);
    expect((await remove(stranger, teamId)).status).toBe(404);

    expect((await get(editor, teamId)).status).toBe(200);
    const denied = await put(editor, teamId, { url: PUBLIC_URL });
    expect(denied.status).toBe(403);
    expect(denied.json.error.message).toMatch(/^This needs the admin role in this team .*; you are an editor$/);
    expect((await remove(editor, teamId)).status).toBe(403);
    expect(await auditRows(teamId)).toEqual([]);
  });

  test("a bad URL, a private target, a key that is not a reference or names no team secret: 400 naming the field", async () => {
    const owner = await newUser(db);
    const teamId = await teamOf(owner);
    await addSecret(teamId, "REAL");
    const cases: [unknown, string, string | RegExp][] = [
      [{ url: "ftp://models.example.com/v1" }, "url", "must be an http:// or https:// URL, not ftp://"],
      [{ url: "https://user:pw@models.example.com/v1" }, "url", /^must not contain a user name or password/],
      [{ url: "not a url" }, "url", "must be an absolute http:// or https:// URL"],
      [{ url: "http://127.0.0.1:11434/v1" }, "url", /^"127\.0\.0\.1" is a loopback address; private network targets are refused unless the operator sets ALLOW_PRIVATE_NETWORK_TARGETS=true$/],
      [{ url: "http://169.254.169.254/v1" }, "url", /cloud metadata/],
      [{ url: PUBLIC_URL, apiKey: "sk-live-1234567890" }, "apiKey", /^must be a team secret reference such as \{\{secrets\.OPENAI_API_KEY\}\}/],
      [{ url: PUBLIC_URL, apiKey: "{{secrets.NOPE}}" }, "apiKey", 'this team has no secret named "NOPE": add it under Team settings, Secrets, then refer to it here'],
      [{ url: PUBLIC_URL, model: "" }, "model", /^must not be empty/],
      [{ url: PUBLIC_URL, headers: {} }, "headers", 'unknown field "headers"'],
      [{}, "url", "must be a URL"],
    ];
    for (const [body, field, message] of cases) {
      const res = await put(owner, teamId, body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.json.error.fields[field], JSON.stringify(body)).toMatch(message);
    }
    // another team's secret of that name does not count
    const other = await teamOf(owner);
    await addSecret(other, "ELSEWHERE");
    expect((await put(owner, teamId, { url: PUBLIC_URL, apiKey: "{{secrets.ELSEWHERE}}" })).json.error.fields.apiKey).toMatch(/no secret named "ELSEWHERE"/);
    expect((await put(owner, teamId, { url: PUBLIC_URL, apiKey: "{{secrets.REAL}}" })).status).toBe(200);
    expect(await auditRows(teamId)).toHaveLength(1);
  });

  test("an llm schedule needs an endpoint for its team and a model; its prompt may not use secrets or unknown fields", async () => {
    const owner = await newUser(db);
    const teamId = await teamOf(owner);
    const refused = await newLlmSchedule(owner, teamId, { prompt: "Say hi" });
    expect(refused.status).toBe(400);
    expect(refused.json.error.fields.payload).toMatch(/^llm jobs need a model endpoint, and this team has none: .*Team settings, Model endpoint .* or the operator sets LLM_URL$/);

    expect((await put(owner, teamId, { url: PUBLIC_URL })).status).toBe(200);
    expect((await newLlmSchedule(owner, teamId, { prompt: "Say hi" })).json.error.fields["payload.model"]).toMatch(/^no model: name one here \(model\), or in the team's model endpoint/);
    const created = await newLlmSchedule(owner, teamId, { prompt: "Digest for {{schedule.name}} at {{run.scheduledFor}}", model: "gpt-4o-mini", maxTokens: 200 });
    expect(created.status).toBe(201);
    expect(created.json.payload).toEqual({ prompt: "Digest for {{schedule.name}} at {{run.scheduledFor}}", model: "gpt-4o-mini", maxTokens: 200 });

    const secret = await newLlmSchedule(owner, teamId, { prompt: "key {{secrets.OPENAI_KEY}}", model: "m" });
    expect(secret.status).toBe(400);
    expect(secret.json.error.fields["payload.prompt"]).toMatch(/^cannot use a team secret/);
    const unknown = await newLlmSchedule(owner, teamId, { prompt: "hi {{user.name}}", model: "m" });
    expect(unknown.json.error.fields["payload.prompt"]).toBe("unknown template field {{user.name}}; the fields are {{schedule.name}}, {{run.scheduledFor}}, {{run.id}}");
  });

  test("a run reads the team's endpoint from the database each time, and its key through ctx.secret", async () => {
    const owner = await newUser(db);
    const teamId = await teamOf(owner);
    // Written directly: the API refuses loopback, which this run may reach by its policy.
    await db.team.update({ where: { id: teamId }, data: { llmEndpoint: { url: base, model: "first", apiKey: "{{secrets.KEY}}" } } });
    const read: string[] = [];
    const ctx: RunContext = {
      signal: new AbortController().signal,
      aborted: false,
      log: () => {},
      output: () => {},
      secret: async (name) => (read.push(name), "sk-from-secret"),
      schedule: { id: "s", name: "digest", teamId, timezone: "UTC" },
      run: { id: "r", attempt: 1, scheduledFor: new Date(), trigger: "manual" },
    };
    received.length = 0;
    expect(await llmEntrypoint.execute({ prompt: "ping" }, ctx, { allowPrivateNetwork: true })).toMatchObject({ reply: "pong", model: "first" });
    await db.team.update({ where: { id: teamId }, data: { llmEndpoint: { url: base, model: "second" } } });
    await llmEntrypoint.execute({ prompt: "ping" }, ctx, { allowPrivateNetwork: true });
    expect(received).toEqual([
      { model: "first", authorization: "Bearer sk-from-secret" },
      { model: "second", authorization: undefined },
    ]);
    expect(read).toEqual(["KEY"]);

    await db.team.update({ where: { id: teamId }, data: { llmEndpoint: { url: base } } });
    await expect(llmEntrypoint.execute({ prompt: "ping" }, ctx, { allowPrivateNetwork: true })).rejects.toThrow(/^no model/);
    // removed since the schedule was made, and the operator has none: the run says so
    await db.team.update({ where: { id: teamId }, data: { llmEndpoint: Prisma.DbNull } });
    await expect(llmEntrypoint.execute({ prompt: "ping", model: "m" }, ctx, { allowPrivateNetwork: true })).rejects.toThrow(/^llm jobs need a model endpoint, and this team has none/);
    expect(received).toHaveLength(2);
  });
}
