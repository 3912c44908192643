// Team secrets in a real browser against `next start` on SQLite: an owner adds a secret in Team
// settings (the value in a password field, never shown again), sees its reference and who set
// it, replaces its value, is refused deleting it while a schedule uses it (the schedule named),
// and deletes it once nothing does. The database holds the value sealed. No page may break the
// Content-Security-Policy.
import path from "node:path";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { createDb } from "../../lib/db/client";
import { sqliteTarget } from "../../lib/db/target";
import { createSecretReader } from "../../lib/secrets/resolve";
import { browserUnavailable, launchBrowser, watchCsp } from "../support/browser";
import { tempDir } from "../support/databases";
import { startServer, type TestServer } from "../support/server";

const skip = browserUnavailable() !== null;

describe.skipIf(skip)("team secrets in the browser", () => {
  const target = sqliteTarget(path.join(tempDir(), "almanac.db"));
  let server: TestServer;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let csp: string[];
  const card = () => page.getByRole("region", { name: "Secrets", exact: true });

  beforeAll(async () => {
    server = await startServer(target); // SECRETS_KEY: the test run's (vitest.config.ts), as this process's
    browser = await launchBrowser();
    context = await browser.newContext({ viewport: { width: 1280, height: 900 }, colorScheme: "light" });
    context.setDefaultTimeout(10_000);
    page = await context.newPage();
    csp = await watchCsp(page);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  test("an owner adds, replaces and deletes a secret; one in use is refused, naming the schedule", async () => {
    await page.goto(server.url + "/register");
    await page.getByLabel("Email").fill("grace@example.com");
    await page.getByLabel("Password").fill("a good long password");
    await page.getByRole("button", { name: "Create account" }).click();
    await page.getByRole("heading", { name: "Overview" }).waitFor();

    await page.goto(server.url + "/settings/team");
    await card().getByText("No secrets yet.").waitFor();
    await card().getByRole("button", { name: "Add secret" }).click();
    await card().getByLabel("Name").fill("API_TOKEN");
    const value = card().getByLabel("Value");
    expect(await value.getAttribute("type")).toBe("password");
    await value.fill("tok_live_first_value_0123");
    await card().getByRole("button", { name: "Add secret" }).last().click();
    const item = card().getByRole("listitem").filter({ hasText: "API_TOKEN" });
    await item.getByText("{{secrets.API_TOKEN}}").waitFor();
    await expect.poll(() => item.textContent()).toContain("by grace@example.com");
    expect(await page.content()).not.toContain("tok_live_first_value_0123");

    await item.getByRole("button", { name: "Replace value of API_TOKEN" }).click();
    await card().getByLabel("New value").fill("tok_live_second_value_4567");
    await card().getByRole("button", { name: "Replace value", exact: true }).click();
    await card().getByLabel("New value").waitFor({ state: "detached" });
    const db = await createDb(target);
    try {
      const teamId = (await db.user.findFirstOrThrow({ where: { email: "grace@example.com" } })).id;
      expect(await createSecretReader(db)(teamId, "API_TOKEN")).toBe("tok_live_second_value_4567");
      expect((await db.teamSecret.findFirstOrThrow({ where: { teamId } })).value).toMatch(/^s1\./);

      // A schedule that uses it: the delete is refused with its name.
      const res = await page.request.post(server.url + "/api/v1/schedules", {
        headers: { origin: server.url },
        data: { name: "nightly call", cronExpression: "0 3 * * *", entrypoint: "http", payload: { url: "https://93.184.216.34/hook", headers: { Authorization: "Bearer {{secrets.API_TOKEN}}" } } },
      });
      expect(res.status(), await res.text()).toBe(201);
      const scheduleId = ((await res.json()) as { id: string }).id;
      await item.getByRole("button", { name: "Delete API_TOKEN" }).click();
      await page.getByRole("dialog").getByRole("button", { name: "Delete" }).click();
      await page.getByRole("dialog").getByText('is still used by schedule "nightly call"').waitFor();
      await page.getByRole("dialog").getByRole("button", { name: "Cancel" }).click();

      expect((await page.request.delete(server.url + `/api/v1/schedules/${scheduleId}`, { headers: { origin: server.url } })).status()).toBe(204);
      await item.getByRole("button", { name: "Delete API_TOKEN" }).click();
      await page.getByRole("dialog").getByRole("button", { name: "Delete" }).click();
      await card().getByText("No secrets yet.").waitFor();
      expect(await db.teamSecret.count({ where: { teamId } })).toBe(0);
    } finally {
      await db.$disconnect();
    }
    expect(csp).toEqual([]);
  });
});
