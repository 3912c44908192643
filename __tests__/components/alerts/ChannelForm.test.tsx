// @vitest-environment happy-dom
// The channel form: the config it sends per type, masked values kept on edit, and the server's
// messages by the field they name (an email channel without SMTP_URL: by the type).
import { cleanup, fireEvent, render, screen, waitFor } from "@testing-library/react";
import { afterEach, expect, test, vi } from "vitest";
import { ChannelForm } from "../../../components/alerts/ChannelForm";
import type { ChannelOut } from "../../../lib/api";
import { apiError, json, mockApi } from "../schedules/support";

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

const type = (label: string | RegExp, value: string) => fireEvent.change(screen.getByLabelText(label), { target: { value } });

function aChannel(overrides: Partial<ChannelOut> = {}): ChannelOut {
  return { id: "c1", teamId: "t1", name: "Pager", type: "webhook", config: { url: "https://example.com/hook" }, createdAt: "2026-12-01T00:00:00.000Z", updatedAt: "2026-12-01T00:00:00.000Z", ...overrides };
}

/** Adds a channel of `channelType` with the given fields typed in; returns the POST body. */
async function add(channelType: string, fill: () => void) {
  const calls = mockApi({ "POST /api/v1/teams/t1/channels": ({ body }) => json({ ...aChannel(), ...(body as object) }, 201) });
  const onSaved = vi.fn();
  render(<ChannelForm teamId="t1" onSaved={onSaved} onCancel={() => {}} />);
  type("Name", "Ops");
  type("Type", channelType);
  fill();
  fireEvent.click(screen.getByRole("button", { name: "Add channel" }));
  await waitFor(() => expect(onSaved).toHaveBeenCalled());
  return { body: calls.find((c) => c.method === "POST")?.body, onSaved };
}

test("a webhook sends {url}; the answer (with its secret) goes to onSaved", async () => {
  const { body, onSaved } = await add("webhook", () => type("URL", "  https://hooks.example.com/almanac "));
  expect(body).toEqual({ name: "Ops", type: "webhook", config: { url: "https://hooks.example.com/almanac" } });
  expect(onSaved.mock.calls[0][0]).toMatchObject({ name: "Ops", type: "webhook" });
});

test("Slack, Discord and Teams send {url} under their own label", async () => {
  expect((await add("slack", () => type("Incoming webhook URL", "https://hooks.slack.com/services/T/B/x"))).body).toEqual({
    name: "Ops",
    type: "slack",
    config: { url: "https://hooks.slack.com/services/T/B/x" },
  });
  cleanup();
  expect((await add("discord", () => type("Webhook URL", "https://discord.com/api/webhooks/1/x"))).body).toMatchObject({ type: "discord", config: { url: "https://discord.com/api/webhooks/1/x" } });
  cleanup();
  expect((await add("msteams", () => type("Workflow URL", "https://x.webhook.office.com/y"))).body).toMatchObject({ type: "msteams", config: { url: "https://x.webhook.office.com/y" } });
});

test("ntfy sends the topic URL, and its token only when one is given", async () => {
  expect((await add("ntfy", () => type("Topic URL", "https://ntfy.sh/alerts"))).body).toEqual({ name: "Ops", type: "ntfy", config: { url: "https://ntfy.sh/alerts" } });
  cleanup();
  const { body } = await add("ntfy", () => {
    type("Topic URL", "https://ntfy.sh/alerts");
    type("Access token (optional)", " tk_abc ");
  });
  expect(body).toEqual({ name: "Ops", type: "ntfy", config: { url: "https://ntfy.sh/alerts", token: "tk_abc" } });
});

test("email sends the recipients as a list, split on commas and lines", async () => {
  const { body } = await add("email", () => type("Recipients", "ops@example.com, dev@example.com\n\noncall@example.com"));
  expect(body).toEqual({ name: "Ops", type: "email", config: { to: ["ops@example.com", "dev@example.com", "oncall@example.com"] } });
});

