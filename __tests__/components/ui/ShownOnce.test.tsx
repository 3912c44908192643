// @vitest-environment happy-dom
// A secret the server shows once (a new API token, a new invitation link): shown whole, with its
// copy button, focused so screen readers announce it, until dismissed.
import { cleanup, fireEvent, render, screen } from "@testing-library/react";
import { afterEach, expect, test, vi } from "vitest";
import { NewTokenNotice } from "../../../components/settings/NewTokenNotice";
import { NewInvitationLink } from "../../../components/teams/NewInvitationLink";

afterEach(cleanup);

test("a new API token: its name, the token whole, a copy button, focus, and dismissal", () => {
  const onDismiss = vi.fn();
  render(<NewTokenNotice token={{ id: "t1", name: "CI", prefix: "alm_abcd", token: "alm_secret-value", lastUsedAt: null, expiresAt: null, createdAt: "2026-12-06T00:00:00.000Z" }} onDismiss={onDismiss} />);
  const notice = screen.getByRole("region", { name: "Token “CI” created" });
  expect(document.activeElement).toBe(notice);
  expect(notice.textContent).toContain("alm_secret-value");
  expect(screen.getByRole("button", { name: "Copy" })).toBeTruthy();
  fireEvent.click(screen.getByRole("button", { name: "I've saved it, hide the token" }));
  expect(onDismiss).toHaveBeenCalledOnce();
});

test("a new invitation link: whom it is for, the link, and Copy link", () => {
  render(<NewInvitationLink invitation={{ id: "i1", token: "inv_x", url: "https://cron.example.com/invitations/inv_x", expiresAt: "2026-12-13T00:00:00.000Z" }} email="bo@example.com" onDismiss={() => {}} />);
  expect(screen.getByRole("region", { name: "Invitation for bo@example.com" })).toBeTruthy();
  expect(screen.getByTestId("invitation-link").textContent).toBe("https://cron.example.com/invitations/inv_x");
  expect(screen.getByRole("button", { name: "Copy link" })).toBeTruthy();
});
