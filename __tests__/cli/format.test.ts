// The CLI's formatting: tables aligned and cut to a width, colour only on a terminal without
// NO_COLOR, relative times and durations.
import { expect, test } from "vitest";
import { duration, painter, relativeTime, table, truncate, useColor } from "../../cli/format";
import { planText, errorLines } from "../../cli/commands/code";
import { scheduleRows, SCHEDULE_HEADER } from "../../cli/commands/schedules";

test("a table aligns its columns two spaces apart, header first", () => {
  const out = table(["ID", "NAME"], [["a1", "nightly backup"], ["b22", "x"]]);
  expect(out.split("\n")).toEqual(["ID   NAME", "a1   nightly backup", "b22  x"]);
});

test("a table wider than the terminal cuts its widest column with an ellipsis, and every line fits", () => {
  const rows = [["id1", "a very long schedule name that goes on and on", "At 02:00 AM, every day"]];
  const out = table(["ID", "NAME", "SCHEDULE"], rows, { maxWidth: 40 });
  for (const line of out.split("\n")) expect([...line].length).toBeLessThanOrEqual(40);
  expect(out).toContain("…");
  expect(out).toContain("id1");
});

test("only the columns named in shrink are cut: an id stays whole for copying", () => {
  const id = "b5a79bcb-6db8-4d13-b41c-efd9458742bf";
  const out = table(["ID", "NAME", "ZONE"], [[id, "a long schedule name that will not fit", "Europe/Berlin"]], { maxWidth: 70, shrink: [1] });
  const row = out.split("\n")[1];
  expect([...row].length).toBeLessThanOrEqual(70);
  expect(row.startsWith(`${id}  a long schedule`)).toBe(true);
  expect(row.endsWith("…  Europe/Berlin")).toBe(true);
});

test("control characters in a cell cannot break a row across lines", () => {
  const out = table(["NAME"], [["two\nlines"]]);
  expect(out.split("\n")).toEqual(["NAME", "two lines"]);
});

test("truncate keeps short text and cuts long text to exactly max characters", () => {
  expect(truncate("abc", 5)).toBe("abc");
  expect(truncate("abcdef", 4)).toBe("abc…");
});

test("colour only on a terminal and only without NO_COLOR", () => {
  expect(useColor({ isTTY: true }, {})).toBe(true);
  expect(useColor({ isTTY: true }, { NO_COLOR: "1" })).toBe(false);
  expect(useColor({ isTTY: false }, {})).toBe(false);
  expect(useColor({}, {})).toBe(false);
  expect(painter(true)("red", "x")).toBe("\x1b[31mx\x1b[39m");
  expect(painter(false)("red", "x")).toBe("x");
});

test("relative times and durations", () => {
  const now = new Date("2026-12-06T12:00:00Z");
  expect(relativeTime("2026-12-06T12:05:00Z", now)).toBe("in 5m");
  expect(relativeTime("2026-12-06T09:58:30Z", now)).toBe("2h 1m ago");
  expect(relativeTime(null, now)).toBe("-");
  expect(duration(850)).toBe("850ms");
  expect(duration(12_000)).toBe("12s");
  expect(duration(3 * 86_400_000 + 4 * 3_600_000)).toBe("3d 4h");
  expect(duration(null)).toBe("-");
});

test("the schedules table shows the words without the zone, which has its own column", () => {
  const now = new Date("2026-12-06T12:00:00Z");
  const s = {
    id: "s1", teamId: "t", name: "nightly", description: null, cronExpression: "0 2 * * *", timezone: "Europe/Berlin",
    cronHuman: "At 02:00 AM, every day (Europe/Berlin)", entrypoint: "log", payload: {}, isEnabled: true, overlapPolicy: "skip",
    misfirePolicy: "run_once", timeoutSeconds: 300, maxRetries: 0, retryDelaySeconds: 30, lastRunAt: null,
    nextRunAt: "2026-12-07T01:00:00Z", lastRunStatus: "failed", createdAt: "", updatedAt: "",
  };
  const out = table(SCHEDULE_HEADER, scheduleRows([s, { ...s, id: "s2", isEnabled: false, nextRunAt: null, lastRunStatus: null }], now));
  const [header, first, second] = out.split("\n");
  expect(header.split(/\s{2,}/)).toEqual(["ID", "NAME", "SCHEDULE", "ZONE", "ENABLED", "NEXT RUN", "LAST STATUS"]);
  expect(first.split(/\s{2,}/)).toEqual(["s1", "nightly", "At 02:00 AM, every day", "Europe/Berlin", "yes", "in 13h", "failed"]);
  expect(second.split(/\s{2,}/)).toEqual(["s2", "nightly", "At 02:00 AM, every day", "Europe/Berlin", "no", "-", "-"]);
});

test("apply's plan reads as a diff, and document errors name file, line, schedule and field", () => {
  const plan = planText(
    { created: ["new one"], updated: [{ name: "nightly", changes: { cronExpression: { from: "0 2 * * *", to: "0 3 * * *" } } }], deleted: ["old"], unchanged: 4 },
    painter(false),
  );
  expect(plan.split("\n")).toEqual([
    "+ new one",
    "~ nightly",
    '    - cronExpression: "0 2 * * *"',
    '    + cronExpression: "0 3 * * *"',
    "- old",
    "1 to create, 1 to update, 1 to delete, 4 unchanged",
  ]);
  expect(errorLines([{ name: "nightly", line: 7, field: "cronExpression", message: "bad" }, { message: "not YAML" }], "s.yaml")).toEqual([
    "s.yaml:7: nightly: cronExpression: bad",
    "s.yaml: not YAML",
  ]);
});
