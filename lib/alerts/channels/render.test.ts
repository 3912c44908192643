import { expect, test } from "vitest";
import { failedPayload } from "../../../__tests__/support/alerts";
import type { AlertPayload } from "../payload";
import { formatDuration, renderAlert } from "./render";

const base = failedPayload();
const noSchedule = { schedule: undefined, run: undefined, consecutiveFailures: undefined };

test.each<[string, Partial<AlertPayload>, string]>([
  ["first failure", { consecutiveFailures: 1 }, '[Almanac] "nightly-backup" failed'],
  ["a streak", {}, '[Almanac] "nightly-backup" failed 3 times in a row'],
  ["a reminder", { reminder: 2, consecutiveFailures: 5 }, '[Almanac] "nightly-backup" is still failing: 5 times in a row'],
  ["recovery", { type: "schedule.recovered" }, '[Almanac] "nightly-backup" recovered'],
  ["a slow run", { type: "run.slow", slow: { runLongerThanSeconds: 600 }, consecutiveFailures: undefined }, '[Almanac] "nightly-backup" is still running after 10 min'],
  ["a missed slot", { type: "schedule.missed", run: undefined, consecutiveFailures: undefined, missed: { scheduledFor: "2026-12-06T08:00:00.000Z", graceSeconds: 300 } }, '[Almanac] "nightly-backup" missed its 09:00 run'],
  ["no worker", { type: "worker.down", ...noSchedule, worker: { downSince: "2026-12-06T02:00:00.000Z", lastSeenAt: null } }, "[Almanac] No worker is running"],
  ["a worker back", { type: "worker.up", ...noSchedule, worker: { downSince: "2026-12-06T02:00:00.000Z", lastSeenAt: "2026-12-06T02:10:00.000Z" } }, "[Almanac] Worker is back"],
  ["a test", { type: "channel.test", ...noSchedule, channel: { id: "ch_1", name: "ops" } }, '[Almanac] Test alert from channel "ops"'],
])("the subject of %s", (_, overrides, subject) => {
  expect(renderAlert({ ...base, ...overrides }).subject).toBe(subject);
});

test("the text body has the team, link, cron and zone, the run and the streak", () => {
  const r = renderAlert(failedPayload({ reminder: 1 }));
  expect(r.text).toContain("Team:");
  expect(r.text).toContain("Ops");
  expect(r.text).toContain("https://cron.example.com/schedules/sch_1");
  expect(r.text).toContain("0 3 * * * (Europe/Berlin)");
  expect(r.text).toMatch(/Scheduled for: +2026-12-06 03:00/);
  expect(r.text).toMatch(/Run: +failed, attempt 2, took 12\.3 s/);
  expect(r.text).toMatch(/Error: +HttpStatusError: expected 2xx, got 503/);
  expect(r.text).toMatch(/Failures in a row: +3/);
  expect(r.text).toMatch(/Reminder: +1/);
  expect(r.summary).toBe('"nightly-backup" is still failing: 3 times in a row (team Ops): HttpStatusError: expected 2xx, got 503');
});

test("HTML escapes every user-supplied value", () => {
  const r = renderAlert(
    failedPayload({
      team: { id: "t", name: "<b>Ops</b>" },
      schedule: { ...base.schedule!, name: '<script>alert("x")</script>', url: 'https://cron.example.com/s/1"><script>' },
      run: { ...base.run!, error: { message: "<img src=x onerror=alert(1)>" } },
    }),
  );
  expect(r.html).not.toMatch(/<script|<img|<b>/);
  expect(r.html).toContain("&#60;script&#62;alert(&#34;x&#34;)&#60;/script&#62;");
  expect(r.html).toContain('href="https://cron.example.com/s/1&#34;&#62;&#60;script&#62;"');
  expect(r.subject).toBe('[Almanac] "<script>alert("x")</script>" failed 3 times in a row');
});

test("names with line breaks stay on one line in the subject; a link that is not http(s) is left out", () => {
  const r = renderAlert(failedPayload({ schedule: { ...base.schedule!, name: "a\r\nBcc: x@example.com", url: "javascript:alert(1)" } }));
  expect(r.subject).toBe('[Almanac] "a Bcc: x@example.com" failed 3 times in a row');
  expect(r.link).toBeUndefined();
  expect(r.html).not.toContain("javascript:");
});

test.each([
  [850, "850 ms"],
  [12_340, "12.3 s"],
  [245_000, "4 min 5 s"],
  [600_000, "10 min"],
  [7_380_000, "2 h 3 min"],
])("formatDuration(%d) is %s", (ms, text) => {
  expect(formatDuration(ms)).toBe(text);
});
