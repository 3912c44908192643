import { Webhook } from "standardwebhooks";
import { afterEach, expect, test } from "vitest";
import { failedPayload, startReceiver, type Received } from "../../../__tests__/support/alerts";
import { PRIVATE_NETWORK_HINT } from "../../entrypoints/network";
import { parseChannelConfig, type ChannelType } from "./config";
import { newWebhookSecret, seal } from "./sealed";
import { sendToChannel, type SendOptions } from "./send";

const KEY = "k".repeat(40);
const allow: SendOptions = { policy: { allowPrivateNetwork: true }, secret: KEY };
const payload = failedPayload();

const receivers: { close: () => Promise<void> }[] = [];
afterEach(async () => {
  await Promise.all(receivers.splice(0).map((r) => r.close()));
});

async function receiver(answer?: Parameters<typeof startReceiver>[0]) {
  const r = await startReceiver(answer);
  receivers.push(r);
  return r;
}

function channel(type: ChannelType, config: object, secret: string | null = null) {
  return { id: "ch_1", type, config: parseChannelConfig(type, config, undefined, { secret: KEY }), secret };
}

function webhook(url: string, plainSecret = newWebhookSecret()) {
  return { plainSecret, channel: channel("webhook", { url }, seal(plainSecret, KEY)) };
}

const answer =
  (status: number, body = "", headers: Record<string, string> = {}) =>
  (_: Received, res: import("node:http").ServerResponse) => {
    res.writeHead(status, headers);
    res.end(body);
  };

test("a webhook is POSTed as JSON with Standard Webhooks headers that verify", async () => {
  const r = await receiver();
  const { plainSecret, channel: ch } = webhook(`${r.url}/hooks/almanac`);
  const result = await sendToChannel(ch, payload, allow);
  expect(result).toMatchObject({ ok: true, status: 200 });
  expect(r.received).toHaveLength(1);
  const [got] = r.received;
  expect(got.method).toBe("POST");
  expect(got.url).toBe("/hooks/almanac");
  expect(got.headers["content-type"]).toBe("application/json");
  expect(got.headers["user-agent"]).toBe("Almanac-Alerts/1");
  expect(got.headers["webhook-id"]).toBe(payload.id);
  expect(Number(got.headers["webhook-timestamp"])).toBeCloseTo(Date.now() / 1000, -1);
  expect(got.headers["webhook-signature"]).toMatch(/^v1,[A-Za-z0-9+/]+=*$/);
  expect(got.body).toBe(JSON.stringify(payload));
  const headers = { "webhook-id": got.headers["webhook-id"] as string, "webhook-timestamp": got.headers["webhook-timestamp"] as string, "webhook-signature": got.headers["webhook-signature"] as string };
  expect(new Webhook(plainSecret).verify(got.body, headers)).toEqual(payload);
});

test("a webhook URL's user name and password are sent as Basic auth", async () => {
  const r = await receiver();
  await sendToChannel(webhook(r.url.replace("http://", "http://almanac:s3cret@")).channel, payload, allow);
  expect(r.received[0].headers.authorization).toBe(`Basic ${Buffer.from("almanac:s3cret").toString("base64")}`);
});

test.each([
  [500, "boom", {}, true, undefined],
  [503, "", { "retry-after": "120" }, true, 120_000],
  [429, "slow down", { "retry-after": "7" }, true, 7000],
  [408, "", {}, true, undefined],
  [404, "no such hook", {}, false, undefined],
  [400, "invalid_payload", {}, false, undefined],
])("an answer %d is a failure, retryable: %s", async (status, body, headers, retryable, retryAfterMs) => {
  const r = await receiver(answer(status, body, headers));
  const result = await sendToChannel(webhook(r.url).channel, payload, allow);
  expect(result).toMatchObject({ ok: false, status, retryable, error: `the receiver answered ${status}${body ? `: ${body}` : ""}` });
  expect(result.ok === false && result.retryAfterMs).toBe(retryAfterMs ?? undefined);
});

test("Retry-After as an HTTP date counts from now()", async () => {
  const now = Date.parse("2026-12-06T10:00:00Z");
  const r = await receiver(answer(503, "", { "retry-after": "Sun, 06 Dec 2026 10:00:30 GMT" }));
  const result = await sendToChannel(webhook(r.url).channel, payload, { ...allow, now: () => now });
  expect(result).toMatchObject({ ok: false, retryable: true, retryAfterMs: 30_000 });
});

test("the receiver's answer is quoted in the error up to 300 characters, on one line", async () => {
  const r = await receiver(answer(500, `line one\nline two ${"x".repeat(5000)}`));
  const result = await sendToChannel(webhook(r.url).channel, payload, allow);
  expect(result.ok === false && result.error).toMatch(/^the receiver answered 500: line one line two x+…$/);
  expect(result.ok === false && result.error.length).toBe("the receiver answered 500: ".length + 300);
});

