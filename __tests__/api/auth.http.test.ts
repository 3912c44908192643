// Accounts and authentication over real HTTP against `next start`, on each database: register,
// next-auth's credentials login, Bearer JWTs, API tokens, and every way in being refused.
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { sqliteTarget } from "../../lib/db/target";
import { eachDatabase, tempDir, unique } from "../support/databases";
import { call, signInWithCredentials } from "../support/http";
import { startServer, type TestServer } from "../support/server";

const PASSWORD = "correct horse battery";

eachDatabase((target) => {
  let server: TestServer;
  let base: string;
  beforeAll(async () => {
    server = await startServer(target());
    base = server.url;
  });
  afterAll(async () => {
    await server?.stop();
  });

  async function register(email = `${unique("user")}@example.com`, password = PASSWORD) {
    const res = await call(base, "POST", "/api/v1/auth/register", { body: { email, password, name: "Ada" } });
    expect(res.status, res.text).toBe(201);
    return { ...res.json, password } as { id: string; email: string; name: string; password: string };
  }

  async function accessToken(email: string, password = PASSWORD): Promise<string> {
    const res = await call(base, "POST", "/api/v1/auth/token", { body: { email, password } });
    expect(res.status, res.text).toBe(200);
    return res.json.accessToken;
  }

  describe("POST /api/v1/auth/register", () => {
    test("creates an account, stores the email lower-cased and never returns the password hash", async () => {
      const email = `${unique("Mixed.Case")}@Example.COM`;
      const res = await call(base, "POST", "/api/v1/auth/register", { body: { email, password: PASSWORD, name: "Grace" } });
      expect(res.status).toBe(201);
      expect(res.json).toEqual({ id: expect.any(String), email: email.toLowerCase(), name: "Grace" });
      expect(res.text).not.toMatch(/passwordHash|\$2[aby]\$/);
    });

    test("refuses an email already taken, whatever its case, with 409", async () => {
      const user = await register();
      const res = await call(base, "POST", "/api/v1/auth/register", { body: { email: user.email.toUpperCase(), password: PASSWORD } });
      expect(res.status).toBe(409);
      expect(res.json.error).toMatchObject({ code: "conflict", fields: { email: expect.any(String) } });
    });

    test.each([
      [{ email: "not-an-email", password: PASSWORD }, "email", /valid email/],
      [{ email: "short@example.com", password: "1234567" }, "password", /at least 8/],
      [{ password: PASSWORD }, "email", /required/],
      [{ email: "a@example.com", password: PASSWORD, admin: true }, "admin", /unknown field/],
    ])("answers bad input %j with 400 naming the field", async (body, field, message) => {
      const res = await call(base, "POST", "/api/v1/auth/register", { body });
      expect(res.status).toBe(400);
      expect(res.json.error.code).toBe("validation_error");
      expect(res.json.error.fields[field]).toMatch(message);
      expect(res.json.error.message).toContain(field);
    });

    test("answers malformed JSON with 400 and oversized bodies with 413", async () => {
      const bad = await call(base, "POST", "/api/v1/auth/register", { raw: "{not json", headers: { "content-type": "application/json" } });
      expect(bad.status).toBe(400);
      expect(bad.json.error.message).toMatch(/not valid JSON/);
      const huge = await call(base, "POST", "/api/v1/auth/register", { body: { email: "a@example.com", password: PASSWORD, name: "x".repeat(70_000) } });
      expect(huge.status).toBe(413);
      expect(huge.json.error.code).toBe("payload_too_large");
    });
  });

  describe("POST /api/v1/auth/token", () => {
    test("trades email and password (any case) for a Bearer JWT that authenticates API calls", async () => {
      const user = await register();
      const res = await call(base, "POST", "/api/v1/auth/token", { body: { email: user.email.toUpperCase(), password: PASSWORD } });
      expect(res.status).toBe(200);
      expect(res.json).toEqual({ accessToken: expect.stringMatching(/^ey[\w-]+\.[\w-]+\.[\w-]+$/), tokenType: "Bearer", expiresIn: 3600 });
      const me = await call(base, "GET", "/api/v1/me", { headers: { authorization: `Bearer ${res.json.accessToken}` } });
      expect(me.status).toBe(200);
      expect(me.json).toEqual({ id: user.id, email: user.email, name: "Ada", authenticatedBy: "access_token" });
    });

    test("answers a wrong password and an unknown email with the same 401", async () => {
      const user = await register();
      const wrong = await call(base, "POST", "/api/v1/auth/token", { body: { email: user.email, password: "wrong password" } });
      const unknown = await call(base, "POST", "/api/v1/auth/token", { body: { email: `${unique("nobody")}@example.com`, password: PASSWORD } });
      expect(wrong.status).toBe(401);
      expect(unknown.status).toBe(401);
      expect(wrong.json).toEqual(unknown.json);
      expect(wrong.json.error).toEqual({ code: "unauthorized", message: "Invalid email or password" });
    });

    test("refuses with 429 after repeated failures for one email, even with the right password", async () => {
      const user = await register();
      const statuses: number[] = [];
      for (let i = 0; i < 6; i++) {
        statuses.push((await call(base, "POST", "/api/v1/auth/token", { body: { email: user.email, password: `wrong-${i}-password` } })).status);
      }
      expect(statuses.slice(0, 5)).toEqual([401, 401, 401, 401, 401]);
      expect(statuses[5]).toBe(429);
      const right = await call(base, "POST", "/api/v1/auth/token", { body: { email: user.email, password: PASSWORD } });
      expect(right.status).toBe(429);
      expect(right.json.error.code).toBe("rate_limited");
      expect(Number(right.headers.get("retry-after"))).toBeGreaterThan(0);
    });
  });

  describe("requireUser", () => {
    test("answers 401 with the error envelope without credentials or with bad ones", async () => {
      const user = await register();
      const token = await accessToken(user.email);
      const tampered = token.slice(0, -3) + (token.endsWith("AAA") ? "BBB" : "AAA");
      const attempts: Record<string, string>[] = [{}, { authorization: `Bearer ${tampered}` }, { authorization: "Basic abc" }, { authorization: "Bearer alm_notarealtoken" }, { cookie: "next-auth.session-token=garbage" }];
      for (const headers of attempts) {
        const res = await call(base, "GET", "/api/v1/me", { headers });
        expect(res.status, JSON.stringify(headers)).toBe(401);
        expect(res.json.error.code).toBe("unauthorized");
        expect(res.json.error.message).toEqual(expect.any(String));
      }
    });

    test("next-auth credentials login sets a session cookie that the API accepts", async () => {
      const user = await register();
      const login = await signInWithCredentials(base, user.email, PASSWORD);
      expect(login.status).toBe(200);
      expect(login.cookie).toMatch(/session-token=/);
      const me = await call(base, "GET", "/api/v1/me", { headers: { cookie: login.cookie! } });
      expect(me.status).toBe(200);
      expect(me.json).toMatchObject({ id: user.id, authenticatedBy: "session" });
    });

    test("next-auth credentials login with a wrong password sets no session", async () => {
      const user = await register();
      const login = await signInWithCredentials(base, user.email, "not the password");
      expect(login.cookie).toBeNull();
    });

    test("refuses a state-changing request with a session cookie from another origin (403), accepts it from this one", async () => {
      const user = await register();
      const { cookie } = await signInWithCredentials(base, user.email, PASSWORD);
      const foreign = await call(base, "POST", "/api/v1/tokens", { body: { name: "x" }, headers: { cookie: cookie!, origin: "https://evil.example" } });
      expect(foreign.status).toBe(403);
      expect(foreign.json.error.code).toBe("forbidden");
      const crossSite = await call(base, "POST", "/api/v1/tokens", { body: { name: "x" }, headers: { cookie: cookie!, "sec-fetch-site": "cross-site" } });
      expect(crossSite.status).toBe(403);
      const list = await call(base, "GET", "/api/v1/tokens", { headers: { cookie: cookie! } });
      expect(list.json.items).toEqual([]); // nothing was created by the refused requests
      const own = await call(base, "POST", "/api/v1/tokens", { body: { name: "x" }, headers: { cookie: cookie!, origin: base } });
      expect(own.status).toBe(201);
    });
  });

  describe("API tokens", () => {
    test("are shown once, listed without secret, authenticate, and stop working when revoked", async () => {
      const user = await register();
      const auth = { authorization: `Bearer ${await accessToken(user.email)}` };
      // A Bearer JWT may create only a token that expires no later than itself (an hour by default).
      const expiresAt = new Date(Date.now() + 30 * 60_000).toISOString();
      const created = await call(base, "POST", "/api/v1/tokens", { body: { name: "deploy bot", expiresAt }, headers: auth });
      expect(created.status).toBe(201);
      const token: string = created.json.token;
      expect(token).toMatch(/^alm_[\w-]{43}$/);
      expect(created.json).toMatchObject({ name: "deploy bot", prefix: token.slice(0, 12), lastUsedAt: null });
      expect(created.json.expiresAt).toBe(expiresAt);

      const me = await call(base, "GET", "/api/v1/me", { headers: { authorization: `Bearer ${token}` } });
      expect(me.json).toMatchObject({ id: user.id, authenticatedBy: "api_token" });

      const list = await call(base, "GET", "/api/v1/tokens", { headers: auth });
      expect(list.json.items).toHaveLength(1);
      expect(list.json.items[0].lastUsedAt).not.toBeNull();
      expect(list.text).not.toContain(token);
      expect(list.text).not.toMatch(/tokenHash/);

      const revoked = await call(base, "DELETE", `/api/v1/tokens/${created.json.id}`, { headers: auth });
      expect(revoked.status).toBe(204);
      expect((await call(base, "GET", "/api/v1/me", { headers: { authorization: `Bearer ${token}` } })).status).toBe(401);
    });

    test("another user's token is not found, and stays usable", async () => {
      const [alice, bob] = [await register(), await register()];
      const aliceAuth = { authorization: `Bearer ${await accessToken(alice.email)}` };
      const bobAuth = { authorization: `Bearer ${await accessToken(bob.email)}` };
      const created = await call(base, "POST", "/api/v1/tokens", { body: { name: "alice's", expiresAt: new Date(Date.now() + 30 * 60_000).toISOString() }, headers: aliceAuth });
      const res = await call(base, "DELETE", `/api/v1/tokens/${created.json.id}`, { headers: bobAuth });
      expect(res.status).toBe(404);
      expect(res.json.error.code).toBe("not_found");
      expect((await call(base, "GET", "/api/v1/tokens", { headers: bobAuth })).json.items).toEqual([]);
      expect((await call(base, "GET", "/api/v1/me", { headers: { authorization: `Bearer ${created.json.token}` } })).status).toBe(200);
    });

    test("a bad token request names the field", async () => {
      const user = await register();
      const auth = { authorization: `Bearer ${await accessToken(user.email)}` };
      const res = await call(base, "POST", "/api/v1/tokens", { body: { name: "", expiresInDays: 0 }, headers: auth });
      expect(res.status).toBe(400);
      expect(Object.keys(res.json.error.fields).sort()).toEqual(["expiresInDays", "name"]);
    });
  });

  test("GET /api/health reports the database and that no worker is online", async () => {
    const res = await call(base, "GET", "/api/health");
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ status: "ok", database: "ok", worker: { online: expect.any(Boolean) } });
  });
});

describe("ALLOW_REGISTRATION=false", () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startServer(sqliteTarget(`${tempDir()}/almanac.db`), { ALLOW_REGISTRATION: "false" });
  });
  afterAll(async () => {
    await server?.stop();
  });

  test("turns registration off with 403 and a message that says so", async () => {
    const res = await call(server.url, "POST", "/api/v1/auth/register", { body: { email: "a@example.com", password: PASSWORD } });
    expect(res.status).toBe(403);
    expect(res.json.error.message).toMatch(/ALLOW_REGISTRATION/);
  });
});
