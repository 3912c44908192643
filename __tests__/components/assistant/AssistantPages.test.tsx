// @vitest-environment happy-dom
// The assistant from the rest of the app: the sidebar's "Ask @cron" and the schedules page's @cron
// bar open it, and the schedules list reloads after the assistant changes a schedule.
import { cleanup, fireEvent, render, screen, waitFor, within } from "@testing-library/react";
import { afterEach, beforeEach, expect, test, vi } from "vitest";
import { AssistantProvider } from "../../../components/assistant/AssistantProvider";
import { Sidebar } from "../../../components/layout/Sidebar";
import { SchedulesView } from "../../../components/schedules/SchedulesView";
import { ToastProvider } from "../../../components/ui/Toast";
import { aSchedule, formHandlers, json, mockApi } from "../schedules/support";

const router = vi.hoisted(() => ({ replace: vi.fn(), push: vi.fn(), refresh: vi.fn() }));
vi.mock("next/navigation", () => ({ usePathname: () => "/schedules", useRouter: () => router }));
vi.mock("next-auth/react", () => ({ signOut: vi.fn() }));

beforeEach(() => {
  sessionStorage.clear();
  router.refresh.mockClear();
});
afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

const backup = aSchedule({ id: "b1", name: "nightly backup", cronExpression: "0 0 * * *" });
const report = aSchedule({ id: "r1", name: "weekly report" });
const page = (items: ReturnType<typeof aSchedule>[]) => ({ items, nextCursor: null, counts: { all: items.length, enabled: items.length, disabled: 0 } });

test("the sidebar's Ask @cron opens the assistant, and closing it gives focus back", () => {
  mockApi({});
  render(
    <AssistantProvider>
      <Sidebar user={{ id: "u1", email: "ada@example.com", name: "Ada" }} />
    </AssistantProvider>,
  );
  const ask = screen.getByRole("button", { name: "Ask @cron" });
  ask.focus();
  fireEvent.click(ask);
  const dialog = screen.getByRole("dialog", { name: "@cron assistant" });
  fireEvent.click(within(dialog).getByRole("button", { name: "Close assistant" }));
  expect(screen.queryByRole("dialog")).toBeNull();
  expect(document.activeElement).toBe(ask);
});

test("without the assistant (a sidebar rendered alone) there is no Ask @cron button", () => {
  render(<Sidebar user={{ id: "u1", email: "ada@example.com", name: "Ada" }} />);
  expect(screen.queryByRole("button", { name: "Ask @cron" })).toBeNull();
});

test("the @cron bar hands its text to the assistant; a change made there reloads the list", async () => {
  const calls = mockApi({
    ...formHandlers,
    "GET /api/v1/schedules": () => json(page([backup, report])),
    "POST /api/v1/assistant": () =>
      json({ conversationId: "c1", reply: "Created “weekly report”.", actions: [{ tool: "create_scheduled_task", input: {}, result: { id: "r1", name: "weekly report" } }] }),
  });
  render(
    <AssistantProvider>
      <ToastProvider>
        <SchedulesView initial={page([backup])} query={{ q: "", filter: "all" }} />
      </ToastProvider>
    </AssistantProvider>,
  );
  expect(screen.queryByRole("region", { name: "weekly report" })).toBeNull();

  fireEvent.change(screen.getByRole("textbox", { name: "Describe a schedule in words" }), { target: { value: "weekly report every monday at 9" } });
  fireEvent.click(screen.getByRole("button", { name: "Ask the assistant" }));
  const box = within(screen.getByRole("dialog", { name: "@cron assistant" })).getByRole("textbox", { name: "Message @cron" }) as HTMLTextAreaElement;
  expect(box.value).toBe("weekly report every monday at 9");
  fireEvent.keyDown(box, { key: "Enter" });

  await screen.findByText("Created “weekly report”.");
  await screen.findByRole("region", { name: "weekly report" });
  expect(router.refresh).toHaveBeenCalledTimes(1);
  expect(calls.filter((c) => c.method === "GET" && c.path === "/api/v1/schedules")).toHaveLength(1);
});

test("a reply that changed nothing does not reload the list", async () => {
  const calls = mockApi({
    ...formHandlers,
    "POST /api/v1/assistant": () => json({ conversationId: "c1", reply: "You have 1 schedule.", actions: [{ tool: "list_scheduled_tasks", input: {}, result: { items: [], truncated: false } }] }),
  });
  render(
    <AssistantProvider>
      <SchedulesView initial={page([backup])} query={{ q: "", filter: "all" }} />
    </AssistantProvider>,
  );
  fireEvent.click(screen.getByRole("button", { name: "Ask the assistant" }));
  fireEvent.click(screen.getByRole("button", { name: "what's scheduled?" }));
  await screen.findByText("You have 1 schedule.");
  await waitFor(() => expect(calls.some((c) => c.path === "/api/v1/assistant")).toBe(true));
  expect(router.refresh).not.toHaveBeenCalled();
  expect(calls.filter((c) => c.path === "/api/v1/schedules")).toEqual([]);
});
