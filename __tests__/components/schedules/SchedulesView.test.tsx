// @vitest-environment happy-dom
// The schedules page: the list, its empty states, search and filter in the URL, the switch, delete and the @cron bar.
import { act, cleanup, fireEvent, screen, waitFor, within } from "@testing-library/react";
import { afterEach, beforeEach, expect, test, vi } from "vitest";
import { SchedulesView } from "../../../components/schedules/SchedulesView";
import type { ScheduleListOut } from "../../../lib/validation/schedules";
import { aSchedule, apiError, formHandlers, json, mockApi, renderWithToasts } from "./support";

const router = vi.hoisted(() => ({ replace: vi.fn(), push: vi.fn(), refresh: vi.fn() }));
vi.mock("next/navigation", () => ({ usePathname: () => "/schedules", useRouter: () => router }));

beforeEach(() => router.replace.mockClear());
afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

const page = (items: ScheduleListOut["items"], counts?: Partial<ScheduleListOut["counts"]>, nextCursor: string | null = null): ScheduleListOut => {
  const enabled = items.filter((s) => s.isEnabled).length;
  return { items, nextCursor, counts: { all: items.length, enabled, disabled: items.length - enabled, ...counts } };
};

function renderView(initial: ScheduleListOut, query = { q: "", filter: "all" as const }) {
  return renderWithToasts(<SchedulesView initial={initial} query={query} />);
}

const backup = aSchedule({ id: "b1", name: "Nightly backup", description: "Dump the database", cronExpression: "0 0 * * *", cronHuman: "At 00:00 (UTC)", lastRunStatus: "succeeded" });
const report = aSchedule({ id: "r1", name: "Weekly report", entrypoint: "http", isEnabled: false, nextRunAt: null, timezone: "Europe/Paris" });

test("each schedule shows its name (linking to its page), when it runs, its job type and last run", () => {
  mockApi(formHandlers);
  renderView(page([backup, report]));
  const card = screen.getByRole("region", { name: "Nightly backup" });
  expect(within(card).getByRole("link", { name: "Nightly backup" }).getAttribute("href")).toBe("/schedules/b1");
  expect(within(card).getByText("Dump the database")).toBeTruthy();
  expect(within(card).getByText("At 00:00 (UTC)")).toBeTruthy();
  expect(within(card).getByText("0 0 * * *")).toBeTruthy();
  expect(within(card).getByText("log")).toBeTruthy();
  expect(within(card).getByText("succeeded")).toBeTruthy();
  expect(within(card).getByRole("switch", { name: "Enabled: Nightly backup" }).getAttribute("aria-checked")).toBe("true");

  const other = screen.getByRole("region", { name: "Weekly report" });
  expect(within(other).getByText("Europe/Paris")).toBeTruthy();
  expect(within(other).getByText("not scheduled")).toBeTruthy();
  expect(within(other).getByText("never run")).toBeTruthy();
  expect(within(other).getByRole("switch").getAttribute("aria-checked")).toBe("false");
  expect(screen.getByRole("button", { name: "Enabled 1", pressed: false })).toBeTruthy();
  expect(screen.getByRole("button", { name: "All 2", pressed: true })).toBeTruthy();
});

test("with no schedules, the empty state offers examples that open the create form filled in", async () => {
  mockApi(formHandlers);
  renderView(page([]));
  expect(screen.getByRole("heading", { name: "No schedules yet" })).toBeTruthy();
  fireEvent.click(screen.getByRole("button", { name: /Weekday standup reminder/ }));
  const form = await screen.findByRole("form", { name: "New schedule" });
  expect((within(form).getByLabelText(/^Name/) as HTMLInputElement).value).toBe("Weekday standup reminder");
  expect((within(form).getByLabelText(/^Cron expression/) as HTMLInputElement).value).toBe("0 9 * * 1-5");
});

test("a search with no results says so, not that there are no schedules", () => {
  mockApi(formHandlers);
  renderView(page([], { all: 0 }), { q: "zzz", filter: "all" });
  expect(screen.getByText("No schedules match “zzz”")).toBeTruthy();
  expect(screen.queryByText("No schedules yet")).toBeNull();
});

test("search and filter go into the URL and reload the list with the counts", async () => {
  const calls = mockApi({
    ...formHandlers,
    "GET /api/v1/schedules": ({ url }) => {
      const matching = [backup, report].filter((s) => s.name.toLowerCase().includes(url.searchParams.get("q") ?? ""));
      const enabled = url.searchParams.get("enabled");
      const counts = page(matching).counts;
      return json({ ...page(matching.filter((s) => enabled === null || String(s.isEnabled) === enabled)), counts });
    },
  });
  renderView(page([backup, report]));

  fireEvent.change(screen.getByRole("searchbox", { name: "Search schedules" }), { target: { value: "back" } });
  await waitFor(() => expect(window.location.pathname + window.location.search).toBe("/schedules?q=back"));
  await waitFor(() => expect(screen.queryByRole("region", { name: "Weekly report" })).toBeNull());
  expect(screen.getByRole("region", { name: "Nightly backup" })).toBeTruthy();
  expect(calls.find((c) => c.path === "/api/v1/schedules")?.url.searchParams.get("q")).toBe("back");
  expect(screen.getByRole("button", { name: "Disabled 0" })).toBeTruthy();

  fireEvent.click(screen.getByRole("button", { name: "Disabled 0" }));
  await waitFor(() => expect(window.location.pathname + window.location.search).toBe("/schedules?q=back&filter=disabled"));
  expect(calls.at(-1)?.url.searchParams.get("enabled")).toBe("false");
  expect(await screen.findByText("No disabled schedules match “back”")).toBeTruthy();
});

