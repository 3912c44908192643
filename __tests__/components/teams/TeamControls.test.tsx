// @vitest-environment happy-dom
// Teams in the UI: the sidebar's switcher remembers the chosen team per user and refreshes the
// pages; the schedules list narrows to that team and creates in it; a role below editor is not
// offered the switch, Run now, Edit, Delete or New schedule, and is told why.
import { cleanup, fireEvent, screen, waitFor, within } from "@testing-library/react";
import type { ReactElement } from "react";
import { afterEach, beforeEach, expect, test, vi } from "vitest";
import { SchedulesView } from "../../../components/schedules/SchedulesView";
import { TeamProvider, type TeamContextValue } from "../../../components/teams/TeamContext";
import { TeamSwitcher } from "../../../components/teams/TeamSwitcher";
import { TEAM_COOKIE } from "../../../lib/teams/chosen-team";
import type { ScheduleListOut } from "../../../lib/validation/schedules";
import { aSchedule, formHandlers, json, mockApi, renderWithToasts } from "../schedules/support";

const router = vi.hoisted(() => ({ replace: vi.fn(), push: vi.fn(), refresh: vi.fn() }));
vi.mock("next/navigation", () => ({ usePathname: () => "/schedules", useRouter: () => router }));

beforeEach(() => {
  router.refresh.mockClear();
  document.cookie = `${TEAM_COOKIE}=; Max-Age=0; Path=/`;
});
afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

const personal = { id: "u1", name: "Ada", role: "owner" as const, personal: true };
const platform = { id: "t-platform", name: "Platform", role: "viewer" as const, personal: false };
const data = { id: "t-data", name: "Data", role: "editor" as const, personal: false };
const teams = (current: TeamContextValue["current"] = personal): TeamContextValue => ({ userId: "u1", teams: [data, personal, platform], current });

const inTeam = (value: TeamContextValue, ui: ReactElement) => renderWithToasts(<TeamProvider value={value}>{ui}</TeamProvider>);
const list = (items: ScheduleListOut["items"]): ScheduleListOut => ({ items, nextCursor: null, counts: { all: items.length, enabled: items.length, disabled: 0 } });

test("the switcher lists the user's teams with their roles; choosing one sets the cookie for this user and refreshes", () => {
  inTeam(teams(), <TeamSwitcher />);
  const select = screen.getByRole("combobox", { name: "Team" }) as HTMLSelectElement;
  expect(select.value).toBe("u1");
  expect([...select.options].map((o) => o.textContent)).toEqual(["Data · editor", "Ada (personal) · owner", "Platform · viewer"]);

  fireEvent.change(select, { target: { value: "t-platform" } });
  expect(document.cookie).toContain(`${TEAM_COOKIE}=u1:t-platform`);
  expect(router.refresh).toHaveBeenCalledTimes(1);
  expect(select.value).toBe("t-platform");
  expect(screen.getByRole("link", { name: "Team settings" }).getAttribute("href")).toBe("/settings/team");
});

test("a viewer sees the team's schedules but no switch to use, no Run now, Edit, Delete or New schedule, and why", () => {
  mockApi(formHandlers);
  const backup = aSchedule({ id: "b1", teamId: "t-platform", name: "Nightly backup" });
  inTeam(teams(platform), <SchedulesView initial={list([backup])} query={{ q: "", filter: "all" }} />);
  const card = screen.getByRole("region", { name: "Nightly backup" });
  const toggle = within(card).getByRole("switch", { name: "Enabled: Nightly backup" });
  expect(toggle.hasAttribute("disabled")).toBe(true);
  expect(toggle.getAttribute("title")).toBe("You are a viewer in this team: this needs the editor role");
  for (const name of [/Run now/, /Edit/, /Delete/]) expect(within(card).queryByRole("button", { name })).toBeNull();
  expect(within(card).getByText("You are a viewer in this team: this needs the editor role.")).toBeTruthy();
  expect(screen.queryByRole("button", { name: "New schedule" })).toBeNull();
  expect(screen.queryByLabelText("Describe a schedule in words")).toBeNull();
  expect(screen.getByText("Platform")).toBeTruthy();
});

test("an editor has every schedule control; the list and new schedules are of the chosen team", async () => {
  const calls = mockApi({
    ...formHandlers,
    "GET /api/v1/schedules": () => json(list([])),
    "POST /api/v1/schedules": (call) => json({ ...aSchedule({ teamId: "t-data" }), ...(call.body as object) }, 201),
  });
  const report = aSchedule({ id: "r1", teamId: "t-data", name: "Weekly report" });
  inTeam(teams(data), <SchedulesView initial={list([report])} query={{ q: "", filter: "all" }} />);
  const card = screen.getByRole("region", { name: "Weekly report" });
  expect(within(card).getByRole("switch").hasAttribute("disabled")).toBe(false);
  for (const name of [/Run now/, /Edit/, /Delete/]) expect(within(card).getByRole("button", { name })).toBeTruthy();

  // A search reloads the list from the chosen team only.
  fireEvent.change(screen.getByRole("searchbox"), { target: { value: "week" } });
  await waitFor(() => expect(calls.some((c) => c.method === "GET" && c.path === "/api/v1/schedules")).toBe(true));
  expect(calls.find((c) => c.method === "GET" && c.path === "/api/v1/schedules")!.url.searchParams.get("teamId")).toBe("t-data");

  fireEvent.click(screen.getByRole("button", { name: "New schedule" }));
  const form = await screen.findByRole("form", { name: "New schedule" });
  fireEvent.change(within(form).getByLabelText(/^Name/), { target: { value: "Data sync" } });
  fireEvent.change(within(form).getByLabelText(/^Cron expression/), { target: { value: "0 9 * * 1-5" } });
  fireEvent.click(within(form).getByRole("button", { name: "Create schedule" }));
  await waitFor(() => expect(calls.some((c) => c.method === "POST" && c.path === "/api/v1/schedules")).toBe(true));
  expect(calls.find((c) => c.method === "POST")!.body).toMatchObject({ name: "Data sync", teamId: "t-data" });
});

test("a viewer's empty team offers no create form or examples, and says why", () => {
  mockApi(formHandlers);
  inTeam(teams(platform), <SchedulesView initial={list([])} query={{ q: "", filter: "all" }} />);
  const empty = screen.getByRole("heading", { name: "No schedules yet" }).parentElement!;
  expect(within(empty).getByText("You are a viewer in this team: this needs the editor role.")).toBeTruthy();
  expect(screen.queryByRole("button", { name: "Create a schedule" })).toBeNull();
  expect(within(empty).queryAllByRole("button")).toHaveLength(0);
});

test("the switcher follows the current team when the pages bring another (a team just created elsewhere)", () => {
  const { rerender } = inTeam(teams(), <TeamSwitcher />);
  const select = () => screen.getByRole("combobox", { name: "Team" }) as HTMLSelectElement;
  fireEvent.change(select(), { target: { value: "t-platform" } });
  expect(select().value).toBe("t-platform");
  rerender(<TeamProvider value={teams(data)}><TeamSwitcher /></TeamProvider>);
  expect(select().value).toBe("t-data");
});