test("empty fields are named before anything is sent", async () => {
  const calls = mockApi({});
  render(<ChannelForm teamId="t1" onSaved={() => {}} onCancel={() => {}} />);
  fireEvent.click(screen.getByRole("button", { name: "Add channel" }));
  await screen.findByText("Name is required");
  expect(screen.getByText("URL is required")).toBeTruthy();
  type("Type", "email");
  fireEvent.click(screen.getByRole("button", { name: "Add channel" }));
  await screen.findByText("List at least one email address");
  expect(calls).toHaveLength(0);
});

test("the server's messages go by their fields: email without SMTP_URL by the type, a bad address by the recipients", async () => {
  mockApi({
    "POST /api/v1/teams/t1/channels": ({ body }) =>
      (body as { config: { to: string[] } }).config.to.length === 1
        ? apiError(400, "validation_error", "type: email channels need the operator to set SMTP_URL", { type: "email channels need the operator to set SMTP_URL (the mail server to send through); choose another type meanwhile" })
        : apiError(400, "validation_error", "config.to.1: must be an email address", { "config.to.1": "must be an email address such as ops@example.com" }),
  });
  render(<ChannelForm teamId="t1" onSaved={() => {}} onCancel={() => {}} />);
  type("Name", "Mail");
  type("Type", "email");
  type("Recipients", "ops@example.com");
  fireEvent.click(screen.getByRole("button", { name: "Add channel" }));
  const typeError = await screen.findByText(/^Email channels need the operator to set SMTP_URL/);
  expect(screen.getByLabelText("Type").getAttribute("aria-describedby")).toBe(typeError.id);

  type("Recipients", "ops@example.com, nope");
  fireEvent.click(screen.getByRole("button", { name: "Add channel" }));
  await screen.findByText("Must be an email address such as ops@example.com");
  expect(screen.getByLabelText("Recipients").getAttribute("aria-invalid")).toBe("true");
});

test("editing: masked values are prefilled; a new name alone sends only the name", async () => {
  const channel = aChannel({ type: "ntfy", config: { url: "https://ntfy.sh/••••", token: "••••" } });
  const calls = mockApi({ "PATCH /api/v1/teams/t1/channels/c1": ({ body }) => json({ ...channel, ...(body as object) }) });
  const onSaved = vi.fn();
  render(<ChannelForm teamId="t1" channel={channel} onSaved={onSaved} onCancel={() => {}} />);
  expect((screen.getByLabelText("Topic URL") as HTMLInputElement).value).toBe("https://ntfy.sh/••••");
  expect((screen.getByLabelText("Access token (optional)") as HTMLInputElement).value).toBe("••••");
  expect((screen.getByLabelText("Type") as HTMLSelectElement).disabled).toBe(true);

  type("Name", "Phone");
  fireEvent.click(screen.getByRole("button", { name: "Save channel" }));
  await waitFor(() => expect(onSaved).toHaveBeenCalled());
  expect(calls.at(-1)?.body).toEqual({ name: "Phone" });
});

test("editing: a changed token is sent with the masked URL as shown, which keeps the saved URL", async () => {
  const channel = aChannel({ type: "ntfy", config: { url: "https://ntfy.sh/••••", token: "••••" } });
  const calls = mockApi({ "PATCH /api/v1/teams/t1/channels/c1": () => json(channel) });
  const onSaved = vi.fn();
  render(<ChannelForm teamId="t1" channel={channel} onSaved={onSaved} onCancel={() => {}} />);
  type("Access token (optional)", "tk_new");
  fireEvent.click(screen.getByRole("button", { name: "Save channel" }));
  await waitFor(() => expect(onSaved).toHaveBeenCalled());
  expect(calls.at(-1)?.body).toEqual({ config: { url: "https://ntfy.sh/••••", token: "tk_new" } });
});

test("editing nothing sends nothing", async () => {
  const calls = mockApi({});
  const onSaved = vi.fn();
  const channel = aChannel();
  render(<ChannelForm teamId="t1" channel={channel} onSaved={onSaved} onCancel={() => {}} />);
  fireEvent.click(screen.getByRole("button", { name: "Save channel" }));
  await waitFor(() => expect(onSaved).toHaveBeenCalledWith(channel));
  expect(calls).toHaveLength(0);
});