test("a redirect is not followed and not retried; a secret URL's target is masked", async () => {
  const r = await receiver(answer(302, "", { location: "/services/T0/B0/NEWSECRET" }));
  const result = await sendToChannel(channel("slack", { url: `${r.url}/services/T0/B0/SECRET` }), payload, allow);
  expect(r.received).toHaveLength(1);
  expect(result).toMatchObject({ ok: false, status: 302, retryable: false });
  expect(result.ok === false && result.error).toBe(`the receiver answered 302, a redirect to ${r.url}/••••; redirects are not followed: use the URL it redirects to`);
});

test("connection refused is retryable and names the host and port", async () => {
  const r = await startReceiver();
  await r.close();
  const result = await sendToChannel(webhook(`${r.url}/in`).channel, payload, allow);
  expect(result).toMatchObject({ ok: false, retryable: true, status: null, error: `connection refused (ECONNREFUSED) to 127.0.0.1:${r.port}` });
});

test("a receiver that never answers times out, retryably", async () => {
  const r = await receiver(() => {});
  const result = await sendToChannel(webhook(r.url).channel, payload, { ...allow, timeoutMs: 300 });
  expect(result).toMatchObject({ ok: false, retryable: true, status: null, error: "timed out after 300 ms" });
  expect(result.durationMs).toBeGreaterThanOrEqual(290);
  expect(result.durationMs).toBeLessThan(5000);
});

test("a delivery aborted by the caller (shutdown) is retryable", async () => {
  const r = await receiver(() => {});
  const controller = new AbortController();
  setTimeout(() => controller.abort(), 100);
  const result = await sendToChannel(webhook(r.url).channel, payload, { ...allow, signal: controller.signal });
  expect(result).toMatchObject({ ok: false, retryable: true, error: expect.stringMatching(/stopped before it finished/) });
});

test("SSRF: a loopback target is refused when private targets are not allowed, and nothing is sent", async () => {
  const r = await receiver();
  const literal = await sendToChannel(webhook(r.url).channel, payload, { ...allow, policy: { allowPrivateNetwork: false } });
  expect(literal).toMatchObject({ ok: false, retryable: false, status: null });
  expect(literal.ok === false && literal.error).toMatch(/loopback/);
  expect(literal.ok === false && literal.error).toContain(PRIVATE_NETWORK_HINT);

  // A name that resolves to loopback, found by the check before connecting.
  const resolve = async () => [{ address: "127.0.0.1", family: 4 as const }];
  const named = await sendToChannel(webhook(`http://hooks.example.com:${r.port}/in`).channel, payload, { ...allow, policy: { allowPrivateNetwork: false }, resolve });
  expect(named).toMatchObject({ ok: false, retryable: false });
  expect(named.ok === false && named.error).toMatch(/"hooks\.example\.com" resolves to 127\.0\.0\.1, which is a loopback address/);
  expect(r.received).toHaveLength(0);
});

test("SSRF: a name that resolves to loopback only at connection time is refused by the guarded lookup", async () => {
  const r = await receiver();
  let calls = 0;
  // Public for the check before connecting, loopback when connecting: DNS rebinding.
  const resolve = async () => (calls++ === 0 ? [{ address: "93.184.216.34", family: 4 as const }] : [{ address: "127.0.0.1", family: 4 as const }]);
  const result = await sendToChannel(webhook(`http://rebind.example.com:${r.port}/in`).channel, payload, { ...allow, policy: { allowPrivateNetwork: false }, resolve });
  expect(result).toMatchObject({ ok: false, retryable: false });
  expect(result.ok === false && result.error).toMatch(/loopback/);
  expect(r.received).toHaveLength(0);
});

test("a secret sealed under another key is tried again later (another worker may hold the key), and nothing is sent", async () => {
  const r = await receiver();
  const ch = { ...webhook(r.url).channel, secret: seal(newWebhookSecret(), "o".repeat(40)) };
  const result = await sendToChannel(ch, payload, allow);
  expect(result).toMatchObject({ ok: false, retryable: true, error: expect.stringMatching(/cannot be read .*AUTH_SECRET changed/) });
  const slack = await sendToChannel(channel("slack", { url: `${r.url}/services/x` }), payload, { ...allow, secret: "o".repeat(40) });
  expect(slack).toMatchObject({ ok: false, retryable: true, error: expect.stringMatching(/cannot be read/) });
  const noSecret = await sendToChannel({ ...ch, secret: null }, payload, allow);
  expect(noSecret).toMatchObject({ ok: false, retryable: false, error: expect.stringMatching(/no signing secret/) });
  expect(r.received).toHaveLength(0);
});

