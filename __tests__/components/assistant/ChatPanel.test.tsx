// @vitest-environment happy-dom
// The @cron chat panel: sending, suggested prompts, delete confirmations, errors, the conversation
// kept across reloads, keyboard and focus, and the signal that tells pages schedules changed.
// fetch is stubbed; the typed client in lib/api.ts runs for real on top of it.
import { act, cleanup, fireEvent, render, screen, waitFor, within } from "@testing-library/react";
import { afterEach, beforeEach, expect, test, vi } from "vitest";
import { AssistantProvider, useAssistant, useAssistantChanges } from "../../../components/assistant/AssistantProvider";
import { CONVERSATION_KEY } from "../../../components/assistant/conversation-id";
import { apiError, json, mockApi, type Call } from "../schedules/support";

beforeEach(() => sessionStorage.clear());
afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

const reply = (body: Partial<{ conversationId: string; reply: string; actions: unknown[]; pendingConfirmation: unknown }> = {}) =>
  json({ conversationId: "c1", reply: "Done.", actions: [], ...body });

const summary = { id: "b1", name: "nightly backup", cronExpression: "0 0 * * *", timezone: "UTC", cronHuman: "At 12:00 AM", entrypoint: "log", isEnabled: false, nextRunAt: null };
const pendingDelete = { tool: "delete_scheduled_task", scheduleId: "b1", scheduleName: "nightly backup", prompt: "Delete “nightly backup”? Answer yes to delete it." };

/** Stands in for the pages: buttons that open the chat, and a listener for the change signal. */
function Page({ onChange }: { onChange: () => void }) {
  const assistant = useAssistant();
  useAssistantChanges(onChange);
  return (
    <>
      <button type="button" onClick={() => assistant?.open()}>
        Open chat
      </button>
      <button type="button" onClick={() => assistant?.open("  pause weekly report  ")}>
        Ask about the report
      </button>
    </>
  );
}

function renderChat() {
  const onChange = vi.fn();
  render(
    <AssistantProvider>
      <Page onChange={onChange} />
    </AssistantProvider>,
  );
  return { onChange };
}

function openChat(name = "Open chat") {
  const opener = screen.getByRole("button", { name });
  opener.focus();
  fireEvent.click(opener);
  return screen.getByRole("dialog", { name: "@cron assistant" });
}

const input = () => screen.getByRole("textbox", { name: "Message @cron" }) as HTMLTextAreaElement;
const log = () => screen.getByRole("log");
const posts = (calls: Call[]) => calls.filter((c) => c.method === "POST" && c.path === "/api/v1/assistant").map((c) => c.body);

function type(text: string) {
  fireEvent.change(input(), { target: { value: text } });
}

test("Enter sends the message; it and the reply show, newlines kept, and the box empties", async () => {
  const calls = mockApi({ "POST /api/v1/assistant": () => reply({ reply: "You have 1 schedule:\n- nightly backup" }) });
  renderChat();
  const dialog = openChat();
  expect(dialog.getAttribute("aria-modal")).toBe("true");
  expect(log().getAttribute("aria-live")).toBe("polite");

  type("what's scheduled?");
  fireEvent.keyDown(input(), { key: "Enter", shiftKey: true });
  expect(posts(calls)).toEqual([]);
  fireEvent.keyDown(input(), { key: "Enter" });

  await waitFor(() => expect(within(log()).getByText(/You have 1 schedule/).textContent).toBe("@cron: You have 1 schedule:\n- nightly backup"));
  expect(posts(calls)).toEqual([{ message: "what's scheduled?" }]);
  expect(within(log()).getByText("what's scheduled?")).toBeTruthy();
  expect(input().value).toBe("");
  expect(sessionStorage.getItem(CONVERSATION_KEY)).toBe("c1");
});

test("the Send button sends too, and the conversationId comes back with the next message", async () => {
  let n = 0;
  const calls = mockApi({ "POST /api/v1/assistant": () => reply({ reply: `answer ${++n}` }) });
  renderChat();
  openChat();
  type("list");
  fireEvent.click(screen.getByRole("button", { name: "Send" }));
  await within(log()).findByText("answer 1");
  type("describe it");
  fireEvent.click(screen.getByRole("button", { name: "Send" }));
  await within(log()).findByText("answer 2");
  expect(posts(calls)).toEqual([{ message: "list" }, { message: "describe it", conversationId: "c1" }]);
});

test("Send is disabled while a message is on its way", async () => {
  let answer: (r: Response) => void = () => {};
  const calls = mockApi({ "POST /api/v1/assistant": () => new Promise<Response>((resolve) => (answer = resolve)) });
  renderChat();
  openChat();
  type("list");
  fireEvent.keyDown(input(), { key: "Enter" });
  await waitFor(() => expect((screen.getByRole("button", { name: "Send" }) as HTMLButtonElement).disabled).toBe(true));
  type("list again");
  fireEvent.keyDown(input(), { key: "Enter" });
  expect(posts(calls)).toHaveLength(1);
  await act(async () => answer(await reply({ reply: "Nothing yet." })));
  await within(log()).findByText("Nothing yet.");
  expect((screen.getByRole("button", { name: "Send" }) as HTMLButtonElement).disabled).toBe(false);
});

