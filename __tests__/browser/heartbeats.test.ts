// A heartbeat check in a real browser, against `next start` on SQLite (no worker: a check runs
// nothing): register, create the check through the form, see its Ping URL card with the URL (on the
// host the browser used) and examples that call it, and no Run now; New URL, in one click,
// puts a new URL in place of the old, which then shows nowhere, after a reload too. No page may
// break the Content-Security-Policy. The card's screenshot goes to test-results/ (git-ignored).
import path from "node:path";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { sqliteTarget } from "../../lib/db/target";
import { browserUnavailable, launchBrowser, SCREENSHOTS, watchCsp } from "../support/browser";
import { tempDir } from "../support/databases";
import { startServer, type TestServer } from "../support/server";

const skip = browserUnavailable() !== null;

describe.skipIf(skip)("heartbeat checks in the browser", () => {
  let server: TestServer;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let csp: string[];

  beforeAll(async () => {
    server = await startServer(sqliteTarget(path.join(tempDir(), "almanac.db")));
    browser = await launchBrowser();
    context = await browser.newContext({ viewport: { width: 1280, height: 900 }, timezoneId: "Europe/Paris", colorScheme: "light" });
    context.setDefaultTimeout(15_000);
    page = await context.newPage();
    csp = await watchCsp(page);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  test("create a check through the form, see its ping URL and examples, and replace the URL", async () => {
    await page.goto(server.url + "/register");
    await page.getByLabel("Email").fill("checker@example.com");
    await page.getByLabel("Password").fill("a good long password");
    await page.getByRole("button", { name: "Create account" }).click();
    await page.getByRole("heading", { name: "Overview" }).waitFor();

    await page.goto(server.url + "/schedules");
    await page.getByRole("button", { name: "New schedule" }).first().click();
    const form = page.getByRole("form", { name: "New schedule" });
    await form.getByLabel("Name").fill("Backups ran");
    await form.getByLabel("Cron expression").fill("*/15 * * * *");
    await form.getByLabel("Job type").selectOption("heartbeat");
    await form.getByText(/Once saved, the schedule's page shows the ping URL/).waitFor();
    await form.getByLabel(/^Grace seconds/).fill("120");
    await form.getByRole("button", { name: "Create schedule" }).click();
    await page.getByRole("link", { name: "Backups ran" }).click();
    await page.getByRole("heading", { level: 1, name: "Backups ran" }).waitFor();

    // The URL names the host the browser asked for, with a 24-character key.
    const card = page.getByRole("region", { name: "Ping URL" });
    const shownUrl = () => card.getByTestId("ping-url").textContent();
    const first = (await shownUrl())!;
    expect(first).toMatch(new RegExp(`^${server.url}/ping/[A-Za-z0-9_-]{24}$`));
    await card.getByText("Expects a ping each time the schedule fires, within 2 minutes", { exact: false }).waitFor();
    const examples = await card.locator("pre").allTextContents();
    expect(examples[0]).toBe(`*/15 * * * * /path/to/job.sh && curl -fsS -m 10 --retry 5 -o /dev/null ${first}`);
    expect(examples[1]).toContain(`${first}/start`);
    expect(examples[1]).toContain(`${first}/$?`);
    expect(await page.getByRole("button", { name: "Run now" }).count()).toBe(0);
    await card.screenshot({ path: path.join(SCREENSHOTS, "heartbeat-ping-url-card.png") });
    await page.screenshot({ path: path.join(SCREENSHOTS, "heartbeat-schedule-page.png"), fullPage: true });

    // New URL, one click: the new URL replaces the old everywhere on the page.
    await card.getByRole("button", { name: "New URL" }).click();
    await expect.poll(shownUrl).not.toBe(first);
    const second = (await shownUrl())!;
    expect(second).toMatch(new RegExp(`^${server.url}/ping/[A-Za-z0-9_-]{24}$`));
    const oldKey = first.slice(first.lastIndexOf("/") + 1);
    expect(await card.locator("pre").first().textContent()).toContain(second);
    expect(await page.content()).not.toContain(oldKey);

    await page.reload();
    expect(await shownUrl()).toBe(second);
    expect(await page.content()).not.toContain(oldKey);
    expect(csp).toEqual([]);
  }, 60_000);
});
