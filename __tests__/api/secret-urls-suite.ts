// Secrets in URLs: a webhook URL that carries its key (a Slack or Discord hook, a ?token= query, or
// one the user marks secret) is never shown by the API past its scheme and host: not on create, get
// or list, not by the assistant, not in its conversation. Sending the masked form back keeps the
// saved URL; a masked form that is not this schedule's is refused.
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import * as collection from "../../app/api/v1/schedules/route";
import * as item from "../../app/api/v1/schedules/[id]/route";
import * as assistant from "../../app/api/v1/assistant/route";
import * as conversation from "../../app/api/v1/assistant/conversations/[id]/route";
import type { Db } from "../../lib/db/client";
import type { DbTarget } from "../../lib/db/target";
import { invoke, newUser, useDatabase } from "../support/handlers";

const SLACK = "https://hooks.slack.com/services/T0SECRET1/B0SECRET2/xoxSECRETkey3";
const DISCORD = "https://discord.com/api/webhooks/123456789/SECRETdiscordTOKEN";
const QUERY = "https://api.example.com/ping?token=SECRETquerytoken&x=1";
const MARKED = "https://example.com/hooks/SECRETpathkey";
const SECRETS = ["T0SECRET1", "B0SECRET2", "xoxSECRETkey3", "SECRETdiscordTOKEN", "123456789", "SECRETquerytoken", "SECRETpathkey"];

const leaks = (body: unknown) => SECRETS.filter((s) => JSON.stringify(body).includes(s));

export function secretUrlSuite(target: () => DbTarget) {
  let db: Db;
  let user: { id: string; auth: string };
  beforeAll(async () => {
    db = await useDatabase(target());
    user = await newUser(db);
  });
  afterAll(async () => {
    await db?.$disconnect();
  });

  const create = (name: string, payload: unknown) => invoke(collection.POST, "POST", "/api/v1/schedules", { auth: user.auth, body: { name, cronExpression: "@hourly", entrypoint: "http", payload } });
  const get = (id: string) => invoke(item.GET, "GET", `/api/v1/schedules/${id}`, { auth: user.auth, params: { id } });
  const patch = (id: string, body: unknown) => invoke(item.PATCH, "PATCH", `/api/v1/schedules/${id}`, { auth: user.auth, params: { id }, body });
  const storedUrl = async (id: string) => ((await db.schedule.findUniqueOrThrow({ where: { id } })).payload as { url: string }).url;

  describe("create, get and list never return the secret part", () => {
    test.each([
      ["a Slack webhook", { url: SLACK }, "https://hooks.slack.com/services/••••"],
      ["a Discord webhook", { url: DISCORD }, "https://discord.com/api/webhooks/••••"],
      ["a ?token= query", { url: QUERY }, "https://api.example.com/••••"],
      ["a URL the user marks secret", { url: MARKED, secretUrl: true }, "https://example.com/••••"],
    ])("%s", async (what, payload, masked) => {
      const created = await create(`secret ${what}`, payload);
      expect(created.status, JSON.stringify(created.json)).toBe(201);
      expect(leaks(created.json)).toEqual([]);
      expect(created.json.payload.url).toBe(masked);
      expect(await storedUrl(created.json.id)).toBe(payload.url); // the real URL is what runs
      expect(leaks((await get(created.json.id)).json)).toEqual([]);
      const list = await invoke(collection.GET, "GET", "/api/v1/schedules?limit=100", { auth: user.auth });
      expect(list.status).toBe(200);
      expect(list.json.items.length).toBeGreaterThan(0);
      expect(leaks(list.json)).toEqual([]);
    });

    test("an ordinary URL is shown whole", async () => {
      const created = await create("plain", { url: "https://example.com/health?verbose=1" });
      expect(created.json.payload.url).toBe("https://example.com/health?verbose=1");
    });
  });

  describe("editing", () => {
    test("sending the masked URL back (with another change) keeps the saved URL and its mark", async () => {
      const created = await create("edit keeps", { url: MARKED, secretUrl: true });
      const shown = (await get(created.json.id)).json.payload;
      const res = await patch(created.json.id, { payload: { ...shown, method: "PUT" } });
      expect(res.status, JSON.stringify(res.json)).toBe(200);
      expect(res.json.payload).toMatchObject({ url: "https://example.com/••••", secretUrl: true, method: "PUT" });
      const row = (await db.schedule.findUniqueOrThrow({ where: { id: created.json.id } })).payload;
      expect(row).toMatchObject({ url: MARKED, secretUrl: true, method: "PUT" });
      // ... also when a client percent-encodes the mask, or leaves out secretUrl
      const encoded = await patch(created.json.id, { payload: { url: "https://example.com/%E2%80%A2%E2%80%A2%E2%80%A2%E2%80%A2", method: "POST" } });
      expect(encoded.status, JSON.stringify(encoded.json)).toBe(200);
      expect(await storedUrl(created.json.id)).toBe(MARKED);
      expect(encoded.json.payload.url).toBe("https://example.com/••••");
    });

    test("a change that leaves the payload alone keeps the URL", async () => {
      const created = await create("rename keeps", { url: SLACK });
      const res = await patch(created.json.id, { name: "renamed slack" });
      expect(res.status).toBe(200);
      expect(await storedUrl(created.json.id)).toBe(SLACK);
      expect(leaks(res.json)).toEqual([]);
    });

    test("a masked URL that is not this schedule's is refused, naming the field; the saved URL stays", async () => {
      const created = await create("masked mismatch", { url: SLACK });
      for (const url of ["https://discord.com/api/webhooks/••••", "https://hooks.slack.com/••••", "https://hooks.slack.com/services/T0/••••"]) {
        const res = await patch(created.json.id, { payload: { url } });
        expect(res.status).toBe(400);
        expect(res.json.error.fields).toEqual({ "payload.url": expect.stringMatching(/masked URL .* does not match this schedule's saved URL/) });
      }
      expect(await storedUrl(created.json.id)).toBe(SLACK);
      // and on create, where there is nothing saved
      const fresh = await create("masked create", { url: "https://hooks.slack.com/services/••••" });
      expect(fresh.status).toBe(400);
      expect(fresh.json.error.fields["payload.url"]).toMatch(/masked URL/);
    });
  });

  test("the assistant names, describes and remembers a webhook schedule without its path", async () => {
    const res = await invoke(assistant.POST, "POST", "/api/v1/assistant", { auth: user.auth, body: { message: `call ${SLACK} every 5 minutes` } });
    expect(res.status, JSON.stringify(res.json)).toBe(200);
    expect(res.json.reply, JSON.stringify(res.json)).toMatch(/^Created "call hooks\.slack\.com"/);
    expect(res.json.reply).toContain("https://hooks.slack.com/services/••••");
    expect(leaks(res.json), JSON.stringify(res.json)).toEqual([]);
    const id: string = res.json.conversationId;
    const history = await invoke(conversation.GET, "GET", `/api/v1/assistant/conversations/${id}`, { auth: user.auth, params: { id } });
    expect(history.status).toBe(200);
    expect(leaks(history.json)).toEqual([]);
    const row = await db.schedule.findFirstOrThrow({ where: { teamId: user.id, name: "call hooks.slack.com" } });
    expect((row.payload as { url: string }).url).toBe(SLACK);
  });
}
