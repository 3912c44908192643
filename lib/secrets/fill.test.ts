// Team-secret references in payloads: refused where the job type does not fill them in or when
// the team has no such secret; filled in, each secret read once, when a worker runs the job.
import { expect, test, vi } from "vitest";
import { registerPayload, runEntrypoint } from "../entrypoints/registry";
import type { RunContext } from "../entrypoints/types";
import { checkSecretRefs, fillPayloadSecrets } from "./fill";

const ALLOW = { allowPrivateNetwork: true };
const teamHas = (...names: string[]) => async () => new Set(names);

test("a reference outside the job type's secret fields is refused, naming where they may go", async () => {
  expect(await checkSecretRefs({ key: "log", secretFields: undefined }, { message: "{{secrets.A}}" }, teamHas("A"))).toEqual({
    field: "message",
    message: "{{secrets.A}}: team secrets can be used not in this job type's settings (log jobs)",
  });
  const r = await registerPayload("log", { message: "x {{secrets.A}}" }, undefined, ALLOW, { teamId: "t1", teamSecrets: teamHas("A") });
  expect(r).toMatchObject({ ok: false, field: "payload.message" });
});

test("an unknown secret is a 400 naming the field and the team's secrets; the team's names are read only when needed", async () => {
  const names = vi.fn(teamHas("API_TOKEN", "HOOK_PATH"));
  expect(await registerPayload("http", { url: "http://127.0.0.1:9/x" }, undefined, ALLOW, { teamId: "t1", teamSecrets: names })).toMatchObject({ ok: true });
  expect(names).not.toHaveBeenCalled();
  const r = await registerPayload("http", { url: "http://127.0.0.1:9/x", headers: { Authorization: "Bearer {{secrets.API_TOKN}}" } }, undefined, ALLOW, { teamId: "t1", teamSecrets: names });
  expect(r).toEqual({ ok: false, field: "payload.headers.Authorization", message: 'unknown secret "API_TOKN": this team\'s secrets are: API_TOKEN, HOOK_PATH' });
  const none = await registerPayload("http", { url: "http://127.0.0.1:9/{{secrets.X}}" }, undefined, ALLOW);
  expect(none).toMatchObject({ ok: false, field: "payload.url", message: expect.stringContaining("this team has no secrets yet") });
});

test("an http URL may name secrets in its path and its host: kept as written, checked whole at each run", async () => {
  const inPath = await registerPayload("http", { url: "https://hooks.example.com/services/{{secrets.HOOK_PATH}}?x=1" }, undefined, ALLOW, { teamId: "t1", teamSecrets: teamHas("HOOK_PATH") });
  expect(inPath).toEqual({ ok: true, payload: expect.objectContaining({ url: "https://hooks.example.com/services/{{secrets.HOOK_PATH}}?x=1" }) });
  const inHost = await registerPayload("http", { url: "https://{{secrets.HOST}}/hook" }, undefined, { allowPrivateNetwork: false }, { teamId: "t1", teamSecrets: teamHas("HOST") });
  expect(inHost).toMatchObject({ ok: true, payload: { url: "https://{{secrets.HOST}}/hook" } });
  const bad = await registerPayload("http", { url: "ftp://{{secrets.HOST}}/x" }, undefined, ALLOW, { teamId: "t1", teamSecrets: teamHas("HOST") });
  expect(bad).toMatchObject({ ok: false, field: "payload.url" });
});

function ctxWith(values: Record<string, string>): RunContext & { reads: string[] } {
  const reads: string[] = [];
  return {
    reads,
    signal: new AbortController().signal,
    aborted: false,
    log: () => {},
    output: () => {},
    secret: async (name) => {
      reads.push(name);
      if (!(name in values)) throw new Error(`no secret ${name}`);
      return values[name];
    },
    schedule: { id: "s1", name: "n", teamId: "t1", timezone: "UTC" },
    run: { id: "r1", attempt: 1, scheduledFor: new Date(), trigger: "manual" },
  };
}

test("filling reads each secret once and leaves the stored payload as it was", async () => {
  const stored = { a: "{{secrets.K}}-{{secrets.K}}", b: ["{{ secrets.J }}"], n: 3 };
  const ctx = ctxWith({ K: "k1", J: "j$&1" });
  expect(await fillPayloadSecrets(stored, ctx)).toEqual({ a: "k1-k1", b: ["j$&1"], n: 3 });
  expect(ctx.reads).toEqual(["K", "J"]);
  expect(stored.a).toBe("{{secrets.K}}-{{secrets.K}}");
  const plain = { a: "none" };
  expect(await fillPayloadSecrets(plain, ctx)).toBe(plain);
});

test("a worker sends the filled-in values: the receiver gets the secret, the stored payload keeps the reference", async () => {
  const { createServer } = await import("node:http");
  const seen: { url?: string; auth?: string; body?: string } = {};
  const server = createServer((req, res) => {
    let body = "";
    req.on("data", (c) => (body += c));
    req.on("end", () => {
      Object.assign(seen, { url: req.url, auth: req.headers.authorization, body });
      res.end("ok");
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as { port: number }).port;
  try {
    const reg = await registerPayload(
      "http",
      { url: `http://127.0.0.1:${port}/in/{{secrets.PATH}}`, headers: { "X-Plain": "v", Authorization: "Bearer {{secrets.TOKEN}}" }, body: { token: "{{secrets.TOKEN}}" } },
      undefined,
      ALLOW,
      { teamId: "t1", teamSecrets: teamHas("PATH", "TOKEN") },
    );
    if (!reg.ok) throw new Error(reg.message);
    const ctx = ctxWith({ PATH: "p-4711", TOKEN: 'tok"en' });
    await runEntrypoint("http", reg.payload, ctx, ALLOW);
    expect(seen).toEqual({ url: "/in/p-4711", auth: 'Bearer tok"en', body: JSON.stringify({ token: 'tok"en' }) });
    expect(JSON.stringify(reg.payload)).not.toContain("p-4711");
  } finally {
    server.close();
  }
});

test("a secret the team no longer has fails the run before anything is sent", async () => {
  const reg = await registerPayload("http", { url: "http://127.0.0.1:9/{{secrets.GONE}}" }, undefined, ALLOW, { teamId: "t1", teamSecrets: teamHas("GONE") });
  if (!reg.ok) throw new Error(reg.message);
  await expect(runEntrypoint("http", reg.payload, ctxWith({}), ALLOW)).rejects.toThrow("no secret GONE");
});
