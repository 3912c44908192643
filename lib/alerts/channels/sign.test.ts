import { Webhook } from "standardwebhooks";
import { expect, test } from "vitest";
import { newWebhookSecret } from "./sealed";
import { signWebhook, webhookHeaders } from "./sign";

test("the signature matches the spec's example", () => {
  // From the Standard Webhooks specification (spec/standard-webhooks.md, "Signature scheme").
  const secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
  const body = '{"test": 2432232314}';
  expect(signWebhook(secret, "msg_p5jXN8AQM9LWM0D4loKWxJek", 1614265330, body)).toBe("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=");
});

test("signed headers verify with the standardwebhooks library", () => {
  const secret = newWebhookSecret();
  const body = JSON.stringify({ type: "channel.test", id: "msg_1" });
  const headers = webhookHeaders(secret, "msg_1", Math.floor(Date.now() / 1000), body);
  expect(Object.keys(headers)).toEqual(["webhook-id", "webhook-timestamp", "webhook-signature"]);
  expect(new Webhook(secret).verify(body, headers)).toEqual(JSON.parse(body));
  expect(() => new Webhook(newWebhookSecret()).verify(body, headers)).toThrow();
});

test("a secret without whsec_ is refused", () => {
  expect(() => signWebhook("abc", "msg_1", 1, "{}")).toThrow(/whsec_/);
});
