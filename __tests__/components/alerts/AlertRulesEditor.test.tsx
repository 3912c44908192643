// @vitest-environment happy-dom
// The alert rules editor and the `alerts` it builds: null while off, every rule spelled out when
// on; and in the schedule form: what create and edit send, and where the API's messages land.
import { cleanup, fireEvent, render, screen, waitFor, within } from "@testing-library/react";
import { useState, type ReactElement } from "react";
import { afterEach, expect, test, vi } from "vitest";
import { AlertRulesEditor, type ChannelChoices } from "../../../components/alerts/AlertRulesEditor";
import { formToRules, rulesToForm, type RulesForm } from "../../../components/alerts/rules-form";
import { ScheduleForm } from "../../../components/schedules/ScheduleForm";
import { TeamProvider } from "../../../components/teams/TeamContext";
import type { AlertRulesInput } from "../../../lib/api";
import { aSchedule, apiError, formHandlers, json, mockApi } from "../schedules/support";

vi.mock("next/navigation", () => ({ usePathname: () => "/schedules", useRouter: () => ({ replace: vi.fn(), push: vi.fn(), refresh: vi.fn() }) }));

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

const CHANNELS = [
  { id: "c1", teamId: "t1", name: "Pager", type: "webhook" as const, config: { url: "https://example.com/hook" }, createdAt: "2026-12-01T00:00:00.000Z", updatedAt: "2026-12-01T00:00:00.000Z" },
  { id: "c2", teamId: "t1", name: "Ops mail", type: "email" as const, config: { to: ["ops@example.com"] }, createdAt: "2026-12-01T00:00:00.000Z", updatedAt: "2026-12-01T00:00:00.000Z" },
];
const type = (label: string | RegExp, value: string) => fireEvent.change(screen.getByLabelText(label), { target: { value } });

/** The editor holding its own state; `latest()` is the alerts object it would send. */
function renderEditor(initial: AlertRulesInput | null = null, channels: ChannelChoices = { status: "ready", items: CHANNELS }) {
  let current: RulesForm = rulesToForm(initial);
  function Harness() {
    const [value, setValue] = useState(current);
    current = value;
    return <AlertRulesEditor idPrefix="t" value={value} onChange={(c) => setValue((v) => ({ ...v, ...c }))} channels={channels} noChannels="No channels here" />;
  }
  render(<Harness />);
  return { latest: () => formToRules(current) };
}

test("off is null; on, every rule is spelled out with the API's defaults", () => {
  const { latest } = renderEditor();
  const toggle = screen.getByRole("switch", { name: "Send alerts" });
  expect(toggle.getAttribute("aria-checked")).toBe("false");
  expect(screen.queryByLabelText("Pager")).toBeNull();
  expect(latest()).toBeNull();

  fireEvent.click(toggle);
  expect(latest()).toEqual({ channelIds: [], afterConsecutiveFailures: 1, onRecovery: true, onMissed: true, runLongerThanSeconds: null, remindEveryMinutes: null });
});

test("channels, failures in a row, recovery, missed, slow runs (in minutes) and reminders make the object", () => {
  const { latest } = renderEditor();
  fireEvent.click(screen.getByRole("switch", { name: "Send alerts" }));
  fireEvent.click(screen.getByLabelText("Pager"));
  fireEvent.click(screen.getByLabelText("Ops mail"));
  fireEvent.click(screen.getByLabelText("Ops mail"));
  type("Alert after failures in a row", "3");
  fireEvent.click(screen.getByLabelText("On recovery"));
  type("When a run takes longer than (optional)", "5");
  type("Unit", "minutes");
  type("Remind every (minutes, optional)", "30");
  expect(latest()).toEqual({ channelIds: ["c1"], afterConsecutiveFailures: 3, onRecovery: false, onMissed: true, runLongerThanSeconds: 300, remindEveryMinutes: 30 });

  type("Unit", "seconds");
  type("Remind every (minutes, optional)", "");
  expect(latest()).toMatchObject({ runLongerThanSeconds: 5, remindEveryMinutes: null });

  fireEvent.click(screen.getByRole("switch", { name: "Send alerts" }));
  expect(latest()).toBeNull();
});

test("saved rules come back into the form: a whole number of minutes in minutes, otherwise seconds", () => {
  renderEditor({ channelIds: ["c2"], afterConsecutiveFailures: 2, onRecovery: true, onMissed: false, runLongerThanSeconds: 600, remindEveryMinutes: 15 });
  expect((screen.getByLabelText("Ops mail") as HTMLInputElement).checked).toBe(true);
  expect((screen.getByLabelText("Pager") as HTMLInputElement).checked).toBe(false);
  expect((screen.getByLabelText("Alert after failures in a row") as HTMLInputElement).value).toBe("2");
  expect((screen.getByLabelText("On a missed run") as HTMLInputElement).checked).toBe(false);
  expect((screen.getByLabelText("When a run takes longer than (optional)") as HTMLInputElement).value).toBe("10");
  expect((screen.getByLabelText("Unit") as HTMLSelectElement).value).toBe("minutes");
  cleanup();
  renderEditor({ channelIds: [], runLongerThanSeconds: 90 });
  expect((screen.getByLabelText("When a run takes longer than (optional)") as HTMLInputElement).value).toBe("90");
  expect((screen.getByLabelText("Unit") as HTMLSelectElement).value).toBe("seconds");
});

