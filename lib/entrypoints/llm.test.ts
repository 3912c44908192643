// The llm job type against a fake OpenAI-compatible server started here on loopback (node:http on
// port 0), as the assistant's model tests do: what is sent (system then user, template fields
// filled, the key from ctx.secret), what a run records, and how the endpoint's errors, a silent
// endpoint and a malformed answer fail it. The team's endpoint and the operator's are injected.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, beforeEach, describe, expect, test } from "vitest";
import type { OperatorLlmEndpoint, TeamLlmEndpoint } from "../llm/endpoint";
import type { Logger } from "../log";
import { createFakeClock } from "../scheduler/clock";
import { startExecution } from "../scheduler/execution";
import type { Outcome, ScheduleSnapshot } from "../scheduler/store";
import { createLlmEntrypoint, fillTemplate, LlmEndpointError, REPLY_LIMIT, type LlmResult } from "./llm";
import { registerPayload } from "./registry";
import { EntrypointError, type RunContext } from "./types";

const ALLOW = { allowPrivateNetwork: true };
const DENY = { allowPrivateNetwork: false };
const SLOT = new Date("2026-12-06T09:00:00.000Z");
const KEY = "sk-team-7f3c0e5d9a1b4c2d";

type Sent = { method: string; url: string; headers: http.IncomingHttpHeaders; body: { model: string; messages: { role: string; content: string }[]; max_tokens?: number; temperature?: number } };
type Answer = { status?: number; json?: unknown; raw?: string; never?: boolean };

let server: http.Server;
let base: string;
let sent: Sent[] = [];
let answer: (s: Sent) => Answer = () => ({ json: completion("ok") });

const completion = (content: string | null, extra: Record<string, unknown> = {}) => ({
  id: "chatcmpl-1",
  object: "chat.completion",
  model: "fake-model-2026-01",
  choices: [{ index: 0, message: { role: "assistant", content }, finish_reason: "stop" }],
  usage: { prompt_tokens: 21, completion_tokens: 5, total_tokens: 26 },
  ...extra,
});

beforeAll(async () => {
  server = http.createServer((req, res) => {
    let raw = "";
    req.on("data", (c) => (raw += c));
    req.on("end", () => {
      const s: Sent = { method: req.method ?? "", url: req.url ?? "", headers: req.headers, body: JSON.parse(raw || "{}") };
      sent.push(s);
      const a = answer(s);
      if (a.never) return; // never answers: the run's signal must end it
      res.writeHead(a.status ?? 200, { "content-type": a.raw === undefined ? "application/json" : "text/plain" });
      res.end(a.raw ?? JSON.stringify(a.json ?? {}));
    });
  });
  await new Promise<void>((done) => server.listen(0, "127.0.0.1", done));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((done) => server.close(done));
});
beforeEach(() => {
  sent = [];
  answer = () => ({ json: completion("ok") });
});

function context(overrides: Partial<RunContext> = {}, secrets: Record<string, string> = {}): RunContext & { logs: string[]; secretsRead: string[] } {
  const logs: string[] = [];
  const secretsRead: string[] = [];
  return {
    signal: new AbortController().signal,
    aborted: false,
    log: (m) => logs.push(m),
    output: () => {},
    secret: async (name) => {
      secretsRead.push(name);
      if (!(name in secrets)) throw new EntrypointError(`this team has no secret named "${name}"`);
      return secrets[name];
    },
    schedule: { id: "sched-1", name: "Morning digest", teamId: "team-1", timezone: "Europe/Paris" },
    run: { id: "run-42", attempt: 1, scheduledFor: SLOT, trigger: "schedule" },
    ...overrides,
    logs,
    secretsRead,
  };
}

function spec(team: TeamLlmEndpoint | null, operator: OperatorLlmEndpoint | null = null) {
  const asked: string[] = [];
  const entrypoint = createLlmEntrypoint({
    readTeamEndpoint: async (teamId) => (asked.push(teamId), team),
    operatorEndpoint: () => operator,
  });
  return Object.assign(entrypoint, { asked });
}

async function run(s: ReturnType<typeof spec>, payload: unknown, ctx: RunContext = context(), policy = ALLOW) {
  const stored = await s.register(s.userPayloadSchema.parse(payload), policy);
  await s.validateExecution(stored, policy);
  return s.execute(stored, ctx, policy) as Promise<unknown> as Promise<LlmResult>;
}

