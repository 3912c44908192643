// A newcomer's first schedule in a real browser, against `next start` and a running worker on
// SQLite: register, create a schedule through the form (seeing its preview), toggle it, run it
// and see the run succeed in its history, delete it through the dialog; then the same on a phone,
// starting from the @cron bar. Screenshots of the list, the form and the detail page are taken on
// the way (UPDATE_SCREENSHOTS=1 writes them to docs/screenshots/, shown in the README).
import { mkdirSync } from "node:fs";
import path from "node:path";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { ROOT } from "../../lib/db/schema-source";
import { sqliteTarget } from "../../lib/db/target";
import { browserUnavailable, launchBrowser, SCREENSHOTS } from "../support/browser";
import { tempDir, unique } from "../support/databases";
import { startServer, type TestServer } from "../support/server";
import { startWorker, type WorkerProcess } from "../support/worker-process";

const skip = browserUnavailable() !== null;
// Screenshots go to test-results/ (git-ignored); UPDATE_SCREENSHOTS=1 refreshes the README's.
const DOCS_SHOTS = process.env.UPDATE_SCREENSHOTS === "1" ? path.join(ROOT, "docs", "screenshots") : SCREENSHOTS;

describe.skipIf(skip)("schedules in the browser", () => {
  let server: TestServer;
  let worker: WorkerProcess;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  const shot = (name: string, p: Page = page) => p.screenshot({ path: path.join(DOCS_SHOTS, name), fullPage: true });

  beforeAll(async () => {
    mkdirSync(DOCS_SHOTS, { recursive: true });
    const target = sqliteTarget(path.join(tempDir(), "almanac.db"));
    server = await startServer(target);
    worker = startWorker(target, unique("browser-worker"));
    browser = await launchBrowser();
    context = await browser.newContext({ viewport: { width: 1280, height: 900 }, timezoneId: "Europe/Paris", colorScheme: "light" });
    page = await context.newPage();
  });
  afterAll(async () => {
    await browser?.close();
    await worker?.stop();
    await server?.stop();
  });

  test("register and land on an empty schedules page that says what to do", async () => {
    await page.goto(server.url + "/register");
    await page.getByLabel("Email").fill("scheduler@example.com");
    await page.getByLabel("Password").fill("a good long password");
    await page.getByRole("button", { name: "Create account" }).click();
    await page.getByRole("heading", { name: "Overview" }).waitFor();

    // the overview points a newcomer to their first schedule
    expect(await page.getByRole("link", { name: "Create your first schedule" }).getAttribute("href")).toBe("/schedules");
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Schedules" }).click();
    await page.waitForURL(/\/schedules$/);
    await page.getByRole("heading", { name: "No schedules yet" }).waitFor();
    // the worker is running, so no "schedules will not fire" banner
    await page.waitForTimeout(500);
    expect(await page.getByText(/No worker is running/).count()).toBe(0);
  });

  test("create a schedule through the form: the preview explains it, the card shows its next run", async () => {
    await page.getByRole("button", { name: "New schedule" }).first().click();
    const form = page.getByRole("form", { name: "New schedule" });
    await form.getByLabel("Name").fill("Nightly backup");
    await form.getByLabel("Cron expression").fill("0 61 * * *");
    await form.getByText(/hour|61/i).filter({ hasText: /61/ }).first().waitFor();
    await form.getByLabel("Cron expression").fill("30 2 * * *");
    await form.getByText("At 02:30 AM", { exact: false }).first().waitFor();
    await shot("schedule-form.png");
    await form.getByRole("button", { name: "Create schedule" }).click();

    const card = page.getByRole("article").filter({ hasText: "Nightly backup" }).or(page.locator("section").getByText("Nightly backup")).first();
    await card.waitFor();
    await page.getByText("30 2 * * *").first().waitFor();
    await page.getByText(/in \d+ (min|hours?|h)|tomorrow|in about/i).first().waitFor();
  });

  test("toggle it off and on; the state survives a reload", async () => {
    const toggle = page.getByRole("switch", { name: "Enabled: Nightly backup" });
    expect(await toggle.getAttribute("aria-checked")).toBe("true");
    await toggle.click();
    await expect.poll(() => toggle.getAttribute("aria-checked")).toBe("false");
    await page.waitForTimeout(300);
    await page.reload();
    await expect.poll(() => page.getByRole("switch", { name: "Enabled: Nightly backup" }).getAttribute("aria-checked")).toBe("false");
    await page.getByRole("switch", { name: "Enabled: Nightly backup" }).click();
    await expect.poll(() => page.getByRole("switch", { name: "Enabled: Nightly backup" }).getAttribute("aria-checked")).toBe("true");
    await shot("schedules.png");
  });

  test("search and filter are kept in the URL: a reload shows the same view", async () => {
    await page.getByRole("searchbox", { name: "Search schedules" }).fill("backup");
    await page.waitForURL(/\?q=backup$/);
    await page.getByRole("button", { name: /^Disabled 0/ }).click();
    await page.waitForURL(/\?q=backup&filter=disabled$/);
    await page.getByText(/No disabled schedules match/).waitFor();
    await page.reload();
    await page.getByText(/No disabled schedules match/).waitFor();
    expect(await page.getByRole("searchbox", { name: "Search schedules" }).inputValue()).toBe("backup");
    await page.getByRole("button", { name: /^All 1/ }).click();
    await page.getByRole("switch", { name: "Enabled: Nightly backup" }).waitFor();
  });

  test("run it now from its page and see the run succeed in the history", async () => {
    await page.getByRole("link", { name: "Nightly backup" }).first().click();
    await page.waitForURL(/\/schedules\/[^/]+$/);
    await page.getByRole("heading", { name: "Nightly backup" }).first().waitFor();
    await page.getByRole("button", { name: /^Run now/ }).first().click();
    // the history polls while a run is queued or running; the worker starts it within ~2 s
    await page.getByText(/succeeded/i).first().waitFor({ timeout: 20_000 });
    await page.waitForTimeout(500);
    await shot("schedule-detail.png");
  });

  test("delete it through the dialog: Cancel keeps it, Delete removes it", async () => {
    await page.getByRole("button", { name: /^Delete/ }).first().click();
    const dialog = page.getByRole("dialog");
    await dialog.getByText("Delete “Nightly backup”?").waitFor();
    await dialog.getByRole("button", { name: "Cancel" }).click();
    await dialog.waitFor({ state: "detached" });
    await page.getByRole("button", { name: /^Delete/ }).first().click();
    await page.getByRole("dialog").getByRole("button", { name: "Delete" }).click();
    await page.waitForURL(/\/schedules$/);
    await page.getByRole("heading", { name: "No schedules yet" }).waitFor();
  });

  test("on a phone: the navigation folds into a menu, and the @cron bar creates a schedule", async () => {
    const phone = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, colorScheme: "dark", storageState: await context.storageState() });
    const p = await phone.newPage();
    try {
      await p.goto(server.url + "/schedules");
      await p.getByRole("heading", { name: "No schedules yet" }).waitFor();
      expect(await p.getByRole("navigation", { name: "Main" }).isVisible()).toBe(false);
      await p.getByRole("textbox", { name: "Describe a schedule in words" }).fill("@cron run standup reminder every weekday at 9am");
      await p.getByRole("button", { name: "Understand" }).click();
      await p.getByText("0 9 * * 1-5").first().waitFor();
      await p.getByRole("button", { name: "Create this schedule" }).click();
      const form = p.getByRole("form", { name: "New schedule" });
      expect(await form.getByLabel("Cron expression").inputValue()).toBe("0 9 * * 1-5");
      if (!(await form.getByLabel("Name").inputValue())) await form.getByLabel("Name").fill("Standup reminder");
      await form.getByRole("button", { name: "Create schedule" }).click();
      await p.getByRole("switch", { name: /^Enabled: / }).first().waitFor();
      // nothing wider than the screen
      expect(await p.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
      await shot("schedules-phone-dark.png", p);
    } finally {
      await phone.close();
    }
  });
});
