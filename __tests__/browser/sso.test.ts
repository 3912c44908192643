// Single sign-on in Chromium, through the real redirect flow against a real OpenID Connect
// provider on loopback (__tests__/support/oidc-provider.ts): the login page's button, the
// provider's own login page, the callback, and what the login page says when it goes wrong.
// Three servers: password and single sign-on; single sign-on only (PASSWORD_LOGIN=false); and one
// configured with a wrong client secret. The last tests take the provider down.
import path from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { createApiToken } from "../../lib/auth/api-tokens";
import { createDb, type Db } from "../../lib/db/client";
import { sqliteTarget } from "../../lib/db/target";
import { browserUnavailable, launchBrowser, SCREENSHOTS, watchCsp } from "../support/browser";
import { tempDir } from "../support/databases";
import { call } from "../support/http";
import { IDP_HOST, startOidcProvider, type TestIdp } from "../support/oidc-provider";
import { startServer, type TestServer } from "../support/server";

const skip = browserUnavailable() !== null;

const PROVIDER = "Test IdP";
const CALLBACK = "/api/auth/callback/oidc";

type App = { server: TestServer; db: Db };

async function startApp(idp: TestIdp, env: Record<string, string> = {}): Promise<App> {
  const target = sqliteTarget(path.join(tempDir(), "almanac.db"));
  const server = await startServer(target, {
    OIDC_ISSUER: idp.issuer,
    OIDC_CLIENT_ID: idp.clientId,
    OIDC_CLIENT_SECRET: idp.clientSecret,
    OIDC_NAME: PROVIDER,
    ...env,
  });
  idp.allowRedirect(server.url + CALLBACK);
  return { server, db: await createDb(target) };
}


/** Clicks the login page's button and signs in on the provider's own page. */
async function signInWithProvider(page: Page, email: string, password: string): Promise<void> {
  await page.getByRole("button", { name: `Sign in with ${PROVIDER}` }).click();
  await page.waitForURL((url) => url.hostname === IDP_HOST);
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
}

/** Who the page's session cookie belongs to (GET /api/v1/me), or the status when nobody. */
async function whoAmI(page: Page, app: App): Promise<{ id: string; email: string } | number> {
  const res = await page.request.get(app.server.url + "/api/v1/me");
  return res.ok() ? ((await res.json()) as { id: string; email: string }) : res.status();
}

/** The login page's error message. */
const loginAlert = (page: Page) => page.locator("#login-error");