describe("a run", () => {
  test("sends the system message then the prompt, fields filled, with the team's key; records the reply, model and usage", async () => {
    answer = () => ({ json: completion("Three things happened overnight.") });
    const s = spec({ url: `${base}/v1`, model: "team-model", apiKey: "{{secrets.OPENAI_KEY}}" });
    const ctx = context({}, { OPENAI_KEY: KEY });
    const result = await run(
      s,
      {
        system: "You write digests for {{ schedule.name }}.",
        prompt: "Summarize what happened before {{run.scheduledFor}} (run {{run.id}}). Literal braces { } stay.",
        maxTokens: 300,
        temperature: 0.2,
      },
      ctx,
    );
    expect(result).toEqual({
      reply: "Three things happened overnight.",
      model: "fake-model-2026-01",
      usage: { promptTokens: 21, completionTokens: 5, totalTokens: 26 },
      finishReason: "stop",
      durationMs: expect.any(Number),
    });
    expect(sent).toHaveLength(1);
    const [req] = sent;
    expect(req.method).toBe("POST");
    expect(req.url).toBe("/v1/chat/completions");
    expect(req.headers.authorization).toBe(`Bearer ${KEY}`);
    expect(req.headers["content-type"]).toBe("application/json");
    expect(req.body).toEqual({
      model: "team-model",
      messages: [
        { role: "system", content: "You write digests for Morning digest." },
        { role: "user", content: "Summarize what happened before 2026-12-06T09:00:00.000Z (run run-42). Literal braces { } stay." },
      ],
      max_tokens: 300,
      temperature: 0.2,
    });
    expect(ctx.secretsRead).toEqual(["OPENAI_KEY"]);
    expect(s.asked).toEqual(["team-1"]);
    expect(JSON.stringify(result)).not.toContain(KEY);
    // a line when it starts and when it ends, naming the model and the endpoint's origin only
    expect(ctx.logs).toEqual([`asking team-model at ${base} (the team's endpoint)`, "fake-model-2026-01 answered"]);
  });

  test("without a system message only the prompt is sent; without maxTokens or temperature the endpoint's defaults apply", async () => {
    const s = spec({ url: `${base}/v1/chat/completions`, model: "m" });
    await run(s, { prompt: "Hello" });
    expect(sent[0].body).toEqual({ model: "m", messages: [{ role: "user", content: "Hello" }] });
    expect(sent[0].headers.authorization).toBeUndefined();
  });

  test("the payload's model overrides the endpoint's; a reply's model defaults to the one asked for", async () => {
    answer = () => ({ json: { choices: [{ message: { content: "hi" } }] } });
    const result = await run(spec({ url: base, model: "team-model" }), { prompt: "p", model: "payload-model" });
    expect(sent[0].url).toBe("/v1/chat/completions");
    expect(sent[0].body.model).toBe("payload-model");
    expect(result).toMatchObject({ reply: "hi", model: "payload-model", usage: null, finishReason: null });
  });

  test("without a team endpoint the operator's is used, with its model and key; with one, the operator's is not", async () => {
    const operator = { url: `${base}/v1`, model: "operator-model", apiKey: "sk-operator" };
    await run(spec(null, operator), { prompt: "p" });
    expect(sent[0].body.model).toBe("operator-model");
    expect(sent[0].headers.authorization).toBe("Bearer sk-operator");

    sent = [];
    await run(spec({ url: `${base}/v1` }, operator), { prompt: "p", model: "own" });
    expect(sent[0].body.model).toBe("own");
    expect(sent[0].headers.authorization).toBeUndefined();
  });

  test("the operator's endpoint is trusted on loopback; a team's endpoint on loopback is refused unless ALLOW_PRIVATE_NETWORK_TARGETS", async () => {
    await run(spec(null, { url: `${base}/v1`, model: "m" }), { prompt: "p" }, context(), DENY);
    expect(sent).toHaveLength(1);
    await expect(run(spec({ url: `${base}/v1`, model: "m" }), { prompt: "p" }, context(), DENY)).rejects.toThrow(
      /the team's model endpoint "127\.0\.0\.1" is a loopback address; private network targets are refused unless the operator sets ALLOW_PRIVATE_NETWORK_TARGETS=true/,
    );
    // a name that resolves to loopback is refused by the connection's own lookup
    const named = createLlmEntrypoint({ readTeamEndpoint: async () => ({ url: `http://llm.example.test:${new URL(base).port}/v1`, model: "m" }), operatorEndpoint: () => null, resolve: async () => [{ address: "127.0.0.1", family: 4 }] });
    await expect(named.execute({ prompt: "p" }, context(), DENY)).rejects.toThrow(/"llm\.example\.test" resolves to 127\.0\.0\.1, which is a loopback address/);
    expect(sent).toHaveLength(1);
  });

  test("no endpoint, or no model anywhere, fails the run clearly without calling anything", async () => {
    await expect(spec(null, null).execute({ prompt: "p" }, context(), ALLOW)).rejects.toThrow(/this team has none.*LLM_URL/);
    const noModel = spec({ url: `${base}/v1` }, { url: `${base}/v1`, model: "operator-model" });
    await expect(noModel.execute({ prompt: "p" }, context(), ALLOW)).rejects.toThrow(/^no model: name one here \(model\), or in the team's model endpoint/);
    await expect(spec(null, { url: `${base}/v1` }).execute({ prompt: "p" }, context(), ALLOW)).rejects.toThrow(/LLM_MODEL/);
    expect(sent).toEqual([]);
  });

  test("a key secret the team no longer has fails the run with the secret's error", async () => {
    const s = spec({ url: `${base}/v1`, model: "m", apiKey: "{{secrets.GONE}}" });
    await expect(s.execute({ prompt: "p" }, context(), ALLOW)).rejects.toThrow('this team has no secret named "GONE"');
    expect(sent).toEqual([]);
  });
});

describe("the endpoint's errors", () => {
  const s = () => spec({ url: `${base}/v1`, model: "m" });

  test("a 4xx or 5xx fails the run with the endpoint's own message and the status", async () => {
    answer = () => ({ status: 400, json: { error: { message: "This model's maximum context length is 8192 tokens.", type: "invalid_request_error" } } });
    const err = await s()
      .execute({ prompt: "p" }, context(), ALLOW)
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(LlmEndpointError);
    expect((err as LlmEndpointError).message).toBe("the model endpoint answered 400: This model's maximum context length is 8192 tokens.");
    expect((err as LlmEndpointError).status).toBe(400);
    expect((err as LlmEndpointError).result).toEqual({ status: 400 });

    answer = () => ({ status: 404, json: { error: 'model "llama9" not found, try pulling it first' } }); // Ollama's shape
    await expect(s().execute({ prompt: "p" }, context(), ALLOW)).rejects.toThrow('the model endpoint answered 404: model "llama9" not found, try pulling it first');

    answer = () => ({ status: 503, raw: `upstream overloaded ${"x".repeat(2000)}` });
    const long = (await s()
      .execute({ prompt: "p" }, context(), ALLOW)
      .catch((e: unknown) => e)) as Error;
    expect(long.message).toMatch(/^the model endpoint answered 503: upstream overloaded x+$/);
    expect(long.message.length).toBe("the model endpoint answered 503: ".length + 500);
  });

  test("a redirect is not followed", async () => {
    answer = () => ({ status: 302, raw: "" });
    await expect(s().execute({ prompt: "p" }, context(), ALLOW)).rejects.toThrow("the model endpoint answered 302 (redirects are not followed)");
  });

  test("an answer that is not a chat completion fails clearly", async () => {
    answer = () => ({ raw: "<html>gateway</html>" });
    await expect(s().execute({ prompt: "p" }, context(), ALLOW)).rejects.toThrow("the model endpoint's answer is not JSON: <html>gateway</html>");
    answer = () => ({ json: { choices: [] } });
    await expect(s().execute({ prompt: "p" }, context(), ALLOW)).rejects.toThrow(/is not a chat completion \(choices: /);
    answer = () => ({ json: completion(null) });
    await expect(s().execute({ prompt: "p" }, context(), ALLOW)).rejects.toThrow("the model's answer has no text");
    answer = () => ({ json: { choices: [{ message: { content: null, refusal: "I can't help with that." } }] } });
    await expect(s().execute({ prompt: "p" }, context(), ALLOW)).rejects.toThrow("the model refused: I can't help with that.");
  });

  test("an answer larger than 1 MiB is not read whole", async () => {
    answer = () => ({ json: completion("y".repeat(1024 * 1024 + 10)) });
    await expect(s().execute({ prompt: "p" }, context(), ALLOW)).rejects.toThrow(/larger than 1 MiB/);
  });

  test("a long reply is kept up to 12 KiB of JSON, marked truncated", async () => {
    const reply = "Zeile\n".repeat(5000);
    answer = () => ({ json: completion(reply) });
    const result = (await s().execute({ prompt: "p" }, context(), ALLOW)) as unknown as LlmResult;
    expect(result.replyTruncated).toBe(true);
    expect(reply.startsWith(result.reply)).toBe(true);
    expect(JSON.stringify(result.reply).length).toBeLessThanOrEqual(REPLY_LIMIT);
    expect(result.reply.length).toBeGreaterThan(REPLY_LIMIT / 2);
  });

  test("an endpoint that never answers is dropped as soon as the run's signal fires", async () => {
    answer = () => ({ never: true });
    const controller = new AbortController();
    const started = Date.now();
    setTimeout(() => controller.abort(new Error("timed out after 1 s")), 150);
    const err = (await s()
      .execute({ prompt: "p" }, context({ signal: controller.signal }), ALLOW)
      .catch((e: unknown) => e)) as Error;
    expect(err.name).toBe("AbortError");
    expect(err.message).toBe("the request to the model endpoint was aborted: timed out after 1 s");
    expect(Date.now() - started).toBeLessThan(1500);
    expect(sent).toHaveLength(1);
  });
});

describe("registration", () => {
  const register = (payload: unknown, s = spec({ url: `${base}/v1`, model: "m" }), context?: { teamId: string }) => s.register(s.userPayloadSchema.parse(payload), DENY, undefined, context);

  test.each([
    [{}, "payload.prompt", "must be a string"],
    [{ prompt: "" }, "payload.prompt", "must not be empty"],
    [{ prompt: "é".repeat(16 * 1024 + 1) }, "payload.prompt", "must be at most 32 KiB (is 33 KiB)"],
    [{ prompt: "p", system: "s".repeat(32 * 1024 + 1) }, "payload.system", "must be at most 32 KiB"],
    [{ prompt: "p", model: " " }, "payload.model", "must not be empty (leave it out for the endpoint's model)"],
    [{ prompt: "p", model: "{{secrets.MODEL}}" }, "payload.model", "must be a model name such as gpt-4o-mini"],
    [{ prompt: "p", maxTokens: 0 }, "payload.maxTokens", "must be at least 1"],
    [{ prompt: "p", maxTokens: 100_001 }, "payload.maxTokens", "must be at most 100000"],
    [{ prompt: "p", maxTokens: 1.5 }, "payload.maxTokens", "must be a whole number"],
    [{ prompt: "p", temperature: 2.5 }, "payload.temperature", "must be between 0 and 2"],
    [{ prompt: "p", temperature: "hot" }, "payload.temperature", "must be a number"],
    [{ prompt: "p", tools: [] }, "payload.tools", 'unknown field "tools"'],
  ])("%j is refused on %s", async (payload, field, message) => {
    const r = await registerPayload("llm", payload, undefined, DENY);
    expect(r).toMatchObject({ ok: false, field });
    if (!r.ok) expect(r.message).toContain(message);
  });

  test("an unknown template field is refused, naming the fields there are", async () => {
    expect(await registerPayload("llm", { prompt: "Hello {{user.email}}" }, undefined, DENY)).toEqual({
      ok: false,
      field: "payload.prompt",
      message: "unknown template field {{user.email}}; the fields are {{schedule.name}}, {{run.scheduledFor}}, {{run.id}}",
    });
    expect(await registerPayload("llm", { prompt: "p", system: "{{ run.scheduled_for }}" }, undefined, DENY)).toMatchObject({ ok: false, field: "payload.system", message: expect.stringContaining("{{run.scheduled_for}}") });
  });

  test("a team secret cannot be used in the prompt or the system message", async () => {
    for (const payload of [{ prompt: "Use {{secrets.OPENAI_KEY}}" }, { prompt: "p", system: "key: {{ secrets.X }}" }]) {
      const r = await registerPayload("llm", payload, undefined, DENY);
      expect(r).toMatchObject({ ok: false, field: "system" in payload ? "payload.system" : "payload.prompt" });
      if (!r.ok) expect(r.message).toMatch(/^cannot use a team secret \(\{\{secrets\.NAME\}\}\): the prompt is sent to the model, which may repeat it/);
    }
  });

  test("the stored payload keeps what was given, and the API shows it back unchanged", async () => {
    const payload = { prompt: "Digest for {{schedule.name}}", system: "Be brief.", model: "m2", maxTokens: 200, temperature: 0 };
    const r = await registerPayload("llm", payload, undefined, DENY);
    expect(r).toEqual({ ok: true, payload });
    expect(await registerPayload("llm", { prompt: "p", system: "" }, undefined, DENY)).toEqual({ ok: true, payload: { prompt: "p" } });
  });

  test("for a team, a schedule no endpoint could run is refused, naming LLM_URL and the team's setting", async () => {
    await expect(register({ prompt: "p" }, spec(null, null), { teamId: "team-1" })).rejects.toThrow(
      /^llm jobs need a model endpoint, and this team has none: an admin sets one under Team settings, Model endpoint \(PUT \/api\/v1\/teams\/\{teamId\}\/llm-endpoint\), or the operator sets LLM_URL$/,
    );
    const noModel = await register({ prompt: "p" }, spec(null, { url: base }), { teamId: "team-1" }).catch((e: EntrypointError) => e);
    expect(noModel).toMatchObject({ field: "model", message: expect.stringContaining("LLM_MODEL") });
    await expect(register({ prompt: "p", model: "m" }, spec(null, { url: base }), { teamId: "team-1" })).resolves.toEqual({ prompt: "p", model: "m" });
    const s = spec({ url: base, model: "m" });
    await expect(register({ prompt: "p" }, s, { teamId: "team-9" })).resolves.toEqual({ prompt: "p" });
    expect(s.asked).toEqual(["team-9"]);
  });
});

test("fillTemplate fills each field once: a schedule name that looks like a field stays as written", () => {
  const ctx = context({ schedule: { id: "s", name: "{{run.id}}", teamId: "t", timezone: "UTC" } });
  expect(fillTemplate("{{schedule.name}} / {{run.id}} / {{ run.scheduledFor }}", ctx)).toBe("{{run.id}} / run-42 / 2026-12-06T09:00:00.000Z");
});

test("through the worker's execution, the key read from the team's secret never reaches the run's result or log", async () => {
  // The fake endpoint repeats the Authorization header in its reply, as a careless proxy might.
  answer = (s) => ({ json: completion(`you sent ${s.headers.authorization}`) });
  const entrypoint = createLlmEntrypoint({ readTeamEndpoint: async () => ({ url: `${base}/v1`, model: "m", apiKey: "{{secrets.OPENAI_KEY}}" }), operatorEndpoint: () => null });
  const schedule = { id: "s1", teamId: "team-1", name: "digest", timezone: "UTC", entrypoint: "llm", payload: { prompt: "p" }, timeoutSeconds: 30 } as unknown as ScheduleSnapshot;
  const lines: string[] = [];
  const log: Logger = { debug() {}, info: (m, f) => lines.push(`${m} ${JSON.stringify(f ?? {})}`), warn() {}, error() {} };
  const outcomes: Outcome[] = [];
  const execution = startExecution(
    { run: { id: "r1", scheduleId: "s1", scheduledFor: SLOT, attempt: 1, trigger: "schedule" }, schedule },
    { clock: createFakeClock(SLOT.getTime()), log, run: (_key, payload, ctx) => entrypoint.execute(payload as { prompt: string }, ctx, ALLOW), secret: async (_team, name) => (name === "OPENAI_KEY" ? KEY : "") },
    (o) => outcomes.push(o),
  );
  await execution.ended;
  expect(sent[0].headers.authorization).toBe(`Bearer ${KEY}`);
  expect(outcomes).toMatchObject([{ status: "succeeded", result: { reply: "you sent Bearer [secret OPENAI_KEY]" } }]);
  expect(JSON.stringify(outcomes)).not.toContain(KEY);
  expect(lines.join("\n")).not.toContain(KEY);
});
