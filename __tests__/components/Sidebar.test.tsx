// @vitest-environment happy-dom
// The sidebar renders its navigation from data, marks the current page, and shows who is signed in.
import { cleanup, render, screen, within } from "@testing-library/react";
import { afterEach, expect, test, vi } from "vitest";
import { Sidebar } from "../../components/layout/Sidebar";
import { isActive, navigation } from "../../components/layout/nav";

const pathname = vi.hoisted(() => ({ current: "/" }));
vi.mock("next/navigation", () => ({ usePathname: () => pathname.current, useRouter: () => ({ push: vi.fn(), refresh: vi.fn() }) }));
vi.mock("next-auth/react", () => ({ signOut: vi.fn() }));

afterEach(cleanup);

const user = { id: "u1", email: "ada@example.com", name: "Ada Lovelace" };

test("every navigation item is a link, and only the current page is marked", () => {
  pathname.current = "/settings";
  render(<Sidebar user={user} />);
  const nav = screen.getByRole("navigation", { name: "Main" });
  const items = navigation.flatMap((s) => s.items);
  for (const item of items) {
    const link = within(nav).getByRole("link", { name: item.label });
    expect(link.getAttribute("href")).toBe(item.href);
    expect(link.getAttribute("aria-current")).toBe(item.href === "/settings" ? "page" : null);
  }
});

test("the Work section links Overview, Schedules and Runs; a schedule's page keeps Schedules current", () => {
  pathname.current = "/schedules/s1";
  render(<Sidebar user={user} />);
  const work = screen.getByRole("list", { name: "Work" });
  expect(within(work).getAllByRole("link").map((a) => a.textContent)).toEqual(["Overview", "Schedules", "Runs"]);
  expect(within(work).getByRole("link", { name: "Schedules" }).getAttribute("aria-current")).toBe("page");
  expect(within(work).getByRole("link", { name: "Runs" }).getAttribute("aria-current")).toBeNull();
  expect(within(screen.getByRole("list", { name: "Settings" })).getByRole("link", { name: "API tokens" }).getAttribute("href")).toBe("/settings");
});

test("shows the signed-in user and a sign-out button", () => {
  render(<Sidebar user={user} />);
  expect(screen.getAllByText("ada@example.com").length).toBeGreaterThan(0);
  expect(screen.getByRole("button", { name: "Sign out" })).toBeTruthy();
});

test("a section's page stays active on its sub-pages; the overview only on itself", () => {
  expect(isActive("/settings", "/settings/tokens")).toBe(true);
  expect(isActive("/settings", "/settingsx")).toBe(false);
  expect(isActive("/", "/settings")).toBe(false);
  expect(isActive("/", "/")).toBe(true);
  expect(isActive("/schedules", "/schedules/abc")).toBe(true);
  expect(isActive("/runs", "/schedules")).toBe(false);
});

test("on a settings sub-page only its own link is current (Team, not API tokens)", () => {
  pathname.current = "/settings/team";
  render(<Sidebar user={user} />);
  const settings = screen.getByRole("list", { name: "Settings" });
  expect(within(settings).getByRole("link", { name: "Team" }).getAttribute("aria-current")).toBe("page");
  expect(within(settings).getByRole("link", { name: "API tokens" }).getAttribute("aria-current")).toBeNull();
});
