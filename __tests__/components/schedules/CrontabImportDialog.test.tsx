// @vitest-environment happy-dom
// "Paste a crontab" on the schedules page: preview every line (words, next run, the job, or why
// not), choose lines, import them, and the list reloads.
import { cleanup, fireEvent, screen, waitFor, within } from "@testing-library/react";
import { afterEach, expect, test, vi } from "vitest";
import { SchedulesView } from "../../../components/schedules/SchedulesView";
import type { CrontabImportOut } from "../../../lib/api";
import { aSchedule, apiError, formHandlers, json, mockApi, renderWithToasts, type Call } from "./support";

const router = vi.hoisted(() => ({ replace: vi.fn(), push: vi.fn(), refresh: vi.fn() }));
vi.mock("next/navigation", () => ({ usePathname: () => "/schedules", useRouter: () => router }));

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

const CRONTAB = "MAILTO=ops@example.com\n# Nightly backup\n0 3 * * * /srv/backup.sh\n@hourly ping";

const entry = (line: number, name: string, command: string, extra: Partial<CrontabImportOut["preview"][number]> = {}): CrontabImportOut["preview"][number] => ({
  line,
  text: command,
  name,
  description: null,
  cronExpression: "0 3 * * *",
  timezone: "UTC",
  cronHuman: "At 03:00 AM, every day (UTC)",
  nextRunAt: "2026-12-07T03:00:00.000Z",
  entrypoint: "shell",
  payload: { command },
  user: null,
  notes: [],
  chosen: true,
  ...extra,
});

const answer = (body: { lines?: number[]; dryRun?: boolean }): CrontabImportOut => {
  const preview = [entry(3, "Nightly backup", "/srv/backup.sh"), entry(4, "ping (@hourly)", "ping", { cronHuman: "Every hour (UTC)" })];
  const chosen = preview.filter((p) => !body.lines || body.lines.includes(p.line));
  return {
    teamId: "t1",
    dryRun: Boolean(body.dryRun),
    imported: chosen.map((p) => ({ line: p.line, id: body.dryRun ? null : `id-${p.line}`, name: p.name })),
    skipped: [{ line: 1, text: "MAILTO=ops@example.com", reason: "MAILTO is not imported: Almanac does not mail a command's output" }],
    preview,
    limit: { max: 100, existing: 0 },
  };
};

function setup() {
  const calls: Call[] = mockApi({
    ...formHandlers,
    "POST /api/v1/schedules/import/crontab": (call) => json(answer(call.body as { lines?: number[]; dryRun?: boolean }), (call.body as { dryRun?: boolean }).dryRun ? 200 : 201),
    "GET /api/v1/schedules": () => json({ items: [aSchedule({ id: "id-3", name: "Nightly backup" })], nextCursor: null, counts: { all: 1, enabled: 1, disabled: 0 } }),
  });
  renderWithToasts(<SchedulesView initial={{ items: [], nextCursor: null, counts: { all: 0, enabled: 0, disabled: 0 } }} query={{ q: "", filter: "all" }} />);
  fireEvent.click(screen.getByRole("button", { name: "Paste a crontab" }));
  const dialog = screen.getByRole("dialog", { name: "Paste a crontab" });
  return { calls, dialog, imports: () => calls.filter((c) => c.path === "/api/v1/schedules/import/crontab") };
}

test("preview shows each line's schedule in words, next run and job, or its reason; importing sends the chosen lines and reloads the list", async () => {
  const { dialog, imports } = setup();
  const preview = within(dialog).getByRole("button", { name: "Preview" });
  expect(preview.hasAttribute("disabled")).toBe(true);
  fireEvent.change(within(dialog).getByLabelText("Crontab"), { target: { value: CRONTAB } });
  fireEvent.click(within(dialog).getByLabelText("System crontab"));
  fireEvent.click(preview);

  const backup = await within(dialog).findByRole("checkbox", { name: "Line 3: Nightly backup" });
  expect(imports()[0].body).toMatchObject({ content: CRONTAB, dryRun: true, system: true });
  expect((backup as HTMLInputElement).checked).toBe(true);
  expect(within(dialog).getByText("At 03:00 AM, every day (UTC)")).toBeTruthy();
  expect(within(dialog).getByText("/srv/backup.sh")).toBeTruthy();
  expect(within(dialog).getByText("Line 1: not imported")).toBeTruthy();
  expect(within(dialog).getByText(/^MAILTO is not imported/)).toBeTruthy();
  expect(within(dialog).getByRole("heading", { name: "Preview: 2 lines to import, 1 line not imported" })).toBeTruthy();

  fireEvent.click(within(dialog).getByRole("checkbox", { name: "Line 4: ping (@hourly)" }));
  fireEvent.click(within(dialog).getByRole("button", { name: "Import 1 schedule" }));
  await waitFor(() => expect(screen.queryByRole("dialog")).toBeNull());
  expect(imports()[1].body).toMatchObject({ content: CRONTAB, lines: [3], system: true });
  expect((imports()[1].body as { dryRun?: boolean }).dryRun).toBeUndefined();
  expect(await screen.findByText("Imported 1 schedule.")).toBeTruthy();
  expect(await screen.findByRole("link", { name: "Nightly backup" })).toBeTruthy();
  expect(router.refresh).toHaveBeenCalled();
});

test("editing the text after a preview takes the Import button away until the next preview; an error is shown", async () => {
  const { dialog } = setup();
  fireEvent.change(within(dialog).getByLabelText("Crontab"), { target: { value: CRONTAB } });
  fireEvent.click(within(dialog).getByRole("button", { name: "Preview" }));
  await within(dialog).findByRole("button", { name: "Import 2 schedules" });
  fireEvent.change(within(dialog).getByLabelText("Crontab"), { target: { value: CRONTAB + "\n@daily more" } });
  expect(within(dialog).queryByRole("button", { name: /^Import/ })).toBeNull();

  mockApi({ "POST /api/v1/schedules/import/crontab": () => apiError(400, "validation_error", "content: content must be at most 48 KiB", { content: "content must be at most 48 KiB" }) });
  fireEvent.click(within(dialog).getByRole("button", { name: "Preview" }));
  expect(await within(dialog).findByText(/content must be at most 48 KiB/)).toBeTruthy();
});
