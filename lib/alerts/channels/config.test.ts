import { expect, test } from "vitest";
import { loadEnv } from "../../env";
import { PRIVATE_NETWORK_HINT } from "../../entrypoints/network";
import { ChannelConfigError, checkChannelTargets, parseChannelConfig, presentChannelConfig, type ParseChannelOptions } from "./config";

const opts: ParseChannelOptions = { secret: "k".repeat(40), smtpUrl: "smtp://127.0.0.1:2525" };
const SLACK = "https://hooks.slack.com/services/T000/B000/XXXXSECRETXXXX";

function refusal(run: () => unknown): ChannelConfigError {
  try {
    run();
  } catch (err) {
    expect(err).toBeInstanceOf(ChannelConfigError);
    return err as ChannelConfigError;
  }
  throw new Error("expected a ChannelConfigError");
}

async function asyncRefusal(run: () => Promise<unknown>): Promise<ChannelConfigError> {
  const err = await run().then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(ChannelConfigError);
  return err as ChannelConfigError;
}

test("an unknown type is refused on the field type, listing the valid ones", () => {
  const err = refusal(() => parseChannelConfig("pager", { url: "https://x.example" }, undefined, opts));
  expect(err.field).toBe("type");
  expect(err.message).toMatch(/^type: must be one of email, webhook, slack, discord, msteams, ntfy \(not "pager"\)/);
});

test("email needs SMTP_URL: the refusal names it, on the field type", () => {
  const err = refusal(() => parseChannelConfig("email", { to: ["ops@example.com"] }, undefined, { ...opts, smtpUrl: undefined }));
  expect(err.field).toBe("type");
  expect(err.detail).toMatch(/email channels need the operator to set SMTP_URL/);
});

test("email addresses are trimmed and deduplicated", () => {
  const stored = parseChannelConfig("email", { to: [" ops@example.com ", "dev@example.com", "OPS@example.com"] }, undefined, opts);
  expect(stored).toEqual({ to: ["ops@example.com", "dev@example.com"] });
  expect(presentChannelConfig("email", stored)).toEqual({ to: ["ops@example.com", "dev@example.com"] });
});