describe.skipIf(skip)("single sign-on in the browser", () => {
  let idp: TestIdp;
  let browser: Browser;
  let app: App; // password and single sign-on
  let ssoOnly: App; // PASSWORD_LOGIN=false
  let wrongSecret: App; // OIDC_CLIENT_SECRET is not the provider's

  // At the provider: Ada and Grace verified; Mallory claims Victor's address, unverified.
  const ada = { email: "ada@example.com", emailVerified: true, name: "Ada Lovelace", password: "ada at the provider" };
  const grace = { email: "Grace@Example.com", emailVerified: true, name: "Grace Hopper", password: "grace at the provider" };
  const mallory = { email: "victor@example.com", emailVerified: false, name: "Mallory", password: "mallory at the provider" };

  beforeAll(async () => {
    idp = await startOidcProvider();
    for (const person of [ada, grace, mallory]) idp.addPerson(person);
    app = await startApp(idp);
    ssoOnly = await startApp(idp, { PASSWORD_LOGIN: "false" });
    wrongSecret = await startApp(idp, { OIDC_CLIENT_SECRET: "not-the-secret-the-provider-knows" });
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    for (const a of [app, ssoOnly, wrongSecret]) {
      await a?.db.$disconnect();
      await a?.server.stop();
    }
    await idp?.stop();
  });

  describe("with passwords and single sign-on", () => {
    let adaId: string;
    beforeAll(async () => {
      const res = await call(app.server.url, "POST", "/api/v1/auth/register", { body: { email: ada.email, password: "ada's almanac password" } });
      expect(res.status).toBe(201);
      adaId = res.json.id;
      await call(app.server.url, "POST", "/api/v1/auth/register", { body: { email: mallory.email, password: "victor's own password" } });
    });

    test("the login page offers the provider's button beside the password form", async () => {
      const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
      await page.goto(app.server.url + "/login");
      await expect(page.getByRole("button", { name: `Sign in with ${PROVIDER}` }).isVisible()).resolves.toBe(true);
      await expect(page.getByLabel("Password").isVisible()).resolves.toBe(true);
      await expect(page.getByRole("link", { name: "Create an account" }).isVisible()).resolves.toBe(true);
      await page.screenshot({ path: path.join(SCREENSHOTS, "login-sso.png") });
      await page.close();
    });

    test("a first sign-in with a verified email links to the account that has it, password kept; no CSP violation on the way", async () => {
      const page = await browser.newPage();
      const violations = await watchCsp(page);
      await page.goto(app.server.url + "/login");
      await signInWithProvider(page, ada.email, ada.password);
      await page.getByRole("heading", { name: "Overview" }).waitFor();
      expect(await whoAmI(page, app)).toMatchObject({ id: adaId, email: ada.email });
      expect(await app.db.user.count({ where: { email: ada.email } })).toBe(1);
      // Linked, not replaced: the Almanac password still signs in.
      const token = await call(app.server.url, "POST", "/api/v1/auth/token", { body: { email: ada.email, password: "ada's almanac password" } });
      expect(token.status).toBe(200);
      expect(violations).toEqual([]);
      await page.close();
    });

    test("a first sign-in with an email Almanac does not know creates an account without a password, and returns to the page asked for", async () => {
      const page = await browser.newPage();
      await page.goto(app.server.url + "/settings");
      await page.waitForURL(/\/login\?callbackUrl=%2Fsettings/);
      await signInWithProvider(page, grace.email, grace.password);
      await page.waitForURL(/\/settings$/);
      await page.getByRole("heading", { name: "API tokens" }).waitFor();
      const me = await whoAmI(page, app);
      expect(me).toMatchObject({ email: "grace@example.com" });
      const row = await app.db.user.findUniqueOrThrow({ where: { email: "grace@example.com" } });
      expect(row).toMatchObject({ name: "Grace Hopper", passwordHash: null });
      // No password to guess: the same refusal as a wrong one.
      const token = await call(app.server.url, "POST", "/api/v1/auth/token", { body: { email: "grace@example.com", password: "anything at all" } });
      expect(token.status).toBe(401);
      expect(token.json.error.message).toBe("Invalid email or password");
      await page.close();
    });

    test("an unverified email neither signs in to the account that has it nor creates one: the login page says why", async () => {
      const page = await browser.newPage();
      const usersBefore = await app.db.user.count();
      await page.goto(app.server.url + "/login");
      await signInWithProvider(page, mallory.email, mallory.password);
      await page.waitForURL(/\/login\?error=SsoEmailNotVerified$/);
      await expect(loginAlert(page).textContent()).resolves.toContain(`${PROVIDER} has not verified your email address`);
      await page.screenshot({ path: path.join(SCREENSHOTS, "login-sso-unverified.png") });
      expect(await whoAmI(page, app)).toBe(401);
      expect(await app.db.user.count()).toBe(usersBefore);
      await page.close();
    });

    test("cancelling at the provider comes back to the login page, which says so", async () => {
      const page = await browser.newPage();
      await page.goto(app.server.url + "/login");
      await page.getByRole("button", { name: `Sign in with ${PROVIDER}` }).click();
      await page.waitForURL((url) => url.hostname === IDP_HOST);
      await page.getByRole("button", { name: "Cancel" }).click();
      await page.waitForURL(/\/login\?error=SsoDenied$/);
      await expect(loginAlert(page).textContent()).resolves.toContain(`Signing in with ${PROVIDER} was cancelled`);
      expect(await whoAmI(page, app)).toBe(401);
      await page.close();
    });
  });

  describe("with PASSWORD_LOGIN=false", () => {
    test("the login page shows only the provider's button, /register says how accounts are made, and signing in works", async () => {
      const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
      await page.goto(ssoOnly.server.url + "/login");
      await page.getByRole("button", { name: `Sign in with ${PROVIDER}` }).waitFor();
      expect(await page.getByLabel("Password").count()).toBe(0);
      expect(await page.getByLabel("Email").count()).toBe(0);
      expect(await page.getByRole("link", { name: "Create an account" }).count()).toBe(0);
      await page.screenshot({ path: path.join(SCREENSHOTS, "login-sso-only.png") });

      await page.goto(ssoOnly.server.url + "/register");
      await page.getByText(`your account is created when you first sign in with ${PROVIDER}`).waitFor();
      expect(await page.getByLabel("Password").count()).toBe(0);

      await page.goto(ssoOnly.server.url + "/login");
      await signInWithProvider(page, ada.email, ada.password);
      await page.getByRole("heading", { name: "Overview" }).waitFor();
      expect(await whoAmI(page, ssoOnly)).toMatchObject({ email: ada.email });
      await page.close();
    });

    test("password sign-in is refused everywhere with a 4xx that says it is turned off; API tokens keep working", async () => {
      const base = ssoOnly.server.url;
      const off = /Password sign-in is turned off on this server \(PASSWORD_LOGIN=false\)/;
      const token = await call(base, "POST", "/api/v1/auth/token", { body: { email: ada.email, password: "whatever it is" } });
      expect(token.status).toBe(403);
      expect(token.json.error.message).toMatch(off);
      const register = await call(base, "POST", "/api/v1/auth/register", { body: { email: "new@example.com", password: "a good long password" } });
      expect(register.status).toBe(403);
      expect(register.json.error.message).toMatch(off);

      // next-auth's Credentials provider, as the login form would call it.
      const csrf = await fetch(`${base}/api/auth/csrf`);
      const cookie = csrf.headers.getSetCookie().map((c) => c.split(";")[0]).join("; ");
      const { csrfToken } = (await csrf.json()) as { csrfToken: string };
      const credentials = await fetch(`${base}/api/auth/callback/credentials`, {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded", cookie },
        body: new URLSearchParams({ csrfToken, email: ada.email, password: "whatever it is", json: "true" }),
      });
      expect(credentials.status).toBe(401);
      const { url } = (await credentials.json()) as { url: string };
      expect(new URL(url).searchParams.get("error")).toMatch(off);
      expect(credentials.headers.getSetCookie().some((c) => c.includes("session-token="))).toBe(false);

      // Ada signed in above (the test before); an API token of hers still authenticates.
      const adaRow = await ssoOnly.db.user.findUniqueOrThrow({ where: { email: ada.email } });
      const { token: apiToken } = await createApiToken(ssoOnly.db, adaRow.id, { name: "script" });
      const me = await call(base, "GET", "/api/v1/me", { headers: { authorization: `Bearer ${apiToken}` } });
      expect(me.status).toBe(200);
      expect(me.json).toMatchObject({ email: ada.email, authenticatedBy: "api_token" });
    });
  });

  test("a wrong client secret: the login page says the provider did not accept this server's credentials", async () => {
    const page = await browser.newPage();
    await page.goto(wrongSecret.server.url + "/login");
    await signInWithProvider(page, ada.email, ada.password);
    await page.waitForURL(/\/login\?error=SsoClientRejected$/);
    await expect(loginAlert(page).textContent()).resolves.toContain(`${PROVIDER} did not accept this server's credentials`);
    expect(await whoAmI(page, wrongSecret)).toBe(401);
    await page.close();
  });

  test("no server logged a client secret", () => {
    for (const a of [app, ssoOnly, wrongSecret]) {
      expect(a.server.output()).not.toContain(idp.clientSecret);
      expect(a.server.output()).not.toContain("not-the-secret-the-provider-knows");
    }
  });

  describe("with the provider down", () => {
    test("between the provider's login page and the callback: the login page says it could not reach the provider", async () => {
      const page = await browser.newPage();
      await page.goto(app.server.url + "/login");
      const down = idp.goDownAfterRedirectBack();
      await signInWithProvider(page, ada.email, ada.password);
      await down;
      await page.waitForURL(/\/login\?error=SsoUnreachable$/);
      await expect(loginAlert(page).textContent()).resolves.toContain(`Could not reach ${PROVIDER}`);
      expect(await whoAmI(page, app)).toBe(401);
      await page.close();
    });

    test("when signing in starts: the login page says so, never a 500", async () => {
      const page = await browser.newPage();
      await page.goto(app.server.url + "/login");
      await page.getByRole("button", { name: `Sign in with ${PROVIDER}` }).click();
      await page.waitForURL(/\/login\?.*error=OAuthSignin/);
      await expect(loginAlert(page).textContent()).resolves.toContain(`Could not start signing in with ${PROVIDER}`);
      await page.close();
    });
  });
});
