// Alerts in a real browser against `next start` on SQLite, with a real HTTP receiver on
// 127.0.0.1 (so the server runs with ALLOW_PRIVATE_NETWORK_TARGETS=true): an owner adds a webhook
// channel in Team settings and sees its signing secret once, sends a test that the receiver gets
// signed with that secret, rotates it, creates a schedule whose form turns alerts on for that
// channel after 3 failures (saved as such, read back over the API), and finds the schedule's
// alert history and the overview's recent alerts; then, with a worker, a run that fails on purpose
// sends run.failed to the channel and the schedule page lists it with its delivery.
// No page may break the Content-Security-Policy.
import path from "node:path";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { Webhook } from "standardwebhooks";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { sqliteTarget } from "../../lib/db/target";
import type { ChannelOut, ScheduleListOut } from "../../lib/api";
import { startReceiver } from "../support/alerts";
import { browserUnavailable, launchBrowser, SCREENSHOTS, watchCsp } from "../support/browser";
import { tempDir } from "../support/databases";
import { startServer, waitFor, type TestServer } from "../support/server";
import { startWorker, type WorkerProcess } from "../support/worker-process";

const skip = browserUnavailable() !== null;

describe.skipIf(skip)("alerts in the browser", () => {
  // The web app and the worker unseal channel secrets with keys from the same AUTH_SECRET.
  const env = { ALLOW_PRIVATE_NETWORK_TARGETS: "true", AUTH_SECRET: "alerts-browser-test-secret-0123456789abcdef" };
  const target = sqliteTarget(path.join(tempDir(), "almanac.db"));
  let server: TestServer;
  let worker: WorkerProcess | undefined;
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let csp: string[];
  let secret: string;
  const region = (name: string) => page.getByRole("region", { name, exact: true });
  const apiGet = async <T>(p: string): Promise<T> => {
    const res = await page.request.get(server.url + p);
    expect(res.status(), p).toBe(200);
    return (await res.json()) as T;
  };

  beforeAll(async () => {
    // /broken answers like a receiver that is down; everything else is taken.
    receiver = await startReceiver((req, res) => {
      if (req.url === "/broken") res.writeHead(503).end("down for maintenance");
      else res.end("ok");
    });
    server = await startServer(target, env);
    browser = await launchBrowser();
    context = await browser.newContext({ viewport: { width: 1280, height: 900 }, timezoneId: "Europe/Paris", colorScheme: "light" });
    context.setDefaultTimeout(10_000);
    page = await context.newPage();
    csp = await watchCsp(page);
  });
  afterAll(async () => {
    await browser?.close();
    await worker?.stop();
    await server?.stop();
    await receiver?.close();
  });

  test("an owner adds a webhook channel and sees its signing secret once", async () => {
    await page.goto(server.url + "/register");
    await page.getByLabel("Email").fill("ada@example.com");
    await page.getByLabel("Password").fill("a good long password");
    await page.getByRole("button", { name: "Create account" }).click();
    await page.getByRole("heading", { name: "Overview" }).waitFor();

    await page.goto(server.url + "/settings/team");
    const card = region("Channels");
    await card.getByText("No channels yet.").waitFor();
    await card.getByRole("button", { name: "Add channel" }).click();
    const form = page.getByRole("form", { name: "New channel" });
    await form.getByLabel("Name").fill("Receiver");
    expect(await form.getByLabel("Type").inputValue()).toBe("webhook");
    await form.getByLabel("URL").fill(`${receiver.url}/hook`);
    await form.screenshot({ path: path.join(SCREENSHOTS, "alerts-channel-form.png") });
    await form.getByRole("button", { name: "Add channel" }).click();

    await page.getByRole("heading", { name: "Signing secret for Receiver" }).waitFor();
    secret = (await page.getByTestId("webhook-secret").textContent())!.trim();
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/=]+$/);
    const item = card.getByRole("list", { name: "Channels" }).getByRole("listitem");
    await item.getByText(`${receiver.url}/hook`).waitFor();
    expect(await item.count()).toBe(1);
    expect(await item.textContent()).toMatch(/^Receiver\s*Webhook/);
    await card.screenshot({ path: path.join(SCREENSHOTS, "alerts-channels-card.png") });

    await page.getByRole("button", { name: "Done, hide the secret" }).click();
    await page.getByTestId("webhook-secret").waitFor({ state: "detached" });
  });

  test("Send test reaches the receiver, signed with that secret, and the card says delivered", async () => {
    const card = region("Channels");
    await card.getByRole("button", { name: "Send test Receiver" }).click();
    await card.getByText("Delivered (200)").waitFor();
    expect(receiver.received).toHaveLength(1);
    const [request] = receiver.received;
    expect(request.method).toBe("POST");
    expect(request.url).toBe("/hook");
    expect(request.headers["webhook-signature"]).toMatch(/^v1,/);
    const headers = { "webhook-id": String(request.headers["webhook-id"]), "webhook-timestamp": String(request.headers["webhook-timestamp"]), "webhook-signature": String(request.headers["webhook-signature"]) };
    expect(new Webhook(secret).verify(request.body, headers)).toMatchObject({ type: "channel.test", channel: { name: "Receiver" } });
  });

  test("a rotated secret is shown once and is the one the next test is signed with", async () => {
    const card = region("Channels");
    await card.getByRole("button", { name: "Rotate secret Receiver" }).click();
    await page.getByRole("dialog").getByRole("button", { name: "Rotate secret" }).click();
    await page.getByRole("heading", { name: "New signing secret for Receiver" }).waitFor();
    const rotated = (await page.getByTestId("webhook-secret").textContent())!.trim();
    expect(rotated).not.toBe(secret);

    await card.getByRole("button", { name: "Send test Receiver" }).click();
    await card.getByText("Delivered (200)").waitFor();
    await expect.poll(() => receiver.received.length).toBe(2);
    const request = receiver.received[1];
    const headers = { "webhook-id": String(request.headers["webhook-id"]), "webhook-timestamp": String(request.headers["webhook-timestamp"]), "webhook-signature": String(request.headers["webhook-signature"]) };
    expect(() => new Webhook(secret).verify(request.body, headers)).toThrow();
    expect(new Webhook(rotated).verify(request.body, headers)).toMatchObject({ type: "channel.test" });
    secret = rotated;
  });

  test("a receiver's refusal is shown in place of Delivered", async () => {
    const card = region("Channels");
    await card.getByRole("button", { name: "Add channel" }).click();
    const form = page.getByRole("form", { name: "New channel" });
    await form.getByLabel("Name").fill("Broken");
    await form.getByLabel("URL").fill(`${receiver.url}/broken`);
    await form.getByRole("button", { name: "Add channel" }).click();
    await page.getByRole("heading", { name: "Signing secret for Broken" }).waitFor();
    await page.getByRole("button", { name: "Done, hide the secret" }).click();
    await card.getByRole("button", { name: "Send test Broken" }).click();
    await card.getByText(/^Not delivered: .*503/).waitFor();
    await card.screenshot({ path: path.join(SCREENSHOTS, "alerts-channels-tested.png") });
  });

  test("the schedule form turns alerts on for that channel after 3 failures, and they are saved", async () => {
    await page.goto(server.url + "/schedules");
    await page.getByRole("button", { name: "New schedule" }).first().click();
    const form = page.getByRole("form", { name: "New schedule" });
    await form.getByLabel("Name").fill("Flaky export");
    await form.getByLabel("Cron expression").fill("*/5 * * * *");

    const alerts = form.getByRole("region", { name: "Alerts" });
    await alerts.getByRole("switch", { name: "Send alerts" }).click();
    await alerts.getByLabel("Receiver").check();
    await alerts.getByLabel("Alert after failures in a row").fill("3");
    await alerts.getByLabel("When a run takes longer than (optional)").fill("10");
    await alerts.getByLabel("Unit").selectOption("minutes");
    await alerts.screenshot({ path: path.join(SCREENSHOTS, "alerts-schedule-form.png") });
    await form.getByRole("button", { name: "Create schedule" }).click();
    await region("Flaky export").waitFor();

    const { items } = await apiGet<ScheduleListOut>("/api/v1/schedules?q=Flaky");
    const channels = await apiGet<{ items: ChannelOut[] }>(`/api/v1/teams/${encodeURIComponent(items[0].teamId)}/channels`);
    const channel = channels.items.find((c) => c.name === "Receiver")!;
    expect(items).toHaveLength(1);
    expect(items[0].alerts).toEqual({ channelIds: [channel.id], afterConsecutiveFailures: 3, onRecovery: true, onMissed: true, runLongerThanSeconds: 600, remindEveryMinutes: null });
  });

  test("the schedule page shows its rules and an Alert history section; the overview lists the team's latest alerts", async () => {
    const { items } = await apiGet<ScheduleListOut>("/api/v1/schedules?q=Flaky");
    await page.goto(`${server.url}/schedules/${items[0].id}`);
    await page.getByText("After 3 failures in a row, to 1 channel; on recovery; on missed runs; when a run passes 10 minutes").waitFor();
    const history = region("Alert history");
    await history.getByText("No alerts yet.").waitFor();

    await page.goto(server.url + "/");
    const recent = region("Recent alerts");
    expect(await recent.getByText("Channel test").count()).toBe(3);
  });

  test("the team's alert settings: worker alerts off, and default rules for new schedules", async () => {
    await page.goto(server.url + "/settings/team");
    const card = region("Alert settings");
    const workerAlerts = card.getByRole("switch", { name: "Worker alerts" });
    expect(await workerAlerts.getAttribute("aria-checked")).toBe("true");
    await workerAlerts.click();
    await page.getByText("Worker alerts off").waitFor();

    const defaults = card.getByRole("region", { name: "Default rules for new schedules" });
    await defaults.getByRole("switch", { name: "Send alerts" }).click();
    await defaults.getByLabel("Receiver").check();
    await defaults.getByLabel("Remind every (minutes, optional)").fill("60");
    await card.getByRole("button", { name: "Save defaults" }).click();
    await page.getByText("Default alert rules saved").waitFor();
    await card.screenshot({ path: path.join(SCREENSHOTS, "alerts-team-settings.png") });

    const { items } = await apiGet<ScheduleListOut>("/api/v1/schedules?q=Flaky");
    const settings = await apiGet<{ defaults: unknown; workerAlerts: boolean }>(`/api/v1/teams/${encodeURIComponent(items[0].teamId)}/alert-settings`);
    expect(settings.workerAlerts).toBe(false);
    expect(settings.defaults).toMatchObject({ afterConsecutiveFailures: 1, remindEveryMinutes: 60, channelIds: [items[0].alerts!.channelIds[0]] });
  });

  test("with a worker, a run that fails sends run.failed to the channel, and the schedule page lists it", async () => {
    const { items } = await apiGet<ScheduleListOut>("/api/v1/schedules?q=Flaky");
    const channels = await apiGet<{ items: ChannelOut[] }>(`/api/v1/teams/${encodeURIComponent(items[0].teamId)}/channels`);
    const receiverId = channels.items.find((c) => c.name === "Receiver")!.id;
    const created = await page.request.post(server.url + "/api/v1/schedules", {
      headers: { Origin: server.url },
      data: {
        teamId: items[0].teamId,
        name: "Always fails",
        cronExpression: "0 3 1 1 *",
        entrypoint: "log",
        payload: { message: "failing on purpose", errorRate: 1 },
        alerts: { channelIds: [receiverId], afterConsecutiveFailures: 1 },
      },
    });
    expect(created.status()).toBe(201);
    const schedule = (await created.json()) as { id: string };
    worker = startWorker(target, "alerts-browser-worker", env);
    const before = receiver.received.length;

    await page.goto(`${server.url}/schedules/${schedule.id}`);
    await page.getByRole("button", { name: "Run now" }).click();
    await waitFor(async () => receiver.received.length > before, 20_000, () => `run.failed at the receiver\n${worker!.output()}`);
    const sent = receiver.received.at(-1)!;
    const headers = { "webhook-id": String(sent.headers["webhook-id"]), "webhook-timestamp": String(sent.headers["webhook-timestamp"]), "webhook-signature": String(sent.headers["webhook-signature"]) };
    expect(new Webhook(secret).verify(sent.body, headers)).toMatchObject({ type: "run.failed", schedule: { name: "Always fails" }, consecutiveFailures: 1 });

    // The delivery is recorded just after the receiver answers.
    const history = region("Alert history");
    await waitFor(async () => {
      await page.reload();
      return (await history.getByText("Delivered (200)").count()) === 1;
    }, 10_000, "the delivered run.failed in the alert history");
    await history.getByText("Run failed").waitFor();
    await history.getByText(/1 failure in a row/).waitFor();
    await history.screenshot({ path: path.join(SCREENSHOTS, "alerts-schedule-history.png") });
    await page.screenshot({ path: path.join(SCREENSHOTS, "alerts-schedule-page.png"), fullPage: true });

    await page.goto(server.url + "/");
    const recent = region("Recent alerts");
    await recent.getByRole("link", { name: "Always fails" }).waitFor();
    await recent.screenshot({ path: path.join(SCREENSHOTS, "alerts-recent.png") });
    expect(csp).toEqual([]);
  });
});
