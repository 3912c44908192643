// The @cron assistant in a real browser, against `next start` on SQLite: a schedule created by
// chatting appears in the Schedules list; a delete asks first and "Yes" carries it out.
import { mkdirSync } from "node:fs";
import path from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { ROOT } from "../../lib/db/schema-source";
import { sqliteTarget } from "../../lib/db/target";
import { browserUnavailable, launchBrowser, SCREENSHOTS } from "../support/browser";
import { tempDir } from "../support/databases";
import { startServer, type TestServer } from "../support/server";

const skip = browserUnavailable() !== null;
// Screenshots go to test-results/ (git-ignored); UPDATE_SCREENSHOTS=1 refreshes the README's.
const DOCS_SHOTS = process.env.UPDATE_SCREENSHOTS === "1" ? path.join(ROOT, "docs", "screenshots") : SCREENSHOTS;

describe.skipIf(skip)("the @cron assistant in the browser", () => {
  let server: TestServer;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    mkdirSync(DOCS_SHOTS, { recursive: true });
    server = await startServer(sqliteTarget(path.join(tempDir(), "almanac.db")));
    browser = await launchBrowser();
    page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await page.goto(server.url + "/register");
    await page.getByLabel("Email").fill("chatter@example.com");
    await page.getByLabel("Password").fill("a good long password");
    await page.getByRole("button", { name: "Create account" }).click();
    await page.getByRole("heading", { name: "Overview" }).waitFor();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  test("a schedule created by chatting appears in the list", async () => {
    await page.goto(server.url + "/schedules");
    await page.getByRole("heading", { name: "No schedules yet" }).waitFor();
    await page.getByRole("button", { name: "Ask @cron" }).click();
    const panel = page.getByRole("dialog", { name: "@cron assistant" });
    await panel.getByRole("textbox", { name: "Message @cron" }).fill("@cron run nightly backup at midnight");
    await panel.getByRole("button", { name: "Send" }).click();
    await panel.getByText(/next run/i).first().waitFor();
    const reply = await panel.getByRole("log").innerText().catch(() => panel.innerText());
    expect(reply).toMatch(/nightly backup/i);
    expect(reply).toMatch(/UTC/);
    await page.screenshot({ path: path.join(DOCS_SHOTS, "assistant.png") });
    await page.keyboard.press("Escape");
    await panel.waitFor({ state: "detached" });
    // the list refreshed after the action, without a reload
    await page.getByRole("switch", { name: /^Enabled: nightly backup$/i }).waitFor();
    await page.getByText("0 0 * * *").first().waitFor();
  });

  test("deleting by chat asks first; Yes deletes it", async () => {
    await page.getByRole("button", { name: "Ask @cron" }).click();
    const panel = page.getByRole("dialog", { name: "@cron assistant" });
    await panel.getByRole("textbox", { name: "Message @cron" }).fill("delete nightly backup");
    await panel.getByRole("button", { name: "Send" }).click();
    const yes = panel.getByRole("button", { name: /^Yes, delete/ });
    await yes.waitFor();
    // nothing is deleted before the answer
    await page.keyboard.press("Escape");
    expect(await page.getByRole("switch", { name: /^Enabled: nightly backup$/i }).count()).toBe(1);
    await page.getByRole("button", { name: "Ask @cron" }).click();
    await panel.getByRole("button", { name: /^Yes, delete/ }).click();
    await panel.getByText(/deleted/i).first().waitFor();
    await page.keyboard.press("Escape");
    await page.getByRole("heading", { name: "No schedules yet" }).waitFor();
  });
});
