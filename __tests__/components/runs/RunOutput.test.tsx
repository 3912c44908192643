// @vitest-environment happy-dom
// A run's output in the run history: a finished run's read once, stdout, stderr and log lines told
// apart, the bytes dropped past the cap; and, after Run now, the new run's output followed live.
import { act, cleanup, fireEvent, screen, waitFor, within } from "@testing-library/react";
import { afterEach, expect, test, vi } from "vitest";
import { outputLines } from "../../../components/runs/output-lines";
import { ScheduleDetail } from "../../../components/schedule-detail/ScheduleDetail";
import { makeRun, makeSchedule, requests, stubApi } from "./fixtures";
import { renderPage } from "./render";

const router = vi.hoisted(() => ({ push: vi.fn(), refresh: vi.fn() }));
vi.mock("next/navigation", () => ({ usePathname: () => "/schedules/s1", useRouter: () => router }));

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

/** An EventSource the test feeds by hand. */
class FakeEventSource {
  static CLOSED = 2;
  static opened: FakeEventSource[] = [];
  readyState = 1;
  onerror: (() => void) | null = null;
  private listeners = new Map<string, ((e: MessageEvent) => void)[]>();
  constructor(readonly url: string) {
    FakeEventSource.opened.push(this);
  }
  addEventListener(type: string, fn: (e: MessageEvent) => void) {
    this.listeners.set(type, [...(this.listeners.get(type) ?? []), fn]);
  }
  close() {
    this.readyState = FakeEventSource.CLOSED;
  }
  emit(type: string, data: unknown, id?: string) {
    for (const fn of this.listeners.get(type) ?? []) fn(new MessageEvent(type, { data: JSON.stringify(data), lastEventId: id }));
  }
}

const at = "2026-11-21T12:00:00.000Z";
const lines = () =>
  Array.from(screen.getByRole("log", { name: "Run output" }).querySelectorAll("[data-stream]")).map((el) => [el.getAttribute("data-stream"), el.lastElementChild!.textContent!.replace(/^(stdout|stderr|log): /, "")]);

test("outputLines: a line written in pieces is one line; another stream in between starts a new one", () => {
  const c = (seq: number, stream: "stdout" | "stderr" | "log", text: string) => ({ seq, stream, text, at });
  expect(outputLines([c(1, "stdout", "Build"), c(2, "stdout", "ing...\nstep 2\n"), c(3, "stderr", "warn: x\n"), c(4, "stdout", "par"), c(5, "stderr", "err"), c(6, "stdout", "tial\n\n")])).toEqual([
    { stream: "stdout", text: "Building..." },
    { stream: "stdout", text: "step 2" },
    { stream: "stderr", text: "warn: x" },
    { stream: "stdout", text: "par" },
    { stream: "stderr", text: "err" },
    { stream: "stdout", text: "tial" },
    { stream: "stdout", text: "" },
  ]);
});

test("a finished run opens to its whole output, streams told apart, with the bytes dropped", async () => {
  const run = makeRun({ id: "done-1", status: "failed" });
  const fetchMock = stubApi((url) =>
    url.pathname === "/api/v1/runs/done-1/output"
      ? {
          body: {
            runId: "done-1",
            status: "failed",
            finished: true,
            chunks: [
              { seq: 1, stream: "log", text: "GET https://example.com/\n", at },
              { seq: 2, stream: "stdout", text: "hello\nworld\n", at },
              { seq: 3, stream: "stderr", text: "it broke\n", at },
            ],
            droppedBytes: 2048,
            bytes: 46,
            nextAfter: null,
          },
        }
      : undefined,
  );
  vi.stubGlobal("EventSource", FakeEventSource);
  renderPage(<ScheduleDetail schedule={makeSchedule()} runs={{ items: [run], nextCursor: null }} upcoming={[]} />);
  fireEvent.click(screen.getByRole("button", { name: /Details of this run/ }));
  await waitFor(() => expect(lines()).toHaveLength(4));
  expect(lines()).toEqual([
    ["log", "GET https://example.com/"],
    ["stdout", "hello"],
    ["stdout", "world"],
    ["stderr", "it broke"],
  ]);
  expect(screen.getByText(/2\.0 KiB dropped/).textContent).toContain("2,048 bytes dropped");
  expect(requests(fetchMock)).toEqual(["GET /api/v1/runs/done-1/output?after=0"]);
  expect(FakeEventSource.opened.filter((s) => s.url.includes("done-1"))).toHaveLength(0); // a finished run is not followed
});

test("Run now opens the new run's row and follows its output live until `end`", async () => {
  FakeEventSource.opened = [];
  vi.stubGlobal("EventSource", FakeEventSource);
  const queued = makeRun({ id: "manual-9", status: "queued", trigger: "manual" });
  const fetchMock = stubApi((url, init) => {
    if (url.pathname === "/api/v1/schedules/s1/run" && init.method === "POST") return { status: 202, body: { run: queued } };
    if (url.pathname === "/api/v1/schedules/s1/runs") return { body: { items: [{ ...queued, status: "succeeded", finishedAt: at, durationMs: 2000 }], nextCursor: null } };
    return undefined;
  });
  renderPage(<ScheduleDetail schedule={makeSchedule()} runs={{ items: [makeRun({ status: "succeeded" })], nextCursor: null }} upcoming={[]} />);
  fireEvent.click(screen.getByRole("button", { name: "Run now" }));

  const output = await screen.findByRole("log", { name: "Run output" });
  const source = FakeEventSource.opened.find((s) => s.url === "/api/v1/runs/manual-9/output")!;
  expect(source).toBeTruthy();
  expect(within(output).getByText("Waiting for output…")).toBeTruthy();
  expect(screen.getByText("Live")).toBeTruthy();

  act(() => source.emit("output", { seq: 1, stream: "stdout", text: "step 1\n", at }, "1"));
  expect(lines()).toEqual([["stdout", "step 1"]]);
  act(() => {
    source.emit("output", { seq: 2, stream: "stderr", text: "careful\n", at }, "2");
    source.emit("output", { seq: 2, stream: "stderr", text: "careful\n", at }, "2"); // a repeat after a reconnect
    source.emit("output", { seq: 3, stream: "stdout", text: "step 2\n", at }, "3");
  });
  expect(lines()).toEqual([
    ["stdout", "step 1"],
    ["stderr", "careful"],
    ["stdout", "step 2"],
  ]);
  act(() => source.emit("end", { status: "succeeded", droppedBytes: 0 }));
  expect(source.readyState).toBe(FakeEventSource.CLOSED);
  expect(screen.queryByText("Live")).toBeNull();
  // The run list re-reads its rows at once: the row says how the run ended, its output stays.
  await waitFor(() => expect(requests(fetchMock)).toContain("GET /api/v1/schedules/s1/runs?limit=50"));
  const table = screen.getByRole("table", { name: /Runs of Nightly backup/ });
  await waitFor(() => expect(within(within(table).getAllByRole("row")[1]).getByText("succeeded")).toBeTruthy());
  expect(lines()).toHaveLength(3);
});