test("a list that fails to load shows the error and a Retry", async () => {
  let fail = true;
  mockApi({ ...formHandlers, "GET /api/v1/schedules": () => (fail ? apiError(503, "unavailable", "The database is unavailable right now") : json(page([backup]))) });
  renderView(page([report]));
  fireEvent.click(screen.getByRole("button", { name: "Enabled 0" }));
  expect(await screen.findByText("The database is unavailable right now")).toBeTruthy();
  fail = false;
  fireEvent.click(screen.getByRole("button", { name: "Retry" }));
  expect(await screen.findByRole("region", { name: "Nightly backup" })).toBeTruthy();
});

test("the switch flips at once, and flips back with a message when the request fails", async () => {
  let answer: () => Response = () => json({ ...backup, isEnabled: false, nextRunAt: null });
  let release!: () => void;
  const gate = new Promise<void>((resolve) => (release = resolve));
  mockApi({ ...formHandlers, "PATCH /api/v1/schedules/b1/toggle": async () => (await gate, answer()) });
  renderView(page([backup]));
  const toggle = screen.getByRole("switch", { name: "Enabled: Nightly backup" });

  fireEvent.click(toggle);
  expect(toggle.getAttribute("aria-checked")).toBe("false"); // before the server answers
  expect(screen.getByRole("button", { name: "Disabled 1" })).toBeTruthy();
  await act(async () => release());
  await waitFor(() => expect(screen.getByRole("switch").hasAttribute("disabled")).toBe(false));
  expect(screen.getByRole("switch").getAttribute("aria-checked")).toBe("false");

  answer = () => apiError(503, "unavailable", "The database is unavailable right now");
  fireEvent.click(screen.getByRole("switch"));
  expect(screen.getByRole("switch").getAttribute("aria-checked")).toBe("true");
  await waitFor(() => expect(screen.getByRole("switch").getAttribute("aria-checked")).toBe("false"));
  expect(screen.getByRole("alert").textContent).toContain("Could not enable “Nightly backup”: The database is unavailable right now");
  expect(screen.getByRole("button", { name: "Disabled 1" })).toBeTruthy();
});

test("Run now queues a run and says so", async () => {
  const calls = mockApi({ ...formHandlers, "POST /api/v1/schedules/b1/run": () => json({ run: {} }, 202) });
  renderView(page([backup]));
  fireEvent.click(screen.getByRole("button", { name: "Run now Nightly backup" }));
  expect(await screen.findByText(/“Nightly backup” queued/)).toBeTruthy();
  expect(calls.some((c) => c.method === "POST" && c.path === "/api/v1/schedules/b1/run")).toBe(true);
});

test("a heartbeat check's card waits for a ping and has no Run now (it runs nothing here)", () => {
  mockApi(formHandlers);
  const check = aSchedule({ id: "h1", name: "Backups ran", entrypoint: "heartbeat", payload: { graceSeconds: 300 }, pingUrl: "http://localhost/ping/AAAAAAAAAAAAAAAAAAAAAAAA" });
  renderView(page([check, backup]));
  const card = screen.getByRole("region", { name: "Backups ran" });
  expect(within(card).getByText("Expects a ping", { selector: "dt" })).toBeTruthy();
  expect(within(card).queryByRole("button", { name: /Run now/ })).toBeNull();
  expect(within(card).getByRole("button", { name: /Edit/ })).toBeTruthy();
  const other = screen.getByRole("region", { name: "Nightly backup" });
  expect(within(other).getByText("Next run", { selector: "dt" })).toBeTruthy();
  expect(within(other).getByRole("button", { name: /Run now/ })).toBeTruthy();
});