test("an empty conversation offers suggested prompts, which send at a click", async () => {
  const calls = mockApi({ "POST /api/v1/assistant": () => reply({ reply: "You have no schedules yet." }) });
  renderChat();
  openChat();
  const suggestions = screen.getByRole("list", { name: "Try" });
  expect(within(suggestions).getAllByRole("button").map((b) => b.textContent)).toEqual([
    "@cron run nightly backup at midnight",
    "what's scheduled?",
    "pause nightly backup",
    "when does nightly backup run next?",
  ]);
  fireEvent.click(within(suggestions).getByRole("button", { name: "what's scheduled?" }));
  await within(log()).findByText("You have no schedules yet.");
  expect(posts(calls)).toEqual([{ message: "what's scheduled?" }]);
  expect(screen.queryByRole("list", { name: "Try" })).toBeNull();
  expect(document.activeElement).toBe(input());
});

test("a delete waiting for confirmation offers Yes (sends \"yes\") and Cancel (sends \"no\")", async () => {
  const answers = [
    reply({ reply: pendingDelete.prompt, actions: [{ tool: "delete_scheduled_task", input: { scheduleId: "b1" }, result: { confirmationRequired: true } }], pendingConfirmation: pendingDelete }),
    reply({ reply: "Deleted “nightly backup”.", actions: [{ tool: "delete_scheduled_task", input: { scheduleId: "b1" }, result: { deleted: true, scheduleId: "b1", scheduleName: "nightly backup" } }] }),
    reply({ reply: pendingDelete.prompt, pendingConfirmation: pendingDelete }),
    reply({ reply: "Kept “nightly backup”." }),
  ];
  const calls = mockApi({ "POST /api/v1/assistant": () => answers.shift()! });
  renderChat();
  openChat();

  type("delete nightly backup");
  fireEvent.keyDown(input(), { key: "Enter" });
  fireEvent.click(await screen.findByRole("button", { name: "Yes, delete “nightly backup”" }));
  await within(log()).findByText("Deleted “nightly backup”.");
  expect(screen.queryByRole("button", { name: "Yes, delete “nightly backup”" })).toBeNull();

  type("delete nightly backup");
  fireEvent.keyDown(input(), { key: "Enter" });
  fireEvent.click(await screen.findByRole("button", { name: "Cancel" }));
  await within(log()).findByText("Kept “nightly backup”.");
  expect(screen.queryByRole("button", { name: "Cancel" })).toBeNull();

  expect(posts(calls).map((b) => (b as { message: string }).message)).toEqual(["delete nightly backup", "yes", "delete nightly backup", "no"]);
  expect(posts(calls).slice(1).every((b) => (b as { conversationId?: string }).conversationId === "c1")).toBe(true);
});

test("a 400 shows the server's message at the box, takes the message back and keeps the text", async () => {
  mockApi({ "POST /api/v1/assistant": () => apiError(400, "validation_error", "message: message must be at most 2000 characters", { message: "message must be at most 2000 characters" }) });
  renderChat();
  openChat();
  const long = "x".repeat(2001);
  type(long);
  fireEvent.keyDown(input(), { key: "Enter" });

  const alert = await screen.findByRole("alert");
  expect(alert.textContent).toBe("Message must be at most 2000 characters");
  expect(input().getAttribute("aria-invalid")).toBe("true");
  expect(input().getAttribute("aria-describedby")).toContain(alert.id);
  expect(input().value).toBe(long);
  expect(within(log()).queryAllByRole("listitem").filter((li) => li.textContent?.includes("xxx"))).toEqual([]);
  expect(sessionStorage.getItem(CONVERSATION_KEY)).toBeNull();

  type("list");
  expect(screen.queryByRole("alert")).toBeNull();
});

test("an empty message goes to the server, whose refusal is shown", async () => {
  // Without field details, the envelope's message is shown as it is.
  const calls = mockApi({ "POST /api/v1/assistant": () => apiError(400, "validation_error", "message: message cannot be empty") });
  renderChat();
  openChat();
  type("   ");
  fireEvent.click(screen.getByRole("button", { name: "Send" }));
  expect((await screen.findByRole("alert")).textContent).toBe("Message: message cannot be empty");
  expect(posts(calls)).toEqual([{ message: "   " }]);
});

test("focus moves to the box on open; Esc closes and gives focus back to the opener", async () => {
  mockApi({});
  renderChat();
  openChat();
  expect(document.activeElement).toBe(input());
  fireEvent.keyDown(document, { key: "Escape" });
  expect(screen.queryByRole("dialog")).toBeNull();
  expect(document.activeElement).toBe(screen.getByRole("button", { name: "Open chat" }));
});

