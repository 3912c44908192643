// A run's output on the schedule page in a real browser, against `next start` and a worker on
// SQLite, the way a newcomer meets it with ALLOW_SHELL_JOBS=true: a team secret, a shell schedule
// that gets it in its environment, Run now. The new run's row opens and its stdout and stderr
// appear while the command goes on (the page follows them over Server-Sent Events), then stay
// with the run: after a reload the row opens to the same lines. The secret's value shows nowhere:
// not in the output (the command prints it), the page, the API's answers, the logs of the web app
// and the worker, nor the database file. No page may break the Content-Security-Policy.
import { readFileSync } from "node:fs";
import path from "node:path";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { sqliteTarget } from "../../lib/db/target";
import { browserUnavailable, launchBrowser, SCREENSHOTS, watchCsp } from "../support/browser";
import { tempDir } from "../support/databases";
import { startServer, type TestServer } from "../support/server";
import { startWorker, type WorkerProcess } from "../support/worker-process";

const skip = browserUnavailable() !== null;

type Job = { entrypoint: string; payload: unknown };
/** Lines the output shows, in order: [stream, text]; the first must appear while the run is still going. */
type Expected = [stream: "stdout" | "stderr" | "log", text: RegExp][];

/** The secret's value: distinctive, so that finding it anywhere is a leak. */
const SECRET_VALUE = "tok-7Hq2-unlikely-anywhere-else";

// Sleeps in between: the first line shows while the command is still running.
const shellJob = (): { job: Job; expected: Expected } => ({
  job: {
    entrypoint: "shell",
    payload: { command: 'echo step 1; sleep 2; echo "calling with $API_TOKEN" >&2; sleep 1; echo step 3', env: { API_TOKEN: "{{secrets.API_TOKEN}}" } },
  },
  expected: [
    ["stdout", /^step 1$/],
    ["stderr", /^calling with \[secret API_TOKEN\]$/],
    ["stdout", /^step 3$/],
  ],
});

const ENV = { ALLOW_SHELL_JOBS: "true" };

describe.skipIf(skip)("run output in the browser", () => {
  const dbFile = path.join(tempDir(), "almanac.db");
  const target = sqliteTarget(dbFile);
  let server: TestServer;
  let worker: WorkerProcess;
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
  const personalTeamId = async () => {
    const res = await page.request.get(server.url + "/api/v1/teams");
    return ((await res.json()) as { items: { id: string }[] }).items[0].id;
  };
  const matches = (lines: string[][], expected: Expected) => expected.every(([stream, text], i) => lines[i]?.[0] === stream && text.test(lines[i]?.[1] ?? ""));

  beforeAll(async () => {
    scenario = shellJob();
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
  });

  test("Run now shows the run's output on the schedule page as it is written, and it stays with the run", async () => {
    await page.goto(server.url + "/register");
    await page.getByLabel("Email").fill("watcher@example.com");
    await page.getByLabel("Password").fill("a good long password");
    await page.getByRole("button", { name: "Create account" }).click();
    await page.getByRole("heading", { name: "Overview" }).waitFor();

    // What the API answered, all of it: none may hold the secret's value.
    const answers: string[] = [];
    const secret = await page.request.post(`${server.url}/api/v1/teams/${await personalTeamId()}/secrets`, {
      headers: { Origin: server.url },
      data: { name: "API_TOKEN", value: SECRET_VALUE },
    });
    expect(secret.status(), await secret.text()).toBe(201);
    answers.push(await secret.text());
    const created = await page.request.post(server.url + "/api/v1/schedules", {
      headers: { Origin: server.url },
      data: { name: "Watch me", cronExpression: "0 3 1 1 *", isEnabled: false, ...scenario.job },
    });
    expect(created.status(), await created.text()).toBe(201);
    answers.push(await created.text());
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

    // The secret's value, nowhere: the page, the API, the logs, the database file.
    const shown = await page.content();
    expect(shown).toContain("[secret API_TOKEN]");
    expect(shown).not.toContain(SECRET_VALUE);
    const runs = await page.request.get(`${server.url}/api/v1/schedules/${schedule.id}/runs`);
    const [run] = ((await runs.json()) as { items: { id: string; status: string; result: unknown }[] }).items;
    expect(run.status).toBe("succeeded");
    answers.push(await runs.text());
    for (const url of [`/api/v1/runs/${run.id}/output`, `/api/v1/schedules/${schedule.id}`, `/api/v1/teams/${await personalTeamId()}/secrets`, `/api/v1/teams/${await personalTeamId()}/audit`]) {
      const res = await page.request.get(server.url + url);
      expect(res.status(), url).toBe(200);
      answers.push(await res.text());
    }
    expect(answers.join("\n")).toContain("[secret API_TOKEN]");
    for (const answer of answers) expect(answer).not.toContain(SECRET_VALUE);
    expect(server.output()).not.toContain(SECRET_VALUE);
    expect(worker.output()).toContain(run.id);
    expect(worker.output()).not.toContain(SECRET_VALUE);
    for (const file of [dbFile, `${dbFile}-wal`]) {
      let bytes: Buffer;
      try {
        bytes = readFileSync(file);
      } catch {
        continue; // no WAL left: checkpointed into the file read above
      }
      expect(bytes.includes(Buffer.from(SECRET_VALUE)), file).toBe(false);
    }
  }, 90_000);
});
