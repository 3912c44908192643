// @vitest-environment happy-dom
// Dates depend on the viewer's zone and locale, so the server's HTML must not contain them: the
// schedule page and /runs hydrate without a mismatch, then show local times.
import { act } from "@testing-library/react";
import { renderToString } from "react-dom/server";
import { hydrateRoot, type Root } from "react-dom/client";
import { afterEach, expect, test, vi } from "vitest";
import { RecentRuns } from "../../../components/runs/RecentRuns";
import { ScheduleDetail } from "../../../components/schedule-detail/ScheduleDetail";
import { formatDateTime } from "../../../components/format/time";
import { ToastProvider } from "../../../components/ui/Toast";
import { makeRun, makeSchedule, stubApi } from "./fixtures";

vi.mock("next/navigation", () => ({ usePathname: () => "/", useRouter: () => ({ push: vi.fn(), refresh: vi.fn() }) }));

let root: Root | undefined;
afterEach(() => {
  act(() => root?.unmount());
  root = undefined;
  document.body.innerHTML = "";
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
});

async function hydrate(ui: React.ReactElement) {
  const container = document.createElement("div");
  container.innerHTML = renderToString(ui);
  const serverHtml = container.innerHTML;
  document.body.append(container);
  const errors: unknown[] = [];
  vi.spyOn(console, "error").mockImplementation((...args) => void errors.push(args));
  const recoverable: unknown[] = [];
  await act(async () => {
    root = hydrateRoot(container, ui, { onRecoverableError: (err) => void recoverable.push(err) });
  });
  return { serverHtml, container, errors, recoverable };
}

test("the schedule page hydrates without a mismatch and then formats its dates", async () => {
  stubApi(() => undefined);
  const schedule = makeSchedule({ lastRunAt: "2026-11-21T11:00:00.000Z", lastRunStatus: "failed" });
  const runs = [makeRun({ status: "failed" }), makeRun({ status: "succeeded" })];
  const { serverHtml, container, errors, recoverable } = await hydrate(
    <ToastProvider>
      <ScheduleDetail schedule={schedule} runs={{ items: runs, nextCursor: null }} upcoming={["2026-11-23T01:00:00.000Z"]} />
    </ToastProvider>,
  );
  expect(recoverable).toEqual([]);
  expect(errors).toEqual([]);
  // The server wrote UTC placeholders only; after hydration the same <time> shows a local format.
  expect(serverHtml).toContain("2026-11-23 01:00 UTC");
  for (const run of runs) expect(serverHtml).not.toContain(formatDateTime(run.scheduledFor));
  expect(serverHtml).not.toContain(formatDateTime(schedule.createdAt));
  expect(container.innerHTML).toContain(formatDateTime(schedule.createdAt));
  expect(container.innerHTML).not.toContain("2026-11-23 01:00 UTC");
  expect(container.querySelector('time[datetime="2026-11-23T01:00:00.000Z"]')).toBeTruthy();
});

test("/runs hydrates without a mismatch", async () => {
  stubApi(() => undefined);
  const { errors, recoverable } = await hydrate(<RecentRuns initial={{ items: [makeRun(), makeRun({ status: "running" })], nextCursor: "next" }} />);
  expect(recoverable).toEqual([]);
  expect(errors).toEqual([]);
});
