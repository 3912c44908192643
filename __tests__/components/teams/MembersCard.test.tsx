// @vitest-environment happy-dom
// The members list offers each person only the member controls their role may use, and says why
// a picker is disabled; a role change goes to the API and refreshes the page.
import { cleanup, fireEvent, render, screen, waitFor } from "@testing-library/react";
import { afterEach, expect, test, vi } from "vitest";
import { MembersCard } from "../../../components/teams/MembersCard";
import type { MemberOut, TeamOut } from "../../../lib/api";
import { json, mockApi } from "../schedules/support";

const router = vi.hoisted(() => ({ push: vi.fn(), refresh: vi.fn() }));
vi.mock("next/navigation", () => ({ usePathname: () => "/settings/team", useRouter: () => router }));

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

const team = (role: TeamOut["role"]): TeamOut => ({ id: "t1", name: "Platform", role, personal: false });
const members: MemberOut[] = [
  { userId: "u-ada", email: "ada@example.com", name: null, role: "owner" },
  { userId: "u-cy", email: "cy@example.com", name: "Cy", role: "admin" },
  { userId: "u-bob", email: "bob@example.com", name: null, role: "viewer" },
];
const picker = (email: string) => screen.getByRole("combobox", { name: `Role of ${email}` }) as HTMLSelectElement;
const options = (email: string) => [...picker(email).options].map((o) => o.value);

test("an admin may change members up to admin, not an owner, and the owner's picker says why", async () => {
  const calls = mockApi({ "PATCH /api/v1/teams/t1/members/u-bob": () => json({ ...members[2], role: "editor" }) });
  render(<MembersCard team={team("admin")} userId="u-cy" members={members} />);
  expect(options("bob@example.com")).toEqual(["viewer", "editor", "admin"]);
  expect(picker("ada@example.com").disabled).toBe(true);
  expect(picker("ada@example.com").title).toBe("Only an owner may change an owner's role");
  expect(screen.queryByRole("button", { name: "Remove ada@example.com" })).toBeNull();
  expect(screen.getByRole("button", { name: "Remove bob@example.com" })).toBeTruthy();
  expect(screen.getByRole("button", { name: "Leave cy@example.com" })).toBeTruthy();

  fireEvent.change(picker("bob@example.com"), { target: { value: "editor" } });
  await waitFor(() => expect(router.refresh).toHaveBeenCalled());
  expect(calls.at(-1)).toMatchObject({ method: "PATCH", body: { role: "editor" } });
});

test("a viewer sees the members but no picker to use and no Remove; the last owner is not offered Leave", () => {
  render(<MembersCard team={team("viewer")} userId="u-bob" members={members} />);
  for (const m of members) expect(picker(m.email).disabled).toBe(true);
  expect(picker("cy@example.com").title).toBe("Managing members needs the admin role");
  expect(screen.queryByRole("button", { name: /^Remove/ })).toBeNull();
  expect(screen.getByRole("button", { name: "Leave bob@example.com" })).toBeTruthy();
  cleanup();

  render(<MembersCard team={team("owner")} userId="u-ada" members={members} />);
  expect(options("bob@example.com")).toEqual(["viewer", "editor", "admin", "owner"]);
  expect(screen.queryByRole("button", { name: "Leave ada@example.com" })).toBeNull();
});