test("the close button closes; the conversation is still there when it opens again", async () => {
  mockApi({ "POST /api/v1/assistant": () => reply({ reply: "Paused." }) });
  renderChat();
  openChat();
  type("pause nightly backup");
  fireEvent.keyDown(input(), { key: "Enter" });
  await within(log()).findByText("Paused.");
  fireEvent.click(screen.getByRole("button", { name: "Close assistant" }));
  expect(screen.queryByRole("dialog")).toBeNull();
  openChat();
  expect(within(log()).getByText("Paused.")).toBeTruthy();
});

test("open(text) puts the text in the box, trimmed and unsent", () => {
  const calls = mockApi({});
  renderChat();
  openChat("Ask about the report");
  expect(input().value).toBe("pause weekly report");
  expect(document.activeElement).toBe(input());
  expect(posts(calls)).toEqual([]);
});

test("the change signal fires after a successful create, update, toggle or confirmed delete only", async () => {
  const action = (tool: string, result: unknown) => ({ tool, input: {}, result });
  const answers = [
    reply({ actions: [action("list_scheduled_tasks", { items: [summary], truncated: false })] }),
    reply({ actions: [action("toggle_scheduled_task", { error: { code: "not_found", message: "No schedule" } })] }),
    reply({ actions: [action("delete_scheduled_task", { confirmationRequired: true })], pendingConfirmation: pendingDelete }),
    reply({ actions: [action("toggle_scheduled_task", summary)] }),
    reply({ actions: [action("create_scheduled_task", summary)] }),
    reply({ actions: [action("update_scheduled_task", summary)] }),
    reply({ actions: [action("delete_scheduled_task", { deleted: true, scheduleId: "b1", scheduleName: "nightly backup" })] }),
  ];
  mockApi({ "POST /api/v1/assistant": () => answers.shift()! });
  const { onChange } = renderChat();
  openChat();
  const expected = [0, 0, 0, 1, 2, 3, 4];
  for (const [i, count] of expected.entries()) {
    type(`message ${i}`);
    fireEvent.keyDown(input(), { key: "Enter" });
    await waitFor(() => expect(within(log()).getAllByText("Done.")).toHaveLength(i + 1));
    expect(onChange).toHaveBeenCalledTimes(count);
  }
});

test("a conversation kept from before a reload is loaded on open and continued", async () => {
  sessionStorage.setItem(CONVERSATION_KEY, "c7");
  const calls = mockApi({
    "GET /api/v1/assistant/conversations/c7": () =>
      json({
        id: "c7",
        messages: [
          { role: "user", text: "delete nightly backup", at: "2026-11-22T00:00:00.000Z" },
          { role: "assistant", text: pendingDelete.prompt, at: "2026-11-22T00:00:00.000Z" },
        ],
        pendingConfirmation: pendingDelete,
        createdAt: "2026-11-22T00:00:00.000Z",
        updatedAt: "2026-11-22T00:00:00.000Z",
      }),
    "POST /api/v1/assistant": () => reply({ conversationId: "c7", reply: "Kept it." }),
  });
  renderChat();
  openChat();
  await within(log()).findByText("delete nightly backup");
  expect(within(log()).getByText(pendingDelete.prompt)).toBeTruthy();
  expect(screen.queryByRole("list", { name: "Try" })).toBeNull();
  fireEvent.click(screen.getByRole("button", { name: "Cancel" }));
  await within(log()).findByText("Kept it.");
  expect(posts(calls)).toEqual([{ message: "no", conversationId: "c7" }]);
});

test("a stored conversation that is gone (404) starts a fresh one", async () => {
  sessionStorage.setItem(CONVERSATION_KEY, "old");
  const calls = mockApi({
    "GET /api/v1/assistant/conversations/old": () => apiError(404, "not_found", "No such conversation"),
    "POST /api/v1/assistant": () => reply({ conversationId: "c2", reply: "Hello." }),
  });
  renderChat();
  openChat();
  await screen.findByRole("list", { name: "Try" });
  expect(sessionStorage.getItem(CONVERSATION_KEY)).toBeNull();
  expect(screen.queryByRole("alert")).toBeNull();
  type("hi");
  fireEvent.keyDown(input(), { key: "Enter" });
  await within(log()).findByText("Hello.");
  expect(posts(calls)).toEqual([{ message: "hi" }]);
  expect(sessionStorage.getItem(CONVERSATION_KEY)).toBe("c2");
});

test("New conversation clears the messages and the stored id", async () => {
  const calls = mockApi({ "POST /api/v1/assistant": () => reply({ reply: "Listed." }) });
  renderChat();
  openChat();
  type("list");
  fireEvent.keyDown(input(), { key: "Enter" });
  await within(log()).findByText("Listed.");
  fireEvent.click(screen.getByRole("button", { name: "New conversation" }));
  expect(within(log()).queryByText("Listed.")).toBeNull();
  expect(screen.getByRole("list", { name: "Try" })).toBeTruthy();
  expect(sessionStorage.getItem(CONVERSATION_KEY)).toBeNull();
  type("list");
  fireEvent.keyDown(input(), { key: "Enter" });
  await within(log()).findByText("Listed.");
  expect(posts(calls)).toEqual([{ message: "list" }, { message: "list" }]);
});