test("delete asks first: Cancel and Esc keep the schedule, Delete removes it", async () => {
  const calls = mockApi({ ...formHandlers, "DELETE /api/v1/schedules/b1": () => new Response(null, { status: 204 }) });
  renderView(page([backup, report]));
  const deleteButton = () => screen.getByRole("button", { name: "Delete Nightly backup" });

  fireEvent.click(deleteButton());
  let dialog = screen.getByRole("dialog", { name: "Delete “Nightly backup”?" });
  expect(dialog.getAttribute("aria-modal")).toBe("true");
  expect(dialog.contains(document.activeElement)).toBe(true);
  fireEvent.click(within(dialog).getByRole("button", { name: "Cancel" }));
  expect(screen.queryByRole("dialog")).toBeNull();

  fireEvent.click(deleteButton());
  fireEvent.keyDown(document, { key: "Escape" });
  expect(screen.queryByRole("dialog")).toBeNull();
  expect(screen.getByRole("region", { name: "Nightly backup" })).toBeTruthy();
  expect(calls.some((c) => c.method === "DELETE")).toBe(false);

  fireEvent.click(deleteButton());
  dialog = screen.getByRole("dialog");
  fireEvent.click(within(dialog).getByRole("button", { name: "Delete" }));
  await waitFor(() => expect(screen.queryByRole("region", { name: "Nightly backup" })).toBeNull());
  expect(screen.queryByRole("dialog")).toBeNull();
  expect(screen.getByRole("button", { name: "All 1" })).toBeTruthy();
  expect(screen.getByRole("region", { name: "Weekly report" })).toBeTruthy();
});

test("a new schedule joins the list in name order", async () => {
  const created = aSchedule({ id: "m1", name: "Monthly invoices", cronExpression: "0 8 1 * *" });
  mockApi({ ...formHandlers, "POST /api/v1/schedules": () => json(created, 201) });
  renderView(page([backup, report]));
  fireEvent.click(screen.getByRole("button", { name: "New schedule" }));
  const form = await screen.findByRole("form", { name: "New schedule" });
  fireEvent.change(within(form).getByLabelText(/^Name/), { target: { value: "Monthly invoices" } });
  fireEvent.change(within(form).getByLabelText(/^Cron expression/), { target: { value: "0 8 1 * *" } });
  fireEvent.click(within(form).getByRole("button", { name: "Create schedule" }));

  await waitFor(() => expect(screen.queryByRole("form", { name: "New schedule" })).toBeNull());
  const names = within(screen.getByRole("list")).getAllByRole("link").map((a) => a.textContent);
  // The team's schedules as a document, to keep in git and apply back (docs/schedules-as-code.md).
  expect(screen.getByRole("link", { name: "Export YAML" }).getAttribute("href")).toMatch(/^\/api\/v1\/schedules\/export\?format=yaml/);
  expect(names).toEqual(["Monthly invoices", "Nightly backup", "Weekly report"]);
  expect(screen.getByRole("button", { name: "All 3" })).toBeTruthy();
});

test("Load more appends the next page", async () => {
  const calls = mockApi({ ...formHandlers, "GET /api/v1/schedules": () => json(page([report])) });
  renderView(page([backup], { all: 2 }, "cursor-1"));
  fireEvent.click(screen.getByRole("button", { name: "Load more" }));
  expect(await screen.findByRole("region", { name: "Weekly report" })).toBeTruthy();
  expect(calls.find((c) => c.path === "/api/v1/schedules")?.url.searchParams.get("cursor")).toBe("cursor-1");
  expect(screen.queryByRole("button", { name: "Load more" })).toBeNull();
});

test("the @cron bar shows what it understood, and opens the create form with it", async () => {
  const calls = mockApi({
    ...formHandlers,
    "POST /api/v1/cron/parse": () =>
      json({ cronExpression: "0 0 * * *", timezone: "Europe/Paris", name: "nightly backup", cronHuman: "At 00:00 (Europe/Paris)", nextRuns: ["2026-11-22T23:00:00.000Z"] }),
  });
  renderView(page([backup]));
  fireEvent.change(screen.getByRole("textbox", { name: "Describe a schedule in words" }), { target: { value: "@cron run nightly backup at midnight in Paris" } });
  fireEvent.click(screen.getByRole("button", { name: "Understand" }));

  expect(await screen.findByText("At 00:00 (Europe/Paris)")).toBeTruthy();
  expect(calls.find((c) => c.path === "/api/v1/cron/parse")?.body).toEqual({ text: "@cron run nightly backup at midnight in Paris" });
  fireEvent.click(screen.getByRole("button", { name: "Create this schedule" }));
  const form = await screen.findByRole("form", { name: "New schedule" });
  expect((within(form).getByLabelText(/^Name/) as HTMLInputElement).value).toBe("nightly backup");
  expect((within(form).getByLabelText(/^Cron expression/) as HTMLInputElement).value).toBe("0 0 * * *");
  expect((within(form).getByLabelText(/^Time zone/) as HTMLInputElement).value).toBe("Europe/Paris");
});

test("the @cron bar shows the parser's refusal", async () => {
  mockApi({ ...formHandlers, "POST /api/v1/cron/parse": () => apiError(400, "validation_error", "I could not find when to run in “hello”", { text: "I could not find when to run in “hello”" }) });
  renderView(page([backup]));
  fireEvent.change(screen.getByRole("textbox", { name: "Describe a schedule in words" }), { target: { value: "hello" } });
  fireEvent.click(screen.getByRole("button", { name: "Understand" }));
  expect(within(await screen.findByRole("alert")).getByText("I could not find when to run in “hello”")).toBeTruthy();
  expect(screen.queryByRole("button", { name: "Create this schedule" })).toBeNull();
});
