// @vitest-environment happy-dom
// The run history on a schedule's page: statuses, expandable results and errors, the status
// filter, paging, and refreshing while a run is in progress.
import { act, cleanup, fireEvent, screen, waitFor, within } from "@testing-library/react";
import { afterEach, expect, test, vi } from "vitest";
import { ScheduleDetail } from "../../../components/schedule-detail/ScheduleDetail";
import type { RunOut } from "../../../lib/api";
import { makeRun, makeSchedule, requests, stubApi } from "./fixtures";
import { renderPage } from "./render";

vi.mock("next/navigation", () => ({ usePathname: () => "/schedules/s1", useRouter: () => ({ push: vi.fn(), refresh: vi.fn() }) }));

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
  vi.useRealTimers();
});

const history = () => screen.getByRole("table", { name: /Runs of Nightly backup/ });
const bodyRows = () => within(history()).getAllByRole("row").slice(1); // the first is the header

function renderDetail(runs = [makeRun({ status: "succeeded" }), makeRun({ status: "failed" })], nextCursor: string | null = null) {
  return renderPage(<ScheduleDetail schedule={makeSchedule()} runs={{ items: runs, nextCursor }} upcoming={["2026-11-23T01:00:00.000Z"]} />);
}

test("lists each run with its status", () => {
  stubApi(() => undefined);
  renderDetail([makeRun({ status: "succeeded" }), makeRun({ status: "failed" }), makeRun({ status: "timed_out" })]);
  const rows = bodyRows();
  expect(rows).toHaveLength(3);
  expect(within(rows[0]).getByText("succeeded")).toBeTruthy();
  expect(within(rows[1]).getByText("failed")).toBeTruthy();
  expect(within(rows[2]).getByText("timed out")).toBeTruthy();
});

test("expanding a run shows its error, and its result, as formatted JSON", () => {
  stubApi(() => undefined);
  renderDetail([makeRun({ status: "succeeded", result: { status: 200, body: "ok" } }), makeRun({ status: "failed", error: { message: "connect ECONNREFUSED" } })]);
  const [okRow, failedRow] = bodyRows();
  const toggle = within(failedRow).getByRole("button", { name: /Details of this run: failed/ });
  expect(toggle.getAttribute("aria-expanded")).toBe("false");
  expect(screen.queryByLabelText("Error")).toBeNull();

  fireEvent.click(toggle);
  expect(toggle.getAttribute("aria-expanded")).toBe("true");
  expect(screen.getByLabelText("Error").textContent).toBe(JSON.stringify({ message: "connect ECONNREFUSED" }, null, 2));

  fireEvent.click(within(okRow).getByRole("button", { name: /Details of this run: succeeded/ }));
  expect(screen.getByLabelText("Result").textContent).toBe('{\n  "status": 200,\n  "body": "ok"\n}');

  fireEvent.click(toggle);
  expect(toggle.getAttribute("aria-expanded")).toBe("false");
  expect(screen.queryByLabelText("Error")).toBeNull();
});

test("the status filter asks the API for that status and shows what it answers", async () => {
  const failed = makeRun({ status: "failed", id: "failed-only" });
  const fetchMock = stubApi((url) => (url.pathname === "/api/v1/schedules/s1/runs" ? { body: { items: [failed], nextCursor: null } } : undefined));
  renderDetail();

  fireEvent.change(screen.getByLabelText("Status"), { target: { value: "failed" } });

  await waitFor(() => expect(bodyRows()).toHaveLength(1));
  expect(within(bodyRows()[0]).getByText("failed")).toBeTruthy();
  expect(requests(fetchMock)).toContain("GET /api/v1/schedules/s1/runs?status=failed&limit=50");
});

test("a filter with no matching runs says so", async () => {
  stubApi((url) => (url.pathname === "/api/v1/schedules/s1/runs" ? { body: { items: [], nextCursor: null } } : undefined));
  renderDetail();
  fireEvent.change(screen.getByLabelText("Status"), { target: { value: "lost" } });
  expect(await screen.findByText("No lost runs.")).toBeTruthy();
});

test("Load more appends the next page, asking with the cursor", async () => {
  const older = [makeRun({ id: "older-1" }), makeRun({ id: "older-2", status: "skipped", durationMs: null })];
  const fetchMock = stubApi((url) =>
    url.pathname === "/api/v1/schedules/s1/runs" && url.searchParams.get("cursor") === "page-2" ? { body: { items: older, nextCursor: null } } : undefined,
  );
  renderDetail([makeRun({ id: "newest" }), makeRun({ id: "newer", status: "failed" })], "page-2");

  fireEvent.click(screen.getByRole("button", { name: "Load more" }));

  await waitFor(() => expect(bodyRows()).toHaveLength(4));
  expect(within(bodyRows()[3]).getByText("skipped")).toBeTruthy();
  expect(requests(fetchMock)).toContain("GET /api/v1/schedules/s1/runs?cursor=page-2&limit=50");
  // The last page has no cursor, so there is nothing more to load.
  expect(screen.queryByRole("button", { name: "Load more" })).toBeNull();
});

test("a queued run is refreshed every few seconds until it has finished", async () => {
  vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout"] });
  const queued = makeRun({ status: "queued", trigger: "manual" });
  let answer: RunOut = { ...queued, status: "running" };
  const fetchMock = stubApi((url) => {
    if (url.pathname === "/api/v1/schedules/s1/runs") return { body: { items: [answer], nextCursor: null } };
    if (url.pathname === "/api/v1/schedules/s1") return { body: makeSchedule({ lastRunStatus: "succeeded" }) };
    return undefined;
  });
  renderDetail([queued]);
  expect(within(bodyRows()[0]).getByText("queued")).toBeTruthy();

  await act(() => vi.advanceTimersByTimeAsync(2600));
  expect(within(bodyRows()[0]).getByText("running")).toBeTruthy();

  answer = { ...queued, status: "succeeded", durationMs: 340, finishedAt: queued.scheduledFor };
  await act(() => vi.advanceTimersByTimeAsync(2600));
  expect(within(bodyRows()[0]).getByText("succeeded")).toBeTruthy();
  expect(within(bodyRows()[0]).getByText("340 ms")).toBeTruthy();

  // Nothing left in progress: no more polling.
  const polls = requests(fetchMock).filter((r) => r.startsWith("GET /api/v1/schedules/s1/runs")).length;
  await act(() => vi.advanceTimersByTimeAsync(10_000));
  expect(requests(fetchMock).filter((r) => r.startsWith("GET /api/v1/schedules/s1/runs"))).toHaveLength(polls);
});

test("a failed Load more says why, and Try again asks for the same page", async () => {
  let fail = true;
  const fetchMock = stubApi((url) => {
    if (url.searchParams.get("cursor") !== "page-2") return undefined;
    return fail ? { status: 503, body: { error: { code: "unavailable", message: "Database unavailable" } } } : { body: { items: [makeRun({ id: "older" })], nextCursor: null } };
  });
  renderDetail([makeRun({ id: "newest" })], "page-2");

  fireEvent.click(screen.getByRole("button", { name: "Load more" }));
  expect((await screen.findByRole("alert")).textContent).toContain("Database unavailable");
  expect(bodyRows()).toHaveLength(1);

  fail = false;
  fireEvent.click(screen.getByRole("button", { name: "Try again" }));
  await waitFor(() => expect(bodyRows()).toHaveLength(2));
  expect(screen.queryByRole("alert")).toBeNull();
  expect(requests(fetchMock).filter((r) => r.includes("cursor=page-2"))).toHaveLength(2);
});
