// @vitest-environment happy-dom
// The health chart: the last 30 finished runs as bars coloured by status, with a summary line.
import { cleanup, render, screen, within } from "@testing-library/react";
import { afterEach, expect, test } from "vitest";
import { RunDurationChart } from "../../../components/runs/RunDurationChart";
import type { RunOut } from "../../../lib/api";
import { makeRun } from "./fixtures";

afterEach(cleanup);

const chart = () => screen.getByRole("group", { name: /Durations of the last/ });

test("the summary counts successes among the last 30 finished runs and gives the median duration", () => {
  // Newest first, as the API returns them: two in progress (left out), then 33 finished of which
  // only the newest 30 count.
  const runs: RunOut[] = [
    makeRun({ status: "running" }),
    makeRun({ status: "queued" }),
    ...Array.from({ length: 27 }, (_, i) => makeRun({ status: "succeeded", durationMs: 100 + i * 10 })),
    makeRun({ status: "failed", durationMs: 5000 }),
    makeRun({ status: "timed_out", durationMs: 9000 }),
    makeRun({ status: "skipped", durationMs: null }),
    ...Array.from({ length: 3 }, () => makeRun({ status: "failed", durationMs: 1 })),
  ];
  render(<RunDurationChart runs={runs} />);
  // Durations 100..360 (27), 5000, 9000 and none: the median of 29 values is the 15th, 240.
  expect(screen.getByText("27 of 30 succeeded, median 240 ms")).toBeTruthy();
  expect(within(chart()).getAllByRole("img")).toHaveLength(30);
});

test("each bar is coloured by its run's status and labelled with it", () => {
  // Newest first; the chart draws oldest first, left to right.
  render(<RunDurationChart runs={[makeRun({ status: "failed", durationMs: 800 }), makeRun({ status: "timed_out", durationMs: 300_000 }), makeRun({ status: "succeeded", durationMs: 120 })]} />);
  const bars = within(chart()).getAllByRole("img");
  expect(bars.map((b) => b.getAttribute("data-status"))).toEqual(["succeeded", "timed_out", "failed"]);
  expect(bars[0].getAttribute("class")).toContain("fill-emerald-500");
  expect(bars[1].getAttribute("class")).toContain("fill-orange-500");
  expect(bars[2].getAttribute("class")).toContain("fill-red-500");
  expect(bars[2].getAttribute("aria-label")).toMatch(/^failed, 800 ms/);
  expect(bars[1].getAttribute("aria-label")).toMatch(/^timed out, 5 min/);
  expect(screen.getByText("1 of 3 succeeded, median 800 ms")).toBeTruthy();
});

test("with no finished runs it says so instead of drawing an empty chart", () => {
  render(<RunDurationChart runs={[makeRun({ status: "queued" })]} />);
  expect(screen.queryByRole("group")).toBeNull();
  expect(screen.getByText(/No finished runs yet/)).toBeTruthy();
});
