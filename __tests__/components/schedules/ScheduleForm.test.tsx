// @vitest-environment happy-dom
// The schedule form: what it sends, and where the validator's and the server's messages land.
import { cleanup, fireEvent, render, screen, waitFor, within } from "@testing-library/react";
import { afterEach, expect, test, vi } from "vitest";
import { ScheduleForm } from "../../../components/schedules/ScheduleForm";
import { listEntrypoints } from "../../../lib/entrypoints/registry";
import { aSchedule, apiError, ENTRYPOINTS, formHandlers, json, mockApi } from "./support";

vi.mock("next/navigation", () => ({ usePathname: () => "/schedules", useRouter: () => ({ replace: vi.fn(), push: vi.fn(), refresh: vi.fn() }) }));

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

const type = (label: string | RegExp, value: string) => fireEvent.change(screen.getByLabelText(label), { target: { value } });

/** The form once the job types have loaded (the payload fields appear then). */
async function renderForm(props: Partial<Parameters<typeof ScheduleForm>[0]> = {}) {
  const onSaved = vi.fn();
  render(<ScheduleForm onSaved={onSaved} {...props} />);
  await screen.findByLabelText(/^Message/);
  return onSaved;
}

test("a valid new schedule is sent whole, with its payload, and handed to onSaved", async () => {
  const created = aSchedule({ id: "new1", name: "Nightly backup" });
  const calls = mockApi({ ...formHandlers, "POST /api/v1/schedules": () => json(created, 201) });
  const onSaved = await renderForm();

  type(/^Name/, "Nightly backup");
  type(/^Description/, "Dump the database");
  type(/^Cron expression/, "0 0 * * *");
  type(/^Time zone/, "Europe/Paris");
  type(/^Message/, "backing up");
  fireEvent.click(screen.getByRole("button", { name: /Advanced/ }));
  type("Max retries", "2");
  fireEvent.click(screen.getByRole("button", { name: "Create schedule" }));

  await waitFor(() => expect(onSaved).toHaveBeenCalledWith(created));
  const post = calls.find((c) => c.method === "POST");
  expect(post?.body).toEqual({
    name: "Nightly backup",
    description: "Dump the database",
    cronExpression: "0 0 * * *",
    timezone: "Europe/Paris",
    entrypoint: "log",
    payload: { message: "backing up" },
    overlapPolicy: "skip",
    misfirePolicy: "run_once",
    timeoutSeconds: 300,
    maxRetries: 2,
    retryDelaySeconds: 30,
  });
});

test("the form starts from a draft, and an empty log message is left to the server's default", async () => {
  const calls = mockApi({ ...formHandlers, "POST /api/v1/schedules": () => json(aSchedule(), 201) });
  const onSaved = await renderForm({ draft: { name: "Weekday standup reminder", cronExpression: "0 9 * * 1-5" } });
  expect((screen.getByLabelText(/^Name/) as HTMLInputElement).value).toBe("Weekday standup reminder");
  expect((screen.getByLabelText(/^Cron expression/) as HTMLInputElement).value).toBe("0 9 * * 1-5");
  expect((screen.getByLabelText(/^Time zone/) as HTMLInputElement).value).toBe("UTC");

  fireEvent.click(screen.getByRole("button", { name: "Create schedule" }));
  await waitFor(() => expect(onSaved).toHaveBeenCalled());
  const body = calls.find((c) => c.method === "POST")?.body as Record<string, unknown>;
  expect(body).toMatchObject({ name: "Weekday standup reminder", cronExpression: "0 9 * * 1-5", timezone: "UTC" });
  expect(body).not.toHaveProperty("payload");
});

test("while typing, the preview shows the schedule in words; an invalid expression shows the validator's message", async () => {
  mockApi({
    ...formHandlers,
    "GET /api/v1/cron/describe": ({ url }) =>
      url.searchParams.get("expression") === "61 * * * *"
        ? apiError(400, "validation_error", "expression: minute 61 is out of range (0-59)", { expression: "minute 61 is out of range (0-59)" })
        : json({ normalized: "0 9 * * 1-5", cronHuman: "At 09:00, Monday through Friday (UTC)", nextRuns: ["2026-11-23T09:00:00.000Z"] }),
  });
  await renderForm();

  type(/^Cron expression/, "0 9 * * 1-5");
  expect(await screen.findByText("At 09:00, Monday through Friday (UTC)")).toBeTruthy();

  type(/^Cron expression/, "61 * * * *");
  expect(await screen.findByText("Minute 61 is out of range (0-59)")).toBeTruthy();
  expect(screen.getByLabelText(/^Cron expression/).getAttribute("aria-invalid")).toBe("true");
});

test("the client checks the input with the API's schema before sending anything", async () => {
  const calls = mockApi(formHandlers);
  await renderForm();
  type(/^Cron expression/, "* * * * * *");
  fireEvent.click(screen.getByRole("button", { name: "Create schedule" }));

  expect(await screen.findByText("Name cannot be empty")).toBeTruthy();
  expect(screen.getByLabelText(/^Cron expression/).getAttribute("aria-invalid")).toBe("true");
  expect(calls.some((c) => c.method === "POST")).toBe(false);
});

