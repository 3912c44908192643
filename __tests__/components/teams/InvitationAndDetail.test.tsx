// @vitest-environment happy-dom
// The invitation page's answer (accept, or why not), and a schedule's own page for a viewer.
import { cleanup, fireEvent, render, screen, waitFor } from "@testing-library/react";
import { afterEach, expect, test, vi } from "vitest";
import { ScheduleHeader } from "../../../components/schedule-detail/ScheduleHeader";
import { InvitationAnswer } from "../../../components/teams/InvitationAnswer";
import { TeamProvider } from "../../../components/teams/TeamContext";
import { TEAM_COOKIE } from "../../../lib/teams/chosen-team";
import { aSchedule, apiError, json, mockApi } from "../schedules/support";

const router = vi.hoisted(() => ({ push: vi.fn(), refresh: vi.fn() }));
vi.mock("next/navigation", () => ({ usePathname: () => "/", useRouter: () => router }));

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

const bob = { id: "u-bob", email: "bob@example.com", name: null };
const invitation = { teamName: "Platform", role: "editor" as const, email: "bob@example.com" };

test("accepting joins, makes the team the chosen one and opens its schedules", async () => {
  const calls = mockApi({ "POST /api/v1/invitations/accept": () => json({ teamId: "t1", role: "editor" }) });
  render(<InvitationAnswer token="inv_abc" invitation={invitation} user={bob} />);
  expect(screen.getByRole("heading", { name: "Join Platform" })).toBeTruthy();
  fireEvent.click(screen.getByRole("button", { name: "Accept and join" }));
  await waitFor(() => expect(router.push).toHaveBeenCalledWith("/schedules"));
  expect(calls[0]).toMatchObject({ method: "POST", body: { token: "inv_abc" } });
  expect(document.cookie).toContain(`${TEAM_COOKIE}=u-bob:t1`);
});

test("a refusal is shown in place; an invitation for another email offers no Accept and says why", async () => {
  mockApi({ "POST /api/v1/invitations/accept": () => apiError(409, "conflict", "This invitation has expired: ask for a new one") });
  render(<InvitationAnswer token="inv_abc" invitation={invitation} user={bob} />);
  fireEvent.click(screen.getByRole("button", { name: "Accept and join" }));
  expect((await screen.findByRole("alert")).textContent).toContain("This invitation has expired: ask for a new one");
  cleanup();

  render(<InvitationAnswer token="inv_abc" invitation={invitation} user={{ ...bob, email: "eve@example.com" }} />);
  expect(screen.queryByRole("button", { name: "Accept and join" })).toBeNull();
  expect(screen.getByRole("alert").textContent).toContain("This invitation is for bob@example.com, not for eve@example.com");
  expect(screen.getByRole("link", { name: "Decline" }).getAttribute("href")).toBe("/");
});

test("a schedule's page offers a viewer no switch to use, no Run now, Edit or Delete", () => {
  const value = { userId: "u-bob", teams: [{ id: "t1", name: "Platform", role: "viewer" as const, personal: false }], current: { id: "t1", name: "Platform", role: "viewer" as const, personal: false } };
  const noop = () => {};
  render(
    <TeamProvider value={value}>
      <ScheduleHeader schedule={aSchedule({ teamId: "t1", name: "Nightly backup" })} editing={false} running={false} onToggle={noop} onRunNow={noop} onEdit={noop} onDelete={noop} />
    </TeamProvider>,
  );
  expect(screen.getByRole("switch", { name: "Enabled" }).hasAttribute("disabled")).toBe(true);
  for (const name of ["Run now", "Edit", "Delete"]) expect(screen.queryByRole("button", { name })).toBeNull();
  expect(screen.getByText("You are a viewer in this team: this needs the editor role.")).toBeTruthy();
});
