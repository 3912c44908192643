// @vitest-environment happy-dom
// A schedule's alert history: each event's label, summary and deliveries (with the last error of
// one that failed), and more pages through nextCursor.
import { cleanup, fireEvent, render, screen, waitFor, within } from "@testing-library/react";
import { afterEach, expect, test, vi } from "vitest";
import { AlertHistoryCard } from "../../../components/alerts/AlertHistoryCard";
import type { AlertEventOut } from "../../../lib/api";
import { json, mockApi } from "../schedules/support";

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

const delivery = (overrides: Partial<AlertEventOut["deliveries"][number]> = {}): AlertEventOut["deliveries"][number] => ({
  id: "d1",
  channelId: "c1",
  channelName: "Pager",
  channelType: "webhook",
  status: "delivered",
  attempts: 1,
  nextAttemptAt: null,
  deliveredAt: "2026-12-06T02:00:08.000Z",
  lastStatus: 200,
  lastError: null,
  attemptLog: [],
  ...overrides,
});

function anEvent(id: string, overrides: Partial<AlertEventOut> = {}): AlertEventOut {
  return { id, type: "run.failed", at: "2026-12-06T02:00:07.000Z", scheduleId: "s1", runId: "r1", payload: {}, deliveries: [delivery()], ...overrides };
}

test("each alert reads as words, with each channel's delivery and a failure's last error", () => {
  render(
    <AlertHistoryCard
      scheduleId="s1"
      pageSize={2}
      initial={{
        items: [
          anEvent("e1", { type: "schedule.recovered", payload: { consecutiveFailures: 3 } }),
          anEvent("e2", {
            payload: { consecutiveFailures: 3, run: { status: "failed", error: { message: "expected 2xx, got 503" } } },
            deliveries: [delivery(), delivery({ id: "d2", channelName: "Ops mail", channelType: "email", status: "failed", attempts: 5, lastStatus: null, lastError: "SMTP refused the recipient" })],
          }),
          anEvent("e3", { type: "run.failed", payload: { reminder: 2, consecutiveFailures: 4 } }),
          anEvent("e4", { type: "run.slow", payload: { slow: { runLongerThanSeconds: 600 } }, deliveries: [delivery({ status: "pending", lastStatus: 500, lastError: "the receiver answered 500", nextAttemptAt: "2026-12-06T02:05:00.000Z", attempts: 2 })] }),
        ],
        nextCursor: null,
      }}
    />,
  );
  const [recovered, failed, reminder, slow] = Array.from(screen.getByRole("list", { name: "Alerts, newest first" }).children) as HTMLElement[];
  expect(recovered.textContent).toContain("Recovered");
  expect(recovered.textContent).toContain("Succeeded after 3 failures in a row");
  expect(failed.textContent).toContain("Run failed");
  expect(failed.textContent).toContain("3 failures in a row: expected 2xx, got 503");
  expect(within(failed).getByText("Delivered (200)")).toBeTruthy();
  expect(within(failed).getByText("Failed")).toBeTruthy();
  expect(within(failed).getByText("SMTP refused the recipient")).toBeTruthy();
  expect(failed.textContent).toContain("5 attempts");
  expect(reminder.textContent).toContain("Still failing (reminder 2)");
  expect(slow.textContent).toContain("Run taking long");
  expect(slow.textContent).toContain("Still running after 10 minutes");
  expect(within(slow).getByText("Pending (500)")).toBeTruthy();
  expect(slow.textContent).toContain("next try");
});

test("Load more appends the next page and goes once there is no cursor", async () => {
  const calls = mockApi({ "GET /api/v1/schedules/s1/alerts": () => json({ items: [anEvent("e3", { type: "schedule.missed", payload: { missed: { scheduledFor: "2026-12-05T02:00:00.000Z" } } })], nextCursor: null }) });
  render(<AlertHistoryCard scheduleId="s1" pageSize={2} initial={{ items: [anEvent("e1"), anEvent("e2")], nextCursor: "cur1" }} />);
  fireEvent.click(screen.getByRole("button", { name: "Load more" }));
  await screen.findByText("Missed run");
  expect(calls[0].url.searchParams.get("cursor")).toBe("cur1");
  expect(calls[0].url.searchParams.get("limit")).toBe("2");
  await waitFor(() => expect(screen.queryByRole("button", { name: "Load more" })).toBeNull());
  expect(screen.getAllByText("Run failed")).toHaveLength(2);
});

test("no alerts yet says where they come from", () => {
  render(<AlertHistoryCard scheduleId="s1" pageSize={10} initial={{ items: [], nextCursor: null }} />);
  expect(screen.getByRole("region", { name: "Alert history" }).textContent).toContain("No alerts yet.");
});