test("a duplicate name is shown under Name", async () => {
  mockApi({
    ...formHandlers,
    "POST /api/v1/schedules": () => apiError(409, "conflict", "A schedule with this name already exists", { name: "already used by another of your schedules" }),
  });
  const onSaved = await renderForm();
  type(/^Name/, "Nightly backup");
  type(/^Cron expression/, "0 0 * * *");
  fireEvent.click(screen.getByRole("button", { name: "Create schedule" }));

  const name = screen.getByLabelText(/^Name/);
  await waitFor(() => expect(name.getAttribute("aria-invalid")).toBe("true"));
  const errorId = name.getAttribute("aria-describedby") ?? "";
  expect(document.getElementById(errorId)?.textContent).toBe("Already used by another of your schedules");
  expect(screen.queryByRole("alert")).toBeNull();
  expect(onSaved).not.toHaveBeenCalled();
});

test("payload errors land on their field, anything else in an alert at the top", async () => {
  let answer = apiError(400, "validation_error", "payload.message: too long", { "payload.message": "too long" });
  mockApi({ ...formHandlers, "POST /api/v1/schedules": () => answer });
  await renderForm();
  type(/^Name/, "x");
  type(/^Cron expression/, "0 0 * * *");
  type(/^Message/, "hello");
  fireEvent.click(screen.getByRole("button", { name: "Create schedule" }));
  await waitFor(() => expect(screen.getByLabelText(/^Message/).getAttribute("aria-invalid")).toBe("true"));
  expect(screen.getByText("Too long")).toBeTruthy();

  answer = apiError(503, "unavailable", "The database is unavailable right now; try again shortly");
  fireEvent.click(screen.getByRole("button", { name: "Create schedule" }));
  expect(within(await screen.findByRole("alert")).getByText("The database is unavailable right now; try again shortly")).toBeTruthy();
});

test("a job type with a complex schema is edited as JSON, checked before sending", async () => {
  const calls = mockApi({ ...formHandlers, "POST /api/v1/schedules": () => json(aSchedule(), 201) });
  const onSaved = await renderForm();
  type(/^Name/, "Ping");
  type(/^Cron expression/, "*/5 * * * *");
  fireEvent.change(screen.getByLabelText("Job type"), { target: { value: "http" } });
  type("Job settings (JSON)", "{ not json");
  fireEvent.click(screen.getByRole("button", { name: "Create schedule" }));
  expect(await screen.findByText(/^Not valid JSON/)).toBeTruthy();

  type("Job settings (JSON)", '{ "url": "https://example.com/hook" }');
  fireEvent.click(screen.getByRole("button", { name: "Create schedule" }));
  await waitFor(() => expect(onSaved).toHaveBeenCalled());
  expect(calls.find((c) => c.method === "POST")?.body).toMatchObject({ entrypoint: "http", payload: { url: "https://example.com/hook" } });
});

test("editing sends only the fields that changed", async () => {
  const schedule = aSchedule({ id: "s9", name: "Report", payload: { message: "hello" } });
  const calls = mockApi({ ...formHandlers, "PATCH /api/v1/schedules/s9": ({ body }) => json({ ...schedule, ...(body as object) }) });
  const onSaved = await renderForm({ schedule });
  expect((screen.getByLabelText(/^Message/) as HTMLInputElement).value).toBe("hello");

  type(/^Cron expression/, "0 10 * * *");
  fireEvent.click(screen.getByRole("button", { name: "Save changes" }));
  await waitFor(() => expect(onSaved).toHaveBeenCalled());
  expect(calls.find((c) => c.method === "PATCH")?.body).toEqual({ cronExpression: "0 10 * * *" });
});

test("the browser's time zone is one click away", async () => {
  const real = Intl.DateTimeFormat.prototype.resolvedOptions;
  vi.spyOn(Intl.DateTimeFormat.prototype, "resolvedOptions").mockImplementation(function (this: Intl.DateTimeFormat) {
    return { ...real.call(this), timeZone: "Asia/Tokyo" };
  });
  mockApi(formHandlers);
  await renderForm();
  fireEvent.click(screen.getByRole("button", { name: "Use my time zone (Asia/Tokyo)" }));
  expect((screen.getByLabelText(/^Time zone/) as HTMLInputElement).value).toBe("Asia/Tokyo");
  expect(screen.queryByRole("button", { name: /Use my time zone/ })).toBeNull();
  vi.restoreAllMocks();
});

test("a heartbeat check's form asks only for its grace (the registry's own schema), and says where its ping URL will be", async () => {
  // The real job type as GET /api/v1/entrypoints lists it, so the field follows the schema.
  const heartbeat = listEntrypoints().find((e) => e.key === "heartbeat")!;
  const calls = mockApi({ ...formHandlers, "GET /api/v1/entrypoints": () => json({ items: [...ENTRYPOINTS, heartbeat] }), "POST /api/v1/schedules": () => json(aSchedule(), 201) });
  const onSaved = await renderForm();
  type(/^Name/, "Backups ran");
  type(/^Cron expression/, "0 3 * * *");
  fireEvent.change(screen.getByLabelText("Job type"), { target: { value: "heartbeat" } });

  const grace = screen.getByLabelText(/^Grace seconds/) as HTMLInputElement;
  expect(grace.type).toBe("number");
  expect(grace.min).toBe("1");
  expect(grace.max).toBe(String(7 * 86_400));
  expect(screen.getByText(/before the slot counts as missed; default 300/)).toBeTruthy();
  expect(screen.getByText(/Once saved, the schedule's page shows the ping URL/)).toBeTruthy();

  type(/^Grace seconds/, "90");
  fireEvent.click(screen.getByRole("button", { name: "Create schedule" }));
  await waitFor(() => expect(onSaved).toHaveBeenCalled());
  expect(calls.find((c) => c.method === "POST")?.body).toMatchObject({ entrypoint: "heartbeat", payload: { graceSeconds: 90 } });
});
