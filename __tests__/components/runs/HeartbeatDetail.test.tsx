// @vitest-environment happy-dom
// A heartbeat check's page: the Ping URL card (its URL, examples that use it, its grace, New URL
// after a warning), no Run now, and its nextRunAt read as the ping it waits for.
import { cleanup, fireEvent, screen, waitFor, within } from "@testing-library/react";
import { afterEach, expect, test, vi } from "vitest";
import { ScheduleDetail } from "../../../components/schedule-detail/ScheduleDetail";
import { TeamProvider } from "../../../components/teams/TeamContext";
import { makeSchedule, requests, stubApi } from "./fixtures";
import { renderPage } from "./render";

vi.mock("next/navigation", () => ({ usePathname: () => "/schedules/s1", useRouter: () => ({ push: vi.fn(), refresh: vi.fn() }) }));

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

const URL_1 = "https://cron.example.com/ping/AAAAAAAAAAAAAAAAAAAAAAAA";
const URL_2 = "https://cron.example.com/ping/BBBBBBBBBBBBBBBBBBBBBBBB";
const check = (overrides = {}) =>
  makeSchedule({ name: "Backups ran", entrypoint: "heartbeat", payload: { graceSeconds: 120 }, cronExpression: "*/15 * * * *", timezone: "UTC", pingUrl: URL_1, ...overrides });

function renderDetail(schedule = check()) {
  return renderPage(<ScheduleDetail schedule={schedule} runs={{ items: [], nextCursor: null }} upcoming={["2026-11-23T01:00:00.000Z"]} jobTypeTitle="Heartbeat check" />);
}

const card = () => screen.getByRole("region", { name: "Ping URL" });

test("shows the ping URL, its grace, and examples that call it", () => {
  stubApi(() => undefined);
  renderDetail();
  expect(within(card()).getByTestId("ping-url").textContent).toBe(URL_1);
  expect(within(card()).getByText(/Expects a ping each time the schedule fires, within 2 minutes/)).toBeTruthy();
  const example = (id: string) => within(card()).getByTestId(`ping-example-${id}`).querySelector("code")!.textContent;
  expect(example("crontab")).toBe(`*/15 * * * * /path/to/job.sh && curl -fsS -m 10 --retry 5 -o /dev/null ${URL_1}`);
  expect(example("exit-status")).toContain(`${URL_1}/start\n`);
  expect(example("exit-status")).toContain(`${URL_1}/$?`);
  expect(example("ci")).toContain('secrets.ALMANAC_PING_URL }}/fail"');
  expect(within(card()).getByRole("button", { name: "Copy URL" })).toBeTruthy();
});

test("a heartbeat check has no Run now, and waits for a ping rather than a run", () => {
  stubApi(() => undefined);
  renderDetail();
  expect(screen.queryByRole("button", { name: "Run now" })).toBeNull();
  expect(screen.getByText("Expects a ping", { selector: "dt" })).toBeTruthy();
  expect(screen.queryByText("Next run", { selector: "dt" })).toBeNull();
  expect(screen.getByText(/Runs appear here as pings arrive/)).toBeTruthy();
});

test("New URL is one click: the new URL replaces the old, and the toast says the old one stopped working", async () => {
  const fetchMock = stubApi((url, init) => (url.pathname === "/api/v1/schedules/s1/ping-key" && init.method === "POST" ? { body: check({ pingUrl: URL_2 }) } : undefined));
  renderDetail();
  expect(within(card()).getByRole("button", { name: "New URL" }).getAttribute("title")).toMatch(/current URL stops working at once/);
  fireEvent.click(within(card()).getByRole("button", { name: "New URL" }));
  await waitFor(() => expect(within(card()).getByTestId("ping-url").textContent).toBe(URL_2));
  expect(card().textContent).not.toContain(URL_1);
  expect(screen.getByText("New ping URL: the old one no longer works.")).toBeTruthy();
  expect(requests(fetchMock)).toEqual(["POST /api/v1/schedules/s1/ping-key"]);
});

test("a refused New URL keeps the old one and says why", async () => {
  stubApi((url) => (url.pathname === "/api/v1/schedules/s1/ping-key" ? { status: 403, body: { error: { code: "forbidden", message: "This needs the editor role in this team" } } } : undefined));
  renderDetail();
  fireEvent.click(within(card()).getByRole("button", { name: "New URL" }));
  expect((await within(card()).findByRole("alert")).textContent).toContain("needs the editor role");
  expect(within(card()).getByTestId("ping-url").textContent).toBe(URL_1);
});

test("a viewer sees the ping URL and examples, but is not offered New URL", () => {
  stubApi(() => undefined);
  const team = { id: "t1", name: "Ops", role: "viewer" as const, personal: false };
  renderPage(
    <TeamProvider value={{ userId: "u1", teams: [team], current: team }}>
      <ScheduleDetail schedule={check()} runs={{ items: [], nextCursor: null }} upcoming={[]} />
    </TeamProvider>,
  );
  expect(within(card()).getByTestId("ping-url").textContent).toBe(URL_1);
  expect(within(card()).queryByRole("button", { name: "New URL" })).toBeNull();
});

test("other job types have no Ping URL card, and keep Run now", () => {
  stubApi(() => undefined);
  renderDetail(makeSchedule());
  expect(screen.queryByRole("region", { name: "Ping URL" })).toBeNull();
  expect(screen.getByRole("button", { name: "Run now" })).toBeTruthy();
  expect(screen.getByText("Next run", { selector: "dt" })).toBeTruthy();
});
