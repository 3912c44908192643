// Teams in a real browser against `next start` on SQLite, with two people in two browser
// contexts: an owner makes a team and a schedule in it and invites a colleague as a viewer; the
// colleague opens the link signed out, registers, comes back, accepts and sees the shared schedule
// but cannot toggle it; the owner makes them an editor (then they can), edits the schedule, and
// reads it all in the audit log, filtered by action and by schedule, each change before and after.
// No page may break the Content-Security-Policy on the way.
import path from "node:path";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { sqliteTarget } from "../../lib/db/target";
import { browserUnavailable, launchBrowser, SCREENSHOTS, watchCsp } from "../support/browser";
import { tempDir } from "../support/databases";
import { startServer, type TestServer } from "../support/server";

const skip = browserUnavailable() !== null;


async function register(page: Page, email: string): Promise<void> {
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill("a good long password");
  await page.getByRole("button", { name: "Create account" }).click();
}

describe.skipIf(skip)("teams in the browser", () => {
  let server: TestServer;
  let browser: Browser;
  let ownerContext: BrowserContext;
  let colleagueContext: BrowserContext;
  let owner: Page;
  let colleague: Page;
  let ownerCsp: string[];
  let colleagueCsp: string[];
  let invitationLink: string;
  const shot = (p: Page, name: string) => p.screenshot({ path: path.join(SCREENSHOTS, name), fullPage: true });
  const cardOf = (p: Page, name: string) => p.getByRole("region", { name });

  beforeAll(async () => {
    server = await startServer(sqliteTarget(path.join(tempDir(), "almanac.db")));
    browser = await launchBrowser();
    const options = { viewport: { width: 1280, height: 900 }, timezoneId: "Europe/Paris", colorScheme: "light" as const };
    ownerContext = await browser.newContext(options);
    colleagueContext = await browser.newContext(options);
    // A step that cannot happen fails naming what it waited for, well inside the test's 30 s.
    for (const c of [ownerContext, colleagueContext]) c.setDefaultTimeout(10_000);
    owner = await ownerContext.newPage();
    colleague = await colleagueContext.newPage();
    ownerCsp = await watchCsp(owner);
    colleagueCsp = await watchCsp(colleague);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  test("the owner creates a team, switches to it, and creates a schedule there", async () => {
    await owner.goto(server.url + "/register");
    await register(owner, "ada@example.com");
    await owner.getByRole("heading", { name: "Overview" }).waitFor();

    await owner.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Team", exact: true }).click();
    await owner.getByRole("heading", { name: "Team", exact: true }).waitFor();
    await owner.getByText("is your personal team").waitFor();
    await owner.getByLabel("Name of the new team").fill("   ");
    await owner.getByRole("button", { name: "Create team" }).click();
    await owner.getByText("Name is required").waitFor();
    await owner.getByLabel("Name of the new team").fill("Platform");
    await owner.getByRole("button", { name: "Create team" }).click();
    // The new team is chosen: the page and the switcher say so.
    await owner.locator("main header").getByText("Platform", { exact: true }).waitFor();
    expect(await owner.getByRole("combobox", { name: "Team" }).locator("option:checked").textContent()).toBe("Platform · owner");

    await owner.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Schedules" }).click();
    await owner.getByText("in Platform").first().waitFor();
    await owner.getByRole("button", { name: "New schedule" }).first().click();
    const form = owner.getByRole("form", { name: "New schedule" });
    await form.getByLabel("Name").fill("Nightly backup");
    await form.getByLabel("Cron expression").fill("30 2 * * *");
    await form.getByRole("button", { name: "Create schedule" }).click();
    await cardOf(owner, "Nightly backup").waitFor();

    // The personal team does not show it: the list is the chosen team's.
    // (A personal team is named after its account: here, without a name, its email.)
    await owner.getByRole("combobox", { name: "Team" }).selectOption({ label: "ada@example.com (personal) · owner" });
    await owner.getByRole("heading", { name: "No schedules yet" }).waitFor();
    await owner.getByRole("combobox", { name: "Team" }).selectOption({ label: "Platform · owner" });
    await cardOf(owner, "Nightly backup").waitFor();
  });

  test("the owner invites a colleague as a viewer and gets a link to copy, for that email", async () => {
    await owner.goto(server.url + "/settings/team");
    await owner.getByLabel("Email (optional)").fill("not an email");
    await owner.getByRole("button", { name: "Invite" }).click();
    await owner.getByText("Enter an email address, or leave it empty").waitFor();

    await owner.getByLabel("Email (optional)").fill("bob@example.com");
    expect(await owner.getByLabel("Role", { exact: true }).inputValue()).toBe("viewer");
    await owner.getByRole("button", { name: "Invite" }).click();
    await owner.getByRole("heading", { name: "Invitation for bob@example.com" }).waitFor();
    const link = new URL((await owner.getByTestId("invitation-link").textContent())!.trim());
    expect(link.pathname).toMatch(/^\/invitations\/inv_[\w-]{43}$/);
    // The link names the address the owner is on (no NEXTAUTH_URL here: the request's Host).
    expect(link.origin).toBe(server.url);
    invitationLink = link.toString();
    await owner.getByRole("list", { name: "Pending invitations" }).getByText("bob@example.com", { exact: true }).waitFor();
    await shot(owner, "team-settings-invite.png");

    // A link for anyone, revoked: it leaves the pending list, and opening it says it was withdrawn.
    await owner.getByRole("button", { name: "Invite" }).click();
    await owner.getByRole("heading", { name: "Invitation for anyone with the link" }).waitFor();
    const anyone = (await owner.getByTestId("invitation-link").textContent())!.trim();
    await owner.getByRole("button", { name: "Revoke the invitation for anyone with the link" }).click();
    await owner.getByRole("dialog").getByRole("button", { name: "Revoke" }).click();
    await owner.getByRole("button", { name: "Revoke the invitation for anyone with the link" }).waitFor({ state: "detached" });
    await owner.getByRole("heading", { name: "Invitation for anyone with the link" }).waitFor({ state: "detached" });
    const page = await ownerContext.newPage();
    await page.goto(anyone);
    await page.getByText("This invitation was withdrawn.").waitFor();
    await page.close();
  });

  test("the colleague opens the link signed out, registers, comes back, accepts and sees the shared schedule", async () => {
    await colleague.goto(invitationLink);
    await colleague.getByRole("heading", { name: "Join Platform" }).waitFor();
    expect(await colleague.getByText(/as a\s+viewer/).count()).toBeGreaterThan(0);
    await colleague.getByText("This invitation is for bob@example.com.").waitFor();
    await shot(colleague, "invitation-signed-out.png");

    await colleague.getByRole("link", { name: "Create an account" }).click();
    await colleague.waitForURL(/\/register\?callbackUrl=/);
    await register(colleague, "bob@example.com");
    await colleague.waitForURL((url) => url.pathname.startsWith("/invitations/"));
    await colleague.getByText("Signed in as bob@example.com.").waitFor();
    await colleague.getByRole("button", { name: "Accept and join" }).click();

    await colleague.waitForURL(/\/schedules$/);
    await cardOf(colleague, "Nightly backup").waitFor();
    await colleague.getByText("in Platform").first().waitFor();

    // The link was used: opening it again says so.
    const again = await colleagueContext.newPage();
    await again.goto(invitationLink);
    await again.getByText("This invitation has already been used.").waitFor();
    await again.close();
  });

  test("a viewer cannot toggle, run, edit or delete, and is told why", async () => {
    const card = cardOf(colleague, "Nightly backup");
    const toggle = card.getByRole("switch", { name: "Enabled: Nightly backup" });
    expect(await toggle.isDisabled()).toBe(true);
    expect(await toggle.getAttribute("title")).toBe("You are a viewer in this team: this needs the editor role");
    await toggle.click({ force: true });
    expect(await toggle.getAttribute("aria-checked")).toBe("true");
    for (const name of [/Run now/, /Edit/, /Delete/]) expect(await card.getByRole("button", { name }).count()).toBe(0);
    expect(await colleague.getByRole("button", { name: "New schedule" }).count()).toBe(0);
    await card.getByText("You are a viewer in this team: this needs the editor role.").waitFor();
    await shot(colleague, "schedules-viewer.png");

    // The settings page offers a viewer no member management and no invitations.
    await colleague.goto(server.url + "/settings/team");
    await colleague.getByText("Inviting people needs the admin role in this team.").waitFor();
    expect(await colleague.getByRole("combobox", { name: "Role of ada@example.com" }).isDisabled()).toBe(true);
    expect(await colleague.getByRole("button", { name: /^Remove/ }).count()).toBe(0);
  });

  test("the owner makes the colleague an editor, who can then toggle", async () => {
    await owner.goto(server.url + "/settings/team");
    const members = owner.getByRole("list", { name: "Members" });
    await members.getByRole("button", { name: "Remove bob@example.com" }).waitFor();
    await owner.getByRole("combobox", { name: "Role of bob@example.com" }).selectOption("editor");
    // Saved, and the refreshed page's log has it.
    await owner.getByRole("list", { name: "Audit log entries" }).getByText("changed the role of").waitFor();

    await colleague.goto(server.url + "/schedules");
    const toggle = cardOf(colleague, "Nightly backup").getByRole("switch", { name: "Enabled: Nightly backup" });
    expect(await toggle.isDisabled()).toBe(false);
    await toggle.click();
    await colleague.waitForFunction(() => document.querySelector('[role="switch"]')?.getAttribute("aria-checked") === "false" && !document.querySelector('[role="switch"]')?.hasAttribute("disabled"));
  });

  test("the audit log shows each change with its before and after, filtered by action and by schedule", async () => {
    // The owner edits the schedule, so a change of a field is in the log.
    await owner.goto(server.url + "/schedules");
    await cardOf(owner, "Nightly backup").getByRole("button", { name: /Edit/ }).click();
    const form = owner.getByRole("form", { name: "Edit Nightly backup" });
    await form.getByLabel("Cron expression").fill("45 3 * * *");
    await form.getByRole("button", { name: /Save/ }).click();
    await owner.getByText("Saved “Nightly backup”.").waitFor();

    await owner.goto(server.url + "/settings/team");
    await owner.getByLabel("Team name", { exact: true }).fill("Platform crew");
    await owner.getByRole("button", { name: "Rename" }).click();
    await owner.getByRole("combobox", { name: "Team" }).locator("option", { hasText: "Platform crew · owner" }).waitFor({ state: "attached" });
    const log = owner.getByRole("list", { name: "Audit log entries" });
    const entry = (text: string) => log.getByRole("listitem").filter({ hasText: text });
    await entry("edited schedule").waitFor();
    expect(await entry("edited schedule").textContent()).toContain("ada@example.com edited schedule Nightly backup");
    const cronChange = entry("edited schedule").locator("dl > div").filter({ hasText: "cronExpression" });
    expect(await cronChange.locator("del").textContent()).toBe("30 2 * * *");
    expect(await cronChange.locator("ins").textContent()).toBe("45 3 * * *");
    expect(await entry("changed the role of").textContent()).toContain("bob@example.com");
    expect(await entry("changed the role of").locator("del").textContent()).toBe("viewer");
    expect(await entry("changed the role of").locator("ins").textContent()).toBe("editor");
    await entry("bob@example.com disabled schedule Nightly backup").waitFor();
    await entry("invited bob@example.com").waitFor();
    await entry("revoked the invitation of anyone with the link").waitFor();
    const renamed = entry("renamed team").locator("dl > div").filter({ hasText: "name" });
    expect(await renamed.locator("del").textContent()).toBe("Platform");
    expect(await renamed.locator("ins").textContent()).toBe("Platform crew");
    await entry("created schedule").waitFor();
    await shot(owner, "team-audit-log.png");

    await owner.getByLabel("Action", { exact: true }).selectOption("member.role_changed");
    await log.getByRole("listitem").filter({ hasText: "edited schedule" }).waitFor({ state: "detached" });
    expect(await log.getByRole("listitem").count()).toBe(1);
    expect(await log.getByRole("listitem").textContent()).toContain("changed the role of");

    await owner.getByLabel("Action", { exact: true }).selectOption("");
    // The page for the schedule alone, as the server answers it: the list shows that one.
    const filtered = owner.waitForResponse((r) => r.url().includes("/audit?") && r.url().includes("targetId=") && !r.url().includes("action="));
    await owner.getByLabel("Schedule", { exact: true }).selectOption({ label: "Nightly backup" });
    const answer = await filtered;
    expect(answer.status()).toBe(200);
    expect(((await answer.json()) as { items: unknown[] }).items).toHaveLength(3);
    await log.getByRole("listitem").filter({ hasText: "changed the role of" }).waitFor({ state: "detached" });
    // The filtered page replaces the list when it arrives (the list may be empty in between).
    await expect.poll(() => log.getByRole("listitem").count(), { timeout: 10_000 }).toBe(3); // created, disabled by the colleague, edited
    const actions = await log.getByRole("listitem").allTextContents();
    for (const text of actions) expect(text).toContain("Nightly backup");
  });

  test("on a phone in dark mode the team page and the invitation page fit the screen", async () => {
    const phone = await browser.newContext({ viewport: { width: 390, height: 844 }, colorScheme: "dark", storageState: await ownerContext.storageState() });
    const page = await phone.newPage();
    await page.goto(server.url + "/settings/team");
    await page.getByRole("heading", { name: "Audit log" }).waitFor();
    expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
    await shot(page, "team-settings-phone-dark.png");
    await page.goto(invitationLink);
    await page.getByText("This invitation has already been used.").waitFor();
    expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
    await phone.close();
  });

  test("no page broke the Content-Security-Policy", () => {
    expect(ownerCsp).toEqual([]);
    expect(colleagueCsp).toEqual([]);
  });
});
