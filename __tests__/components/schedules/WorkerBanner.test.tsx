// @vitest-environment happy-dom
// The banner warns while no worker is online, and only then.
import { cleanup, render, screen } from "@testing-library/react";
import { afterEach, expect, test, vi } from "vitest";
import { WorkerBanner } from "../../../components/schedules/WorkerBanner";
import { json, mockApi } from "./support";

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

const health = (online: boolean) => ({ "GET /api/health": () => json({ status: "ok", database: "ok", worker: { online, lastSeenAt: null } }) });

test("warns when the health check finds no worker", async () => {
  mockApi(health(false));
  render(<WorkerBanner />);
  expect((await screen.findByRole("status")).textContent).toBe("No worker is running: schedules will not fire until one starts (npm run worker)");
});

test("says nothing while a worker is online, even if the page was rendered without one", async () => {
  const calls = mockApi(health(true));
  render(<WorkerBanner initialOnline={false} />);
  expect(screen.getByRole("status")).toBeTruthy(); // the server's answer shows at once
  await vi.waitFor(() => expect(screen.queryByRole("status")).toBeNull());
  expect(calls.map((c) => c.path)).toEqual(["/api/health"]);
});
