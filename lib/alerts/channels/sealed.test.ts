import { expect, test } from "vitest";
import { parseChannelConfig, unsealConfig } from "./config";
import { newWebhookSecret, seal, unseal } from "./sealed";

const KEY = "k".repeat(40);
const OTHER_KEY = "o".repeat(40);

test("a sealed value opens under the same key, and looks like v1.<iv>.<ciphertext>", () => {
  const sealed = seal("whsec_abc", KEY);
  expect(sealed).toMatch(/^v1\.[A-Za-z0-9_-]{16}\.[A-Za-z0-9_-]+$/);
  expect(sealed).not.toContain("whsec_abc");
  expect(unseal(sealed, KEY)).toBe("whsec_abc");
  expect(seal("whsec_abc", KEY)).not.toBe(sealed); // a fresh IV each time
});

test("a value sealed under another key cannot be read, and the error says why", () => {
  const sealed = seal("secret", OTHER_KEY);
  expect(() => unseal(sealed, KEY)).toThrow(/this channel's secret cannot be read .*AUTH_SECRET changed/);
  expect(() => unseal("not sealed", KEY)).toThrow(/cannot be read/);
  const [v, iv, body] = sealed.split(".");
  const flipped = `${v}.${iv}.${body.slice(0, -2)}${body.endsWith("A") ? "B" : "A"}${body.slice(-1)}`;
  expect(() => unseal(flipped, OTHER_KEY)).toThrow(/cannot be read/);
});

test("a new webhook secret is whsec_ and 32 random bytes in base64", () => {
  const secret = newWebhookSecret();
  expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
  expect(Buffer.from(secret.slice(6), "base64")).toHaveLength(32);
  expect(newWebhookSecret()).not.toBe(secret);
});

test.each([
  ["slack", { url: "https://hooks.slack.com/services/T000/B000/XXXXSECRETXXXX" }, "XXXXSECRETXXXX"],
  ["discord", { url: "https://discord.com/api/webhooks/123/DISCORDSECRET" }, "DISCORDSECRET"],
  ["msteams", { url: "https://example.webhook.office.com/webhookb2/TEAMSSECRET" }, "TEAMSSECRET"],
  ["ntfy", { url: "https://ntfy.sh/my-hidden-topic", token: "tk_NTFYTOKENSECRET" }, "NTFYTOKENSECRET"],
  ["ntfy", { url: "https://ntfy.sh/my-hidden-topic" }, "my-hidden-topic"],
  ["webhook", { url: "https://hooks.example.com/in?token=QUERYSECRET" }, "QUERYSECRET"],
  ["webhook", { url: "https://user:PASSWORDSECRET@hooks.example.com/in" }, "PASSWORDSECRET"],
] as const)("a stored %s config holds no plaintext secret and unseals to what was sent", (type, config, secret) => {
  const stored = parseChannelConfig(type, config, undefined, { secret: KEY });
  expect(JSON.stringify(stored)).not.toContain(secret);
  const plain = unsealConfig(type, stored, KEY);
  expect(JSON.stringify(plain)).toContain(secret);
  expect(() => unsealConfig(type, stored, OTHER_KEY)).toThrow(/cannot be read .*AUTH_SECRET/);
});

test("a webhook URL with no credential in it is stored as it is", () => {
  expect(parseChannelConfig("webhook", { url: "https://hooks.example.com/in#frag" }, undefined, { secret: KEY })).toEqual({ url: "https://hooks.example.com/in" });
});
