// @vitest-environment happy-dom
// The next run reads as a relative time, with the exact time in the schedule's zone on hover.
import { cleanup, render, screen } from "@testing-library/react";
import { afterEach, expect, test } from "vitest";
import { NextRun } from "../../../components/schedules/NextRun";

afterEach(cleanup);

test("shows how long until the next run, with the exact time in the schedule's zone in its title", () => {
  const at = new Date(Date.now() + 4 * 60_000 + 5_000).toISOString();
  render(<NextRun at={at} timezone="Asia/Tokyo" />);
  const time = screen.getByText("in 4 minutes");
  expect(time.tagName).toBe("TIME");
  expect(time.getAttribute("dateTime")).toBe(at);
  expect(time.getAttribute("title")).toContain("Asia/Tokyo");
});

test("a disabled schedule has no next run", () => {
  render(<NextRun at={null} timezone="UTC" />);
  expect(screen.getByText("not scheduled")).toBeTruthy();
});
