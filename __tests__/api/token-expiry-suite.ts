// A short-lived credential cannot mint a longer-lived one: a token created with a Bearer JWT or
// an expiring API token expires no later than that credential; only a browser session (or an API
// token that never expires) may create a token that never expires. Refusals are 403s that say why.
import { encode } from "next-auth/jwt";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import * as tokens from "../../app/api/v1/tokens/route";
import { issueAccessToken } from "../../lib/auth/access-token";
import { createApiToken } from "../../lib/auth/api-tokens";
import { authSecret } from "../../lib/auth/secret";
import type { Db } from "../../lib/db/client";
import type { DbTarget } from "../../lib/db/target";
import { BASE, invoke, newUser, useDatabase } from "../support/handlers";

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const iso = (ms: number) => new Date(ms).toISOString();

export function tokenExpirySuite(target: () => DbTarget) {
  let db: Db;
  let user: { id: string; email: string };
  beforeAll(async () => {
    db = await useDatabase(target());
    const { id } = await newUser(db);
    user = (await db.user.findUniqueOrThrow({ where: { id } })) as { id: string; email: string };
  });
  afterAll(async () => {
    await db?.$disconnect();
  });

  const create = (auth: string | undefined, body: unknown, headers: Record<string, string> = {}) => invoke(tokens.POST, "POST", "/api/v1/tokens", { auth, body, headers });
  const count = () => db.apiToken.count({ where: { userId: user.id } });

  describe("with a Bearer JWT (an hour long)", () => {
    let jwt: string;
    let jwtExpires: number;
    beforeAll(async () => {
      jwt = `Bearer ${await issueAccessToken(user, 3600)}`;
      jwtExpires = Math.floor(Date.now() / 1000 + 3600) * 1000;
    });

    test("a token that never expires is refused with 403, saying why; nothing is created", async () => {
      const before = await count();
      const res = await create(jwt, { name: "forever" });
      expect(res.status).toBe(403);
      expect(res.json.error.code).toBe("forbidden");
      expect(res.json.error.message).toMatch(/Bearer access token expires at .*must expire too.*expiresAt/);
      expect(await count()).toBe(before);
    });

    test("a token that would outlive it (expiresInDays: 1, or expiresAt a minute after it) is refused", async () => {
      const days = await create(jwt, { name: "a day", expiresInDays: 1 });
      expect(days.status).toBe(403);
      expect(days.json.error.message).toMatch(/may not outlive the Bearer access token/);
      const later = await create(jwt, { name: "just after", expiresAt: iso(jwtExpires + 60_000) });
      expect(later.status).toBe(403);
    });

    test("a token that ends before it is created, with that expiry", async () => {
      const expiresAt = iso(Date.now() + HOUR / 2);
      const res = await create(jwt, { name: "half an hour", expiresAt });
      expect(res.status).toBe(201);
      expect(res.json.expiresAt).toBe(expiresAt);
      expect((await db.apiToken.findUniqueOrThrow({ where: { id: res.json.id } })).expiresAt?.toISOString()).toBe(expiresAt);
    });
  });

  describe("with an API token", () => {
    test("one that expires in two days cannot create a token without expiry or one for three days, but one for a day", async () => {
      const { token } = await createApiToken(db, user.id, { name: "two days" }, new Date(Date.now() + 2 * DAY));
      const auth = `Bearer ${token}`;
      expect((await create(auth, { name: "forever" })).status).toBe(403);
      const longer = await create(auth, { name: "three days", expiresInDays: 3 });
      expect(longer.status).toBe(403);
      expect(longer.json.error.message).toMatch(/may not outlive the API token/);
      const shorter = await create(auth, { name: "a day", expiresInDays: 1 });
      expect(shorter.status).toBe(201);
      expect(new Date(shorter.json.expiresAt).getTime()).toBeLessThanOrEqual(Date.now() + 2 * DAY);
    });

    test("one that never expires may create a token that never expires", async () => {
      const { token } = await createApiToken(db, user.id, { name: "forever" });
      const res = await create(`Bearer ${token}`, { name: "forever too" });
      expect(res.status).toBe(201);
      expect(res.json.expiresAt).toBeNull();
    });
  });

  test("a browser session may create a token that never expires", async () => {
    const session = await encode({ token: { sub: user.id, email: user.email }, secret: authSecret() });
    const res = await create(undefined, { name: "from the UI" }, { cookie: `next-auth.session-token=${session}`, origin: BASE, "sec-fetch-site": "same-origin" });
    expect(res.status, JSON.stringify(res.json)).toBe(201);
    expect(res.json.expiresAt).toBeNull();
  });

  test("expiresAt in the past, or with expiresInDays, is a 400 naming the field", async () => {
    const { token } = await createApiToken(db, user.id, { name: "forever" });
    const past = await create(`Bearer ${token}`, { name: "x", expiresAt: iso(Date.now() - 1000) });
    expect(past.status).toBe(400);
    expect(past.json.error.fields).toEqual({ expiresAt: "expiresAt must be in the future" });
    const both = await create(`Bearer ${token}`, { name: "x", expiresAt: iso(Date.now() + DAY), expiresInDays: 1 });
    expect(both.status).toBe(400);
    expect(Object.keys(both.json.error.fields)).toEqual(["expiresAt"]);
    const notADate = await create(`Bearer ${token}`, { name: "x", expiresAt: "tomorrow" });
    expect(notADate.status).toBe(400);
  });
}
