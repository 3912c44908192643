// A run's output on the schedule page in a real browser, against `next start` and a worker on
// SQLite: Run now opens the new run's row and its output appears while the run goes on (the page
// follows it over Server-Sent Events), then stays with the run: after a reload the row opens to
// the same lines. No page may break the Content-Security-Policy.
//
// The job is an `http` call to a slow local target, which writes a line when it starts and one
// when it finishes. To watch a process's stdout and stderr instead, set JOB and EXPECTED to the
// shell variant below (a command printing several lines with sleeps in between).
import http from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { sqliteTarget } from "../../lib/db/target";
import { browserUnavailable, launchBrowser, SCREENSHOTS, watchCsp } from "../support/browser";
import { tempDir } from "../support/databases";
import { startServer, type TestServer } from "../support/server";
import { startWorker, type WorkerProcess } from "../support/worker-process";

const skip = browserUnavailable() !== null;

/** How long the http target takes to answer: long enough to see the output arrive in parts. */
const SLOW_MS = 3000;

type Job = { entrypoint: string; payload: unknown };
/** Lines the output shows, in order: [stream, text]; the first must appear while the run is still going. */
type Expected = [stream: "stdout" | "stderr" | "log", text: RegExp][];

const httpJob = (hook: string): { job: Job; expected: Expected } => ({
  job: { entrypoint: "http", payload: { url: hook, method: "GET" } },
  expected: [
    ["log", /^GET http:\/\/127\.0\.0\.1:\d+$/],
    ["log", /^HTTP 200 durationMs=\d+$/],
  ],
});

// The shell variant (needs the shell job type and ALLOW_SHELL_JOBS=true in ENV):
// const shellJob = (): { job: Job; expected: Expected } => ({
//   job: { entrypoint: "shell", payload: { command: "echo step 1; sleep 2; echo 'step 2 went wrong' >&2; sleep 1; echo step 3" } },
//   expected: [["stdout", /^step 1$/], ["stderr", /^step 2 went wrong$/], ["stdout", /^step 3$/]],
// });

const ENV = { ALLOW_PRIVATE_NETWORK_TARGETS: "true" };

describe.skipIf(skip)("run output in the browser", () => {
  const target = sqliteTarget(path.join(tempDir(), "almanac.db"));
  let server: TestServer;
  let worker: WorkerProcess;
  let receiver: http.Server;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let csp: string[];
  let scenario: { job: Job; expected: Expected };

  /** The lines of the open output panel, as [stream, text]. */
  const shownLines = () =>
    page
      .getByRole("log", { name: "Run output" })
      .first()
      .locator("[data-stream]")
      .evaluateAll((rows) => rows.map((r) => [r.getAttribute("data-stream") ?? "", (r.lastElementChild?.textContent ?? "").replace(/^(stdout|stderr|log): /, "")]));
  const matches = (lines: string[][], expected: Expected) => expected.every(([stream, text], i) => lines[i]?.[0] === stream && text.test(lines[i]?.[1] ?? ""));

  beforeAll(async () => {
    receiver = http.createServer((req, res) => {
      req.resume();
      setTimeout(() => res.end("done"), SLOW_MS).unref();
    });
    await new Promise<void>((r) => receiver.listen(0, "127.0.0.1", r));
    scenario = httpJob(`http://127.0.0.1:${(receiver.address() as AddressInfo).port}/slow`);
    server = await startServer(target, ENV);
    worker = startWorker(target, "output-browser-worker", ENV);
    browser = await launchBrowser();
    context = await browser.newContext({ viewport: { width: 1280, height: 900 }, timezoneId: "Europe/Paris", colorScheme: "light" });
    context.setDefaultTimeout(15_000);
    page = await context.newPage();
    csp = await watchCsp(page);
  });
  afterAll(async () => {
    await browser?.close();
    await worker?.stop();
    await server?.stop();
    receiver?.closeAllConnections();
    receiver?.close();
  });

  test("Run now shows the run's output on the schedule page as it is written, and it stays with the run", async () => {
    await page.goto(server.url + "/register");
    await page.getByLabel("Email").fill("watcher@example.com");
    await page.getByLabel("Password").fill("a good long password");
    await page.getByRole("button", { name: "Create account" }).click();
    await page.getByRole("heading", { name: "Overview" }).waitFor();

    const created = await page.request.post(server.url + "/api/v1/schedules", {
      headers: { Origin: server.url },
      data: { name: "Watch me", cronExpression: "0 3 1 1 *", isEnabled: false, ...scenario.job },
    });
    expect(created.status(), await created.text()).toBe(201);
    const schedule = (await created.json()) as { id: string };

    await page.goto(`${server.url}/schedules/${schedule.id}`);
    await page.getByRole("button", { name: "Run now" }).click();
    const output = page.getByRole("log", { name: "Run output" });
    await output.waitFor();

    // The first line, while the run is still going (the panel says Live).
    const [firstStream, firstText] = scenario.expected[0];
    await page.waitForFunction(
      ([stream, source]) => {
        const row = document.querySelector(`[role="log"][aria-label="Run output"] [data-stream="${stream}"]`);
        return !!row && new RegExp(source).test((row.lastElementChild?.textContent ?? "").replace(/^(stdout|stderr|log): /, ""));
      },
      [firstStream, firstText.source] as const,
    );
    expect(await page.getByText("Live", { exact: true }).isVisible()).toBe(true);
    expect((await shownLines()).length).toBeLessThan(scenario.expected.length);
    await page.screenshot({ path: path.join(SCREENSHOTS, "run-output-live.png"), fullPage: true });

    // Then the rest, and the stream ends with the run.
    await expect.poll(async () => matches(await shownLines(), scenario.expected), { timeout: 20_000 }).toBe(true);
    await page.getByText("Live", { exact: true }).waitFor({ state: "detached" });
    expect(await shownLines()).toHaveLength(scenario.expected.length);
    await page.getByRole("table", { name: /Runs of Watch me/ }).getByText("succeeded").first().waitFor();
    await output.screenshot({ path: path.join(SCREENSHOTS, "run-output-panel.png") });

    // After a reload the run's row opens to the same output, read from the database.
    await page.reload();
    await page.getByRole("button", { name: /Details of this run/ }).first().click();
    await expect.poll(async () => matches(await shownLines(), scenario.expected), { timeout: 10_000 }).toBe(true);
    await page.screenshot({ path: path.join(SCREENSHOTS, "run-output-finished.png"), fullPage: true });
    expect(csp).toEqual([]);
  }, 90_000);
});