test("slack: text and blocks in the incoming-webhook format, user text escaped", async () => {
  const r = await receiver();
  const p = failedPayload({ schedule: { ...payload.schedule!, name: "backup <prod> & co" } });
  expect(await sendToChannel(channel("slack", { url: `${r.url}/services/T0/B0/SECRET` }), p, allow)).toMatchObject({ ok: true, status: 200 });
  const [got] = r.received;
  expect(got.url).toBe("/services/T0/B0/SECRET");
  expect(got.headers["content-type"]).toBe("application/json");
  const body = JSON.parse(got.body);
  expect(body.text).toBe('"backup &lt;prod&gt; &amp; co" failed 3 times in a row (team Ops): HttpStatusError: expected 2xx, got 503 <https://cron.example.com/schedules/sch_1|Open the schedule>');
  expect(body.blocks[0]).toEqual({ type: "section", text: { type: "mrkdwn", text: expect.stringMatching(/^\*"backup &lt;prod&gt; &amp; co" failed 3 times in a row\*\n/) } });
  expect(body.blocks[1].fields).toContainEqual({ type: "mrkdwn", text: "*Cron*\n0 3 * * * (Europe/Berlin)" });
  expect(body.blocks[2].elements[0]).toMatchObject({ type: "button", url: "https://cron.example.com/schedules/sch_1" });
});

test("discord: markdown content of at most 2000 characters, with no mentions", async () => {
  const r = await receiver(answer(204));
  const long = failedPayload({ schedule: { ...payload.schedule!, name: "@everyone *bold*" }, run: { ...payload.run!, error: { message: "y".repeat(5000) } } });
  expect(await sendToChannel(channel("discord", { url: `${r.url}/api/webhooks/1/SECRET` }), long, allow)).toMatchObject({ ok: true, status: 204 });
  const body = JSON.parse(r.received[0].body);
  expect(Object.keys(body).sort()).toEqual(["allowed_mentions", "content"]);
  expect(body.allowed_mentions).toEqual({ parse: [] });
  expect(body.content.length).toBeLessThanOrEqual(2000);
  expect(body.content.startsWith('**"@everyone \\*bold\\*" failed 3 times in a row**\n')).toBe(true);
  expect(body.content.endsWith("\nhttps://cron.example.com/schedules/sch_1")).toBe(true);
});

test("msteams: an Adaptive Card message", async () => {
  const r = await receiver(answer(202, "1"));
  expect(await sendToChannel(channel("msteams", { url: `${r.url}/webhookb2/SECRET` }), payload, allow)).toMatchObject({ ok: true, status: 202 });
  const body = JSON.parse(r.received[0].body);
  expect(body.type).toBe("message");
  const card = body.attachments[0];
  expect(card.contentType).toBe("application/vnd.microsoft.card.adaptive");
  expect(card.content).toMatchObject({ type: "AdaptiveCard", version: "1.4" });
  expect(card.content.body[0]).toMatchObject({ type: "TextBlock", text: '"nightly-backup" failed 3 times in a row', color: "Attention" });
  expect(card.content.body[2].facts).toContainEqual({ title: "Team", value: "Ops" });
  expect(card.content.actions).toEqual([{ type: "Action.OpenUrl", title: "Open the schedule", url: "https://cron.example.com/schedules/sch_1" }]);
});

test("ntfy: a plain-text body with Title, Tags, Priority, Click and the bearer token", async () => {
  const r = await receiver();
  const p = failedPayload({ schedule: { ...payload.schedule!, name: "Sauvegarde de nuit é" } });
  const ch = channel("ntfy", { url: `${r.url}/almanac-alerts`, token: "tk_0123456789abcdef" });
  expect(await sendToChannel(ch, p, allow)).toMatchObject({ ok: true, status: 200 });
  const [got] = r.received;
  expect(got.url).toBe("/almanac-alerts");
  expect(got.headers["content-type"]).toBe("text/plain; charset=utf-8");
  expect(got.headers.authorization).toBe("Bearer tk_0123456789abcdef");
  expect(got.headers.title).toBe(`=?UTF-8?B?${Buffer.from('"Sauvegarde de nuit é" failed 3 times in a row').toString("base64")}?=`);
  expect(got.headers.tags).toBe("rotating_light,almanac");
  expect(got.headers.priority).toBe("high");
  expect(got.headers.click).toBe("https://cron.example.com/schedules/sch_1");
  expect(got.body).toMatch(/^"Sauvegarde de nuit é" failed 3 times in a row\.\n\nTeam: Ops\n/);

  const test = failedPayload({ type: "channel.test", schedule: undefined, run: undefined, consecutiveFailures: undefined, channel: { id: "c", name: "ops" } });
  expect(await sendToChannel(channel("ntfy", { url: `${r.url}/t` }), test, allow)).toMatchObject({ ok: true });
  expect(r.received[1].headers).toMatchObject({ title: 'Test alert from channel "ops"', priority: "default", tags: "bell,almanac" });
  expect(r.received[1].headers.authorization).toBeUndefined();
  expect(r.received[1].headers.click).toBeUndefined();
});
