// @vitest-environment happy-dom
// The zone field offers zones by their current IANA names, though Chromium's (and Node's) Intl
// lists ICU's old ones ("Asia/Calcutta" for "Asia/Kolkata"), and the viewer's own zone likewise.
// The upcoming runs show the viewer's column only when the viewer's zone is another zone.
import { cleanup, fireEvent, render, screen } from "@testing-library/react";
import { useState } from "react";
import { afterEach, expect, test, vi } from "vitest";
import { UpcomingRuns } from "../../../components/schedule-detail/UpcomingRuns";
import { TimezoneField } from "../../../components/schedules/TimezoneField";

afterEach(() => {
  cleanup();
  vi.restoreAllMocks();
});

/** The browser reports `zone` as its own and lists ICU's canonical names (old ones included). */
function browserIn(zone: string) {
  const real = Intl.DateTimeFormat.prototype.resolvedOptions;
  vi.spyOn(Intl.DateTimeFormat.prototype, "resolvedOptions").mockImplementation(function (this: Intl.DateTimeFormat) {
    return { ...real.call(this), timeZone: zone };
  });
  vi.spyOn(Intl, "supportedValuesOf").mockReturnValue(["Asia/Calcutta", "Asia/Tokyo", "Europe/Kiev", "Europe/Paris", "America/Buenos_Aires"]);
}

function Field({ initial }: { initial: string }) {
  const [value, setValue] = useState(initial);
  return <TimezoneField id="tz" value={value} onChange={setValue} />;
}

test("the list offers Asia/Kolkata, not Asia/Calcutta, and the viewer's zone by its current name", async () => {
  browserIn("Asia/Calcutta");
  const { container } = render(<Field initial="UTC" />);
  const button = await screen.findByRole("button", { name: "Use my time zone (Asia/Kolkata)" });
  const options = [...container.querySelectorAll("datalist option")].map((o) => o.getAttribute("value"));
  expect(options).toEqual(["UTC", "America/Argentina/Buenos_Aires", "Asia/Kolkata", "Asia/Tokyo", "Europe/Kyiv", "Europe/Paris"]);

  fireEvent.click(button);
  expect((screen.getByLabelText(/^Time zone/) as HTMLInputElement).value).toBe("Asia/Kolkata");
  expect(screen.queryByRole("button", { name: /Use my time zone/ })).toBeNull();
});

test("a schedule in Asia/Kolkata seen from a browser that says Asia/Calcutta shows one column", async () => {
  browserIn("Asia/Calcutta");
  render(<UpcomingRuns runs={["2028-02-28T18:30:00.000Z"]} timezone="Asia/Kolkata" enabled />);
  expect(await screen.findByRole("columnheader", { name: "Asia/Kolkata" })).toBeTruthy();
  expect(screen.queryByRole("columnheader", { name: /Your time/ })).toBeNull();
});

test("a schedule saved under the old name is still the viewer's own zone", async () => {
  browserIn("Asia/Kolkata");
  render(<UpcomingRuns runs={["2028-02-28T18:30:00.000Z"]} timezone="Asia/Calcutta" enabled />);
  expect(await screen.findByRole("columnheader", { name: "Asia/Calcutta" })).toBeTruthy();
  expect(screen.queryByRole("columnheader", { name: /Your time/ })).toBeNull();
});

test("another zone gets its own column, named by its current name", async () => {
  browserIn("Europe/Kiev");
  render(<UpcomingRuns runs={["2028-02-28T18:30:00.000Z"]} timezone="Asia/Kolkata" enabled />);
  expect(await screen.findByRole("columnheader", { name: "Your time (Europe/Kyiv)" })).toBeTruthy();
});
