// @vitest-environment happy-dom
// A schedule's page: every setting shown, the optimistic enable switch, Run now, Edit and Delete.
import { act, cleanup, fireEvent, screen, waitFor, within } from "@testing-library/react";
import { afterEach, expect, test, vi } from "vitest";
import { ScheduleDetail } from "../../../components/schedule-detail/ScheduleDetail";
import { makeRun, makeSchedule, requests, stubApi } from "./fixtures";
import { renderPage } from "./render";

const router = vi.hoisted(() => ({ push: vi.fn(), refresh: vi.fn() }));
vi.mock("next/navigation", () => ({ usePathname: () => "/schedules/s1", useRouter: () => router }));

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
  vi.useRealTimers();
  router.push.mockReset();
});

function renderDetail(schedule = makeSchedule(), runs = [makeRun({ status: "succeeded" })]) {
  return renderPage(<ScheduleDetail schedule={schedule} runs={{ items: runs, nextCursor: null }} upcoming={["2026-11-23T01:00:00.000Z", "2026-11-24T01:00:00.000Z"]} />);
}

/** The text of a setting, by its label in the settings list. */
const field = (label: string) => screen.getByText(label, { selector: "dt" }).nextElementSibling?.textContent;
const historyRows = () => within(screen.getByRole("table", { name: /Runs of Nightly backup/ })).getAllByRole("row").slice(1);

test("shows the schedule's settings", () => {
  stubApi(() => undefined);
  renderDetail();
  expect(screen.getByRole("heading", { level: 1, name: "Nightly backup" })).toBeTruthy();
  expect(screen.getByText("0 2 * * *")).toBeTruthy();
  expect(screen.getByText("Copies the database to S3")).toBeTruthy();
  expect(screen.getByLabelText("Payload").textContent).toBe('{\n  "message": "backup"\n}');
  expect(field("Time zone")).toBe("Europe/Paris");
  expect(field("Retries")).toBe("2");
  expect(field("Retry delay")).toBe("30 seconds");
  expect(field("Timeout")).toBe("300 seconds");
  expect(field("Overlap")).toMatch(/Skip a slot/);
  expect(field("Last run")).toBe("never run");
  expect(screen.getByRole("link", { name: "Schedules" }).getAttribute("href")).toBe("/schedules");
  expect(within(screen.getByRole("table", { name: "Next 2 runs" })).getAllByRole("row")).toHaveLength(3);
});

test("the enable switch moves at once, and moves back with a message when the server refuses", async () => {
  let release: () => void = () => {};
  const answered = new Promise<void>((resolve) => (release = resolve));
  const fetchMock = stubApi((url, init) =>
    url.pathname === "/api/v1/schedules/s1/toggle" && init.method === "PATCH" ? { status: 500, body: { error: { code: "internal", message: "Database is locked" } } } : undefined,
  );
  fetchMock.mockImplementationOnce(async (...args) => {
    await answered; // hold the answer so the optimistic state can be seen
    return fetchMock.getMockImplementation()!(...args);
  });
  renderDetail();
  const toggle = screen.getByRole("switch", { name: "Enabled" });
  expect(toggle.getAttribute("aria-checked")).toBe("true");

  fireEvent.click(toggle);
  expect(toggle.getAttribute("aria-checked")).toBe("false");

  await act(async () => release());
  await waitFor(() => expect(toggle.getAttribute("aria-checked")).toBe("true"));
  expect((await screen.findByRole("alert")).textContent).toContain("Could not pause the schedule: Database is locked");
  expect(requests(fetchMock)).toEqual(["PATCH /api/v1/schedules/s1/toggle"]);
  expect(JSON.parse(String(fetchMock.mock.calls[0][1]?.body))).toEqual({ isEnabled: false });
});

test("the enable switch keeps the server's answer when it succeeds", async () => {
  stubApi((url) => (url.pathname === "/api/v1/schedules/s1/toggle" ? { body: makeSchedule({ isEnabled: false, nextRunAt: null }) } : undefined));
  renderDetail();
  fireEvent.click(screen.getByRole("switch", { name: "Enabled" }));
  expect(await screen.findByText("Schedule paused")).toBeTruthy();
  expect(screen.getByRole("switch", { name: "Enabled" }).getAttribute("aria-checked")).toBe("false");
  expect(screen.getByText("Paused: these are the times it will run once enabled.")).toBeTruthy();
});

test("Run now queues a run, says so, and puts it at the top of the history", async () => {
  vi.stubGlobal("EventSource", class {
    addEventListener() {}
    close() {}
  });
  const queued = makeRun({ id: "manual-1", status: "queued", trigger: "manual" });
  const fetchMock = stubApi((url, init) => (url.pathname === "/api/v1/schedules/s1/run" && init.method === "POST" ? { status: 202, body: { run: queued } } : undefined));
  renderDetail();
  expect(historyRows()).toHaveLength(1);

  fireEvent.click(screen.getByRole("button", { name: "Run now" }));

  // The new run, opened to follow its output (RunOutput.test.tsx), above the run before it.
  await waitFor(() => expect(historyRows()).toHaveLength(3));
  const top = historyRows()[0];
  expect(within(top).getByText("queued")).toBeTruthy();
  expect(within(top).getByText("Manual")).toBeTruthy();
  expect(screen.getByText("Run queued: it starts within a few seconds.")).toBeTruthy();
  expect(requests(fetchMock)).toContain("POST /api/v1/schedules/s1/run");
});

test("Run now that fails leaves the history alone and shows why", async () => {
  stubApi((url) => (url.pathname === "/api/v1/schedules/s1/run" ? { status: 404, body: { error: { code: "not_found", message: "No such schedule" } } } : undefined));
  renderDetail();
  fireEvent.click(screen.getByRole("button", { name: "Run now" }));
  expect((await screen.findByRole("alert")).textContent).toContain("Could not start a run: No such schedule");
  expect(historyRows()).toHaveLength(1);
});

test("Edit swaps the settings for the form, and Cancel brings them back", async () => {
  stubApi((url) => (url.pathname === "/api/v1/entrypoints" ? { body: { items: [] } } : undefined));
  renderDetail();
  fireEvent.click(screen.getByRole("button", { name: "Edit" }));
  expect(screen.getByRole("heading", { name: "Edit schedule" })).toBeTruthy();
  expect(screen.queryByText("Time zone", { selector: "dt" })).toBeNull();
  fireEvent.click(screen.getByRole("button", { name: "Cancel" }));
  expect(screen.getByRole("heading", { name: "Settings" })).toBeTruthy();
  expect(screen.getByRole("button", { name: "Edit" })).toBeTruthy();
});

test("Delete asks first, then goes back to the schedules", async () => {
  const fetchMock = stubApi((url, init) => (url.pathname === "/api/v1/schedules/s1" && init.method === "DELETE" ? { status: 204 } : undefined));
  renderDetail();
  fireEvent.click(screen.getByRole("button", { name: "Delete" }));
  const dialog = screen.getByRole("dialog");
  fireEvent.click(within(dialog).getByRole("button", { name: "Delete" }));
  await waitFor(() => expect(router.push).toHaveBeenCalledWith("/schedules"));
  expect(requests(fetchMock)).toEqual(["DELETE /api/v1/schedules/s1"]);
});
