// A newcomer in a real browser: opens the app, is sent to sign in, registers, sees the app shell,
// signs out, and signs back in (a wrong password first gets a clear message).
import path from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { sqliteTarget } from "../../lib/db/target";
import { browserUnavailable, launchBrowser, SCREENSHOTS } from "../support/browser";
import { tempDir } from "../support/databases";
import { startServer, type TestServer } from "../support/server";

const skip = browserUnavailable() !== null;

describe.skipIf(skip)("accounts in the browser", () => {
  let server: TestServer;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    server = await startServer(sqliteTarget(path.join(tempDir(), "almanac.db")));
    browser = await launchBrowser();
    page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  const email = "newcomer@example.com";
  const password = "a good long password";

  test("a visitor is sent to sign in, and can register from there", async () => {
    await page.goto(server.url + "/");
    await page.waitForURL(/\/login/);
    await page.getByRole("heading", { name: "Sign in to Almanac" }).waitFor();
    await page.screenshot({ path: path.join(SCREENSHOTS, "login.png") });

    await page.getByRole("link", { name: /create (an )?account|register|sign up/i }).click();
    await page.getByRole("heading", { name: "Create your Almanac account" }).waitFor();
    await page.getByLabel("Name (optional)").fill("New Comer");
    await page.getByLabel("Email").fill(email);
    await page.getByLabel("Password").fill("short");
    await page.getByRole("button", { name: "Create account" }).click();
    await expect(page.getByText(/at least 8 characters/).first().isVisible()).resolves.toBe(true);

    await page.getByLabel("Password").fill(password);
    await page.getByRole("button", { name: "Create account" }).click();
    await page.getByRole("heading", { name: "Overview" }).waitFor();
    expect(new URL(page.url()).pathname).toBe("/");
  });

  test("the app shell shows the navigation, the active page and the signed-in user", async () => {
    const nav = page.getByRole("navigation", { name: "Main" });
    await nav.waitFor();
    expect(await nav.getByRole("link", { name: "Overview" }).getAttribute("aria-current")).toBe("page");
    await expect(page.getByText(email).first().isVisible()).resolves.toBe(true);
    await page.screenshot({ path: path.join(SCREENSHOTS, "overview.png"), fullPage: true });
  });

  test("signing out, then a wrong password, then the right one", async () => {
    await page.getByRole("button", { name: "Sign out" }).click();
    await page.waitForURL(/\/login/);
    await page.getByLabel("Email").fill(email);
    await page.getByLabel("Password").fill("not my password");
    await page.getByRole("button", { name: "Sign in" }).click();
    // (Next's route announcer is also an alert region, hence the filter)
    await page.getByRole("alert").filter({ hasText: /invalid email or password/i }).waitFor();

    await page.getByLabel("Password").fill(password);
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.getByRole("heading", { name: "Overview" }).waitFor();
  });

  test("a signed-out visitor to a deep link comes back to it after signing in", async () => {
    const other = await browser.newPage();
    await other.goto(server.url + "/settings");
    await other.waitForURL(/\/login\?callbackUrl=%2Fsettings/);
    await other.getByLabel("Email").fill(email);
    await other.getByLabel("Password").fill(password);
    await other.getByRole("button", { name: "Sign in" }).click();
    await other.waitForURL(/\/settings$/);
    await other.getByRole("heading", { name: "API tokens" }).waitFor();
    await other.close();
  });

  test("on a phone the navigation folds into a menu", async () => {
    const phone = await browser.newPage({ viewport: { width: 390, height: 844 } });
    await phone.context().addCookies(await page.context().cookies());
    await phone.goto(server.url + "/");
    await phone.getByRole("heading", { name: "Overview" }).waitFor();
    const menu = phone.getByRole("button", { name: /menu|navigation/i });
    await menu.click();
    await phone.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "API tokens" }).click();
    await phone.waitForURL(/\/settings/);
    await phone.screenshot({ path: path.join(SCREENSHOTS, "settings-phone.png"), fullPage: true });
    await phone.close();
  });
});
