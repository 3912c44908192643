// @vitest-environment happy-dom
// The Channels card by role: admins manage channels, other members see them read-only.
import { cleanup, fireEvent, render, screen, waitFor } from "@testing-library/react";
import { afterEach, expect, test, vi } from "vitest";
import { ChannelsCard } from "../../../components/alerts/ChannelsCard";
import type { ChannelOut, TeamOut } from "../../../lib/api";
import { apiError, json, mockApi } from "../schedules/support";

vi.mock("next/navigation", () => ({ useRouter: () => ({ refresh: vi.fn(), push: vi.fn(), replace: vi.fn() }) }));

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

const team = (role: TeamOut["role"]) => ({ id: "t1", name: "Ops", personal: false, role, createdAt: "2026-11-01T00:00:00.000Z" }) as TeamOut;
const CHANNELS: ChannelOut[] = [
  { id: "c1", teamId: "t1", name: "Hook", type: "webhook", config: { url: "https://example.com/hook" }, createdAt: "2026-12-01T00:00:00.000Z", updatedAt: "2026-12-01T00:00:00.000Z" },
  { id: "c2", teamId: "t1", name: "Phone", type: "ntfy", config: { url: "https://ntfy.sh/••••", token: "••••" }, createdAt: "2026-12-01T00:00:00.000Z", updatedAt: "2026-12-01T00:00:00.000Z" },
];

test("a viewer sees each channel's name, type and masked target, and no controls", () => {
  render(<ChannelsCard team={team("viewer")} channels={CHANNELS} />);
  const card = screen.getByRole("region", { name: "Channels" });
  expect(card.textContent).toContain("needs the admin role");
  expect(card.textContent).toContain("https://ntfy.sh/•••• (with a token)");
  expect(screen.queryByRole("button")).toBeNull();
});

test("an admin tests a channel: the receiver's status, or its refusal, in place", async () => {
  mockApi({
    "POST /api/v1/teams/t1/channels/c1/test": () => json({ delivered: true, status: 204 }),
    "POST /api/v1/teams/t1/channels/c2/test": () => apiError(502, "bad_gateway", "the receiver answered 401: unauthorized"),
  });
  render(<ChannelsCard team={team("admin")} channels={CHANNELS} />);
  expect(screen.getByRole("button", { name: "Rotate secret Hook" })).toBeTruthy();
  expect(screen.queryByRole("button", { name: "Rotate secret Phone" })).toBeNull();
  fireEvent.click(screen.getByRole("button", { name: "Send test Hook" }));
  await screen.findByText("Delivered (204)");
  fireEvent.click(screen.getByRole("button", { name: "Send test Phone" }));
  await screen.findByText("Not delivered: the receiver answered 401: unauthorized");
});

test("a new webhook's secret is shown once, and deleting asks first", async () => {
  const calls = mockApi({
    "POST /api/v1/teams/t1/channels": () => json({ ...CHANNELS[0], id: "c3", name: "New hook", secret: "whsec_c2VjcmV0" }, 201),
    "DELETE /api/v1/teams/t1/channels/c1": () => new Response(null, { status: 204 }),
  });
  render(<ChannelsCard team={team("owner")} channels={CHANNELS} />);
  fireEvent.click(screen.getByRole("button", { name: "Add channel" }));
  fireEvent.change(screen.getByLabelText("Name"), { target: { value: "New hook" } });
  fireEvent.change(screen.getByLabelText("URL"), { target: { value: "https://example.com/new" } });
  fireEvent.click(screen.getAllByRole("button", { name: "Add channel" }).at(-1)!);
  await screen.findByRole("region", { name: "Signing secret for New hook" });
  expect(screen.getByTestId("webhook-secret").textContent).toBe("whsec_c2VjcmV0");

  fireEvent.click(screen.getByRole("button", { name: "Delete Hook" }));
  expect(calls.some((c) => c.method === "DELETE")).toBe(false);
  fireEvent.click(screen.getByRole("button", { name: "Delete" }));
  await waitFor(() => expect(calls.some((c) => c.method === "DELETE" && c.path === "/api/v1/teams/t1/channels/c1")).toBe(true));
});