test("with no channels the editor says so, and a deleted channel still chosen can be unticked", () => {
  const { latest } = renderEditor({ channelIds: [] }, { status: "ready", items: [] });
  expect(screen.getByText("No channels here")).toBeTruthy();
  cleanup();
  const second = renderEditor({ channelIds: ["gone"] }, { status: "ready", items: CHANNELS });
  fireEvent.click(screen.getByLabelText("A deleted channel"));
  expect(second.latest()?.channelIds).toEqual([]);
  expect(latest()).not.toBeNull();
});

// ---------------------------------------------------------------------------------------------
// In the schedule form

const TEAM = { id: "t1", name: "Ops", personal: false, role: "owner" as const, createdAt: "2026-11-01T00:00:00.000Z" };

function renderInTeam(ui: ReactElement) {
  return render(<TeamProvider value={{ userId: "u1", teams: [TEAM] as never, current: TEAM as never }}>{ui}</TeamProvider>);
}

test("a new schedule starts from the team's defaults and leaves `alerts` out; once changed it sends them", async () => {
  const created = aSchedule();
  const calls = mockApi({
    ...formHandlers,
    "GET /api/v1/teams/t1/channels": () => json({ items: CHANNELS }),
    "GET /api/v1/teams/t1/alert-settings": () => json({ defaults: { channelIds: ["c2"], afterConsecutiveFailures: 2, onRecovery: true, onMissed: true }, workerAlerts: true }),
    "POST /api/v1/schedules": () => json(created, 201),
  });
  const onSaved = vi.fn();
  renderInTeam(<ScheduleForm onSaved={onSaved} />);
  await screen.findByLabelText(/^Message/);
  await screen.findByText("From this team's default alert rules (Team settings).");
  expect((screen.getByLabelText("Ops mail") as HTMLInputElement).checked).toBe(true);

  type(/^Name/, "Backup");
  type(/^Cron expression/, "0 0 * * *");
  fireEvent.click(screen.getByRole("button", { name: "Create schedule" }));
  await waitFor(() => expect(onSaved).toHaveBeenCalledTimes(1));
  expect(calls.find((c) => c.method === "POST")?.body).not.toHaveProperty("alerts");

  fireEvent.click(screen.getByLabelText("Pager"));
  type("Alert after failures in a row", "3");
  fireEvent.click(screen.getByRole("button", { name: "Create schedule" }));
  await waitFor(() => expect(onSaved).toHaveBeenCalledTimes(2));
  expect(calls.filter((c) => c.method === "POST").at(-1)?.body).toMatchObject({
    alerts: { channelIds: ["c2", "c1"], afterConsecutiveFailures: 3, onRecovery: true, onMissed: true, runLongerThanSeconds: null, remindEveryMinutes: null },
  });
});

test("editing: turning alerts off sends null; unchanged rules are not sent", async () => {
  const schedule = aSchedule({ id: "s1", alerts: { channelIds: ["c1"], afterConsecutiveFailures: 1, onRecovery: true, onMissed: true } });
  const calls = mockApi({ ...formHandlers, "GET /api/v1/teams/t1/channels": () => json({ items: CHANNELS }), "PATCH /api/v1/schedules/s1": () => json(schedule) });
  const onSaved = vi.fn();
  render(<ScheduleForm schedule={schedule} onSaved={onSaved} />);
  await screen.findByLabelText("Pager");
  type(/^Name/, "Renamed");
  fireEvent.click(screen.getByRole("button", { name: "Save changes" }));
  await waitFor(() => expect(onSaved).toHaveBeenCalledTimes(1));
  expect(calls.find((c) => c.method === "PATCH")?.body).toEqual({ name: "Renamed" });

  fireEvent.click(screen.getByRole("switch", { name: "Send alerts" }));
  fireEvent.click(screen.getByRole("button", { name: "Save changes" }));
  await waitFor(() => expect(onSaved).toHaveBeenCalledTimes(2));
  expect(calls.filter((c) => c.method === "PATCH").at(-1)?.body).toEqual({ name: "Renamed", alerts: null });
});

test("alerts on with no channel chosen, a bad number, and the API's alerts.* messages are shown in the section", async () => {
  const schedule = aSchedule({ id: "s1" });
  const calls = mockApi({
    ...formHandlers,
    "GET /api/v1/teams/t1/channels": () => json({ items: CHANNELS }),
    "PATCH /api/v1/schedules/s1": () => apiError(400, "validation_error", "alerts.channelIds.0: no channel", { "alerts.channelIds.0": 'no channel "c1" in this team' }),
  });
  render(<ScheduleForm schedule={schedule} onSaved={() => {}} />);
  await screen.findByLabelText(/^Message/);
  fireEvent.click(screen.getByRole("switch", { name: "Send alerts" }));
  type("Alert after failures in a row", "0");
  fireEvent.click(screen.getByRole("button", { name: "Save changes" }));
  const section = screen.getByRole("region", { name: "Alerts" });
  await within(section).findByText("Choose at least one channel, or turn alerts off");
  expect(within(section).getByText("Must be at least 1")).toBeTruthy();
  expect(calls.some((c) => c.method === "PATCH")).toBe(false);

  type("Alert after failures in a row", "2");
  fireEvent.click(await screen.findByLabelText("Pager"));
  fireEvent.click(screen.getByRole("button", { name: "Save changes" }));
  await within(section).findByText('No channel "c1" in this team');
});

test("a team without channels gets a link to Team settings", async () => {
  mockApi({ ...formHandlers, "GET /api/v1/teams/t1/channels": () => json({ items: [] }) });
  render(<ScheduleForm schedule={aSchedule()} onSaved={() => {}} />);
  fireEvent.click(await screen.findByRole("switch", { name: "Send alerts" }));
  const link = await screen.findByRole("link", { name: "Add one in Team settings" });
  expect(link.getAttribute("href")).toBe("/settings/team");
});
