// @vitest-environment happy-dom
// /runs: runs of every schedule, each linking to its schedule, filtered by a status kept in the URL.
import { cleanup, fireEvent, render, screen, waitFor, within } from "@testing-library/react";
import { afterEach, expect, test, vi } from "vitest";
import { RecentRuns } from "../../../components/runs/RecentRuns";
import { makeRun, requests, stubApi } from "./fixtures";

vi.mock("next/navigation", () => ({ usePathname: () => "/runs", useRouter: () => ({ push: vi.fn(), refresh: vi.fn() }) }));

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
  window.history.replaceState(null, "", "/");
});

const table = () => screen.getByRole("table", { name: "Runs of all your schedules, newest first" });

test("each run links to its schedule by name", () => {
  stubApi(() => undefined);
  const runs = [makeRun({ scheduleId: "s1", scheduleName: "Nightly backup" }), makeRun({ scheduleId: "s/2", scheduleName: "Ping API", status: "failed" })];
  render(<RecentRuns initial={{ items: runs, nextCursor: null }} />);
  const rows = within(table()).getAllByRole("row").slice(1);
  expect(within(rows[0]).getByRole("link", { name: "Nightly backup" }).getAttribute("href")).toBe("/schedules/s1");
  expect(within(rows[1]).getByRole("link", { name: "Ping API" }).getAttribute("href")).toBe("/schedules/s%2F2");
  expect(within(rows[1]).getByText("failed")).toBeTruthy();
});

test("filtering asks for that status and keeps it in the URL", async () => {
  const fetchMock = stubApi((url) => (url.pathname === "/api/v1/runs" ? { body: { items: [makeRun({ status: "lost", scheduleName: "Report" })], nextCursor: null } } : undefined));
  render(<RecentRuns initial={{ items: [makeRun(), makeRun()], nextCursor: null }} />);

  fireEvent.change(screen.getByLabelText("Status"), { target: { value: "lost" } });

  await waitFor(() => expect(within(table()).getAllByRole("row")).toHaveLength(2));
  expect(within(table()).getByRole("link", { name: "Report" })).toBeTruthy();
  expect(requests(fetchMock)).toEqual(["GET /api/v1/runs?status=lost&limit=50"]);
  expect(window.location.search).toBe("?status=lost");

  fireEvent.change(screen.getByLabelText("Status"), { target: { value: "" } });
  await waitFor(() => expect(requests(fetchMock)).toContain("GET /api/v1/runs?limit=50"));
  expect(window.location.search).toBe("");
});

test("starts from the status in the URL", () => {
  stubApi(() => undefined);
  render(<RecentRuns initial={{ items: [makeRun({ status: "failed" })], nextCursor: null }} initialStatus="failed" />);
  expect((screen.getByLabelText("Status") as HTMLSelectElement).value).toBe("failed");
});

test("with no runs at all, an empty state points to the schedules", () => {
  stubApi(() => undefined);
  render(<RecentRuns initial={{ items: [], nextCursor: null }} />);
  expect(screen.queryByRole("table")).toBeNull();
  expect(screen.getByText("No runs yet")).toBeTruthy();
  expect(screen.getByRole("link", { name: "Go to your schedules" }).getAttribute("href")).toBe("/schedules");
});