test.each([
  ["email", { to: ["ops@example.com", "not an address"] }, "config.to[1]", /email address/],
  ["email", { to: [] }, "config.to", /at least one/],
  ["email", { to: Array.from({ length: 21 }, (_, i) => `u${i}@example.com`) }, "config.to", /at most 20/],
  ["email", {}, "config.to", /is required/],
  ["email", { to: "ops@example.com" }, "config.to", /must be a list of email addresses/],
  ["webhook", "https://x.example", "config", /JSON object/],
  ["webhook", {}, "config.url", /is required/],
  ["webhook", { url: "ftp://x.example/a" }, "config.url", /http:\/\/ or https:\/\/ URL, not ftp:/],
  ["webhook", { url: "hooks.example.com" }, "config.url", /absolute http/],
  ["webhook", { url: `https://x.example/${"a".repeat(2048)}` }, "config.url", /at most 2048/],
  ["slack", { url: SLACK, channel: "#ops" }, "config.channel", /unknown field "channel" \(a slack channel takes: url\)/],
  ["ntfy", { url: "https://ntfy.sh/t", token: "has space" }, "config.token", /printable ASCII/],
  ["ntfy", { url: "https://ntfy.sh/t", token: "" }, "config.token", /must not be empty/],
  ["ntfy", { url: "https://ntfy.sh/" }, "config.url", /topic's URL/],
] as const)("%s %j is refused on %s", (type, config, field, message) => {
  const err = refusal(() => parseChannelConfig(type, config, undefined, opts));
  expect(err.field).toBe(field);
  expect(err.detail).toMatch(message);
  expect(err.message.startsWith(`${field}: `)).toBe(true);
});

test("secret URLs are shown masked, plain ones as they are, an ntfy token never", () => {
  const show = (type: "webhook" | "slack" | "discord" | "msteams" | "ntfy", config: object) => presentChannelConfig(type, parseChannelConfig(type, config, undefined, opts));
  expect(show("slack", { url: SLACK })).toEqual({ url: "https://hooks.slack.com/services/••••" });
  expect(show("discord", { url: "https://discord.com/api/webhooks/1/abc" })).toEqual({ url: "https://discord.com/api/webhooks/••••" });
  expect(show("msteams", { url: "https://example.webhook.office.com/webhookb2/abc" })).toEqual({ url: "https://example.webhook.office.com/webhookb2/••••" });
  expect(show("ntfy", { url: "https://ntfy.sh/topic", token: "tk_abcdefghijklmnop" })).toEqual({ url: "https://ntfy.sh/••••", token: "••••" });
  expect(show("webhook", { url: "https://hooks.example.com/in?token=abc" })).toEqual({ url: "https://hooks.example.com/••••" });
  expect(show("webhook", { url: "https://user:pw@hooks.example.com/in" })).toEqual({ url: "https://hooks.example.com/••••" });
  expect(show("webhook", { url: "https://hooks.example.com/in?team=1" })).toEqual({ url: "https://hooks.example.com/in?team=1" });
});

test("a masked value sent back unchanged keeps the saved one (as shown, or percent-encoded by a URL parser)", () => {
  const saved = parseChannelConfig("ntfy", { url: "https://ntfy.example.com/alerts", token: "tk_abcdefghijklmnop" }, undefined, opts);
  const shown = presentChannelConfig("ntfy", saved) as { url: string; token: string };
  expect(parseChannelConfig("ntfy", shown, saved, opts)).toEqual(saved);
  expect(parseChannelConfig("ntfy", { url: new URL(shown.url).href, token: shown.token }, saved, opts)).toEqual(saved);
  // The token dropped: the URL is kept, the token removed.
  expect(parseChannelConfig("ntfy", { url: shown.url }, saved, opts)).toEqual({ url: saved.url });

  const slack = parseChannelConfig("slack", { url: SLACK }, undefined, opts);
  expect(parseChannelConfig("slack", presentChannelConfig("slack", slack), slack, opts)).toEqual(slack);
});

test("any other masked value is refused, naming the field", () => {
  const slack = parseChannelConfig("slack", { url: SLACK }, undefined, opts);
  const other = refusal(() => parseChannelConfig("slack", { url: "https://hooks.example.com/••••" }, slack, opts));
  expect(other.field).toBe("config.url");
  expect(other.detail).toMatch(/masked URL .* does not match this channel's saved URL: send the whole URL/);
  expect(refusal(() => parseChannelConfig("slack", { url: "https://hooks.slack.com/services/••••" }, undefined, opts)).field).toBe("config.url");
  const token = refusal(() => parseChannelConfig("ntfy", { url: "https://ntfy.sh/t", token: "••••" }, undefined, opts));
  expect(token.field).toBe("config.token");
  expect(token.detail).toMatch(/masked token/);
});

test("targets: loopback and private addresses are refused on config.url unless the operator allows them", async () => {
  const refuse = { allowPrivateNetwork: false };
  const loop = await asyncRefusal(() => checkChannelTargets("webhook", parseChannelConfig("webhook", { url: "http://127.0.0.1:8080/in" }, undefined, opts), refuse, undefined, opts));
  expect(loop.field).toBe("config.url");
  expect(loop.message).toContain("config.url");
  expect(loop.message).toMatch(/loopback/);
  expect(loop.message).toContain(PRIVATE_NETWORK_HINT);

  const resolve = async () => [{ address: "10.1.2.3", family: 4 as const }];
  const slack = parseChannelConfig("slack", { url: "https://chat.internal.example/hooks/abc" }, undefined, opts);
  const priv = await asyncRefusal(() => checkChannelTargets("slack", slack, refuse, resolve, opts));
  expect(priv.detail).toMatch(/resolves to 10\.1\.2\.3, which is a private address/);

  await checkChannelTargets("slack", slack, { allowPrivateNetwork: true }, resolve, opts);
  await checkChannelTargets("slack", slack, refuse, async () => [{ address: "93.184.216.34", family: 4 }], opts);
  await checkChannelTargets("email", { to: ["ops@example.com"] }, refuse);
});

test("SMTP_URL and SMTP_FROM are validated with messages that say what is expected", () => {
  expect(loadEnv({ SMTP_URL: "smtps://user:pw@mail.example.com:465", SMTP_FROM: "Almanac <alerts@example.com>" })).toMatchObject({ SMTP_URL: "smtps://user:pw@mail.example.com:465" });
  expect(loadEnv({ SMTP_URL: "" }).SMTP_URL).toBeUndefined();
  expect(() => loadEnv({ SMTP_URL: "https://mail.example.com" })).toThrow(/SMTP_URL: must be an smtp:\/\/ or smtps:\/\/ URL/);
  expect(() => loadEnv({ SMTP_FROM: "Almanac" })).toThrow(/SMTP_FROM: must be an address/);
});
