// What the operator's settings refuse, through the channels API: outgoing URLs pass the network
// policy of http jobs (no loopback, private or metadata addresses unless allowed), and email
// channels need SMTP_URL. Nothing is written when a channel is refused.
import { beforeAll, expect, test, vi } from "vitest";
import * as channelsRoute from "../../app/api/v1/teams/[teamId]/channels/route";
import type { Db } from "../../lib/db/client";
import { invoke, newUser, sqliteFor, useDatabase } from "../support/handlers";

vi.hoisted(() => {
  delete process.env.ALLOW_PRIVATE_NETWORK_TARGETS;
  delete process.env.SMTP_URL;
});

let db: Db;
beforeAll(async () => {
  db = await useDatabase(sqliteFor("alerts-policy"));
});

test("a channel URL on loopback, a private network or the metadata address is refused, naming config.url", async () => {
  const owner = await newUser(db);
  for (const [type, url, reason] of [
    ["webhook", "http://127.0.0.1:8080/hook", "loopback"],
    ["slack", "http://10.1.2.3/services/x", "private"],
    ["discord", "http://169.254.169.254/latest", "metadata"],
    ["webhook", "http://[::1]/hook", "loopback"],
  ] as const) {
    const res = await invoke(channelsRoute.POST, "POST", `/api/v1/teams/${owner.id}/channels`, { auth: owner.auth, params: { teamId: owner.id }, body: { name: `${type}-${reason}`, type, config: { url } } });
    expect(res.status, url).toBe(400);
    expect(res.json.error.fields["config.url"], url).toContain(reason);
    expect(res.json.error.fields["config.url"], url).toContain("ALLOW_PRIVATE_NETWORK_TARGETS");
  }
  expect(await db.alertChannel.count({ where: { teamId: owner.id } })).toBe(0);
});

test("a public host name is accepted, whether or not DNS resolves it now (it is checked again when sent)", async () => {
  const owner = await newUser(db);
  const started = Date.now();
  const res = await invoke(channelsRoute.POST, "POST", `/api/v1/teams/${owner.id}/channels`, {
    auth: owner.auth,
    params: { teamId: owner.id },
    body: { name: "slack", type: "slack", config: { url: "https://hooks.slack.com/services/T000/B000/XXXXXXXXXXXXXXXXXXXXXXXX" } },
  });
  expect(res.status).toBe(201);
  expect(res.json.config.url).not.toContain("XXXXXXXXXXXXXXXXXXXXXXXX");
  expect(Date.now() - started).toBeLessThan(6_000); // at most the DNS timeout, never a hang
});

test("without SMTP_URL an email channel is a 400 that names the variable", async () => {
  const owner = await newUser(db);
  const res = await invoke(channelsRoute.POST, "POST", `/api/v1/teams/${owner.id}/channels`, { auth: owner.auth, params: { teamId: owner.id }, body: { name: "mail", type: "email", config: { to: ["ops@example.com"] } } });
  expect(res.status).toBe(400);
  expect(res.json.error.fields.type).toContain("SMTP_URL");
  expect(await db.alertChannel.count({ where: { teamId: owner.id } })).toBe(0);
});
