// Which slot a ping answers and which slots have passed their grace: pure, at chosen instants.
import { describe, expect, test } from "vitest";
import { nextRun } from "../cron/next-runs";
import { answeredSlot, EARLY_PING_MS, MISSED_RUNS_MAX, overdueSlots } from "./slots";

const t = (iso: string) => Date.parse(iso);
const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());
const utc = (cronExpression: string) => ({ cronExpression, timezone: "UTC" });

describe("answeredSlot", () => {
  test("a ping after the slot answers it and the cursor moves to the following slot", () => {
    const r = answeredSlot(utc("*/5 * * * *"), t("2026-12-07T09:05:00Z"), t("2026-12-07T09:05:07Z"));
    expect([iso(r.slot), iso(r.next)]).toEqual(["2026-12-07T09:05:00.000Z", "2026-12-07T09:10:00.000Z"]);
  });

  test("an hourly check: a ping up to EARLY_PING_MS (60 s) early answers the coming slot, earlier is a run of its own", () => {
    const slot = t("2026-12-07T10:00:00Z");
    expect(EARLY_PING_MS).toBe(60_000);
    expect(answeredSlot(utc("0 * * * *"), slot, slot - 60_000).slot).toBe(slot);
    const tooEarly = answeredSlot(utc("0 * * * *"), slot, slot - 60_001);
    expect(tooEarly).toEqual({ slot: null, next: slot });
  });

  test("every minute: the early tolerance is a quarter of the interval, 15 s", () => {
    const slot = t("2026-12-07T09:01:00Z");
    expect(answeredSlot(utc("* * * * *"), slot, slot - 15_000)).toEqual({ slot, next: slot + 60_000 });
    expect(answeredSlot(utc("* * * * *"), slot, slot - 15_001)).toEqual({ slot: null, next: slot });
    // every 2 minutes: 30 s
    const every2 = t("2026-12-07T09:02:00Z");
    expect(answeredSlot(utc("*/2 * * * *"), every2, every2 - 30_000).slot).toBe(every2);
    expect(answeredSlot(utc("*/2 * * * *"), every2, every2 - 30_001).slot).toBeNull();
  });

  test("the tolerance follows the gap after the waiting slot, not a fixed interval", () => {
    // 09:00 and 09:01 each hour: after 09:00 the next slot is a minute later (15 s early), after 09:01 an hour (60 s).
    const e = utc("0,1 9 * * *");
    const nine = t("2026-12-07T09:00:00Z");
    expect(answeredSlot(e, nine, nine - 15_000).slot).toBe(nine);
    expect(answeredSlot(e, nine, nine - 20_000).slot).toBeNull();
    const nineOne = t("2026-12-07T09:01:00Z");
    expect(answeredSlot(e, nineOne, nineOne - 60_000)).toEqual({ slot: nineOne, next: t("2026-12-08T09:00:00Z") });
  });

  test("a null cursor (no slot waits): the ping is a run of its own and the cursor stays null", () => {
    expect(answeredSlot(utc("* * * * *"), null, t("2026-12-07T09:00:00Z"))).toEqual({ slot: null, next: null });
  });

  test("across the spring DST change in Europe/Berlin: 02:30 does not exist on 2026-03-29; the cursor moves to the slot nextRun gives", () => {
    const e = { cronExpression: "30 2 * * *", timezone: "Europe/Berlin" };
    const sat = t("2026-03-28T01:30:00Z"); // 02:30 CET
    const sunday = nextRun(e.cronExpression, e.timezone, new Date(sat))!.getTime();
    expect(iso(sunday)).toBe("2026-03-29T01:00:00.000Z"); // what the cron core gives for the skipped 02:30
    const first = answeredSlot(e, sat, sat + 5_000);
    expect(first).toEqual({ slot: sat, next: sunday });
    const second = answeredSlot(e, sunday, sunday + 5_000);
    expect(iso(second.slot)).toBe("2026-03-29T01:00:00.000Z");
    expect(iso(second.next)).toBe("2026-03-30T00:30:00.000Z"); // 02:30 CEST
  });

  test("across the autumn DST change: the repeated 02:30 is one slot", () => {
    const e = { cronExpression: "30 2 * * *", timezone: "Europe/Berlin" };
    const slot = t("2026-10-25T00:30:00Z"); // the first 02:30 (CEST)
    expect(iso(nextRun(e.cronExpression, e.timezone, new Date(t("2026-10-24T23:00:00Z")))!.getTime())).toBe(iso(slot));
    expect(iso(answeredSlot(e, slot, slot + 1000).next)).toBe("2026-10-26T01:30:00.000Z");
  });
});

describe("overdueSlots", () => {
  const check = (cronExpression: string, nextRunAt: number | null, graceMs = 60_000, timezone = "UTC") => ({ cronExpression, timezone, nextRunAt, graceMs });

  test("within the grace nothing is missed and the cursor stays", () => {
    const c = check("*/5 * * * *", t("2026-12-07T09:05:00Z"));
    expect(overdueSlots(c, t("2026-12-07T09:05:59.999Z"))).toEqual({ missed: [], earlier: false, next: c.nextRunAt });
  });

  test("at the end of the grace the slot is missed and the cursor moves to the next slot", () => {
    const c = check("*/5 * * * *", t("2026-12-07T09:05:00Z"));
    const r = overdueSlots(c, t("2026-12-07T09:06:00Z"));
    expect(r.missed.map(iso)).toEqual(["2026-12-07T09:05:00.000Z"]);
    expect(r.earlier).toBe(false);
    expect(iso(r.next)).toBe("2026-12-07T09:10:00.000Z");
  });

  test("several slots past their grace, oldest first; the cursor is the oldest slot still within its grace", () => {
    const c = check("* * * * *", t("2026-12-07T09:01:00Z"), 90_000);
    const r = overdueSlots(c, t("2026-12-07T09:05:00Z")); // deadline 09:03:30
    expect(r.missed.map(iso)).toEqual(["2026-12-07T09:01:00.000Z", "2026-12-07T09:02:00.000Z", "2026-12-07T09:03:00.000Z"]);
    expect(iso(r.next)).toBe("2026-12-07T09:04:00.000Z"); // within its grace: a ping may still answer it
  });

  test("after a long silence: the newest MISSED_RUNS_MAX slots, and `earlier` says more came before", () => {
    const c = check("* * * * *", t("2026-12-07T09:00:00Z"));
    const r = overdueSlots(c, t("2026-12-07T12:00:00Z")); // 180 minutes; deadline 11:59
    expect(r.missed).toHaveLength(MISSED_RUNS_MAX);
    expect(r.earlier).toBe(true);
    expect(iso(r.missed[0])).toBe("2026-12-07T11:40:00.000Z");
    expect(iso(r.missed.at(-1)!)).toBe("2026-12-07T11:59:00.000Z");
    expect(iso(r.next)).toBe("2026-12-07T12:00:00.000Z");
  });

  test("exactly MISSED_RUNS_MAX slots: all recorded, no `earlier`", () => {
    const c = check("* * * * *", t("2026-12-07T09:00:00Z"));
    const r = overdueSlots(c, t("2026-12-07T09:20:00Z")); // deadline 09:19: slots 09:00..09:19
    expect(r.missed).toHaveLength(MISSED_RUNS_MAX);
    expect(r.earlier).toBe(false);
    expect(iso(r.missed[0])).toBe("2026-12-07T09:00:00.000Z");
  });

  test("a null cursor (nothing waits): nothing is missed", () => {
    expect(overdueSlots(check("* * * * *", null), t("2026-12-07T12:00:00Z"))).toEqual({ missed: [], earlier: false, next: null });
  });

  test("a daily check across the spring DST change in Europe/Berlin misses the slot nextRun gives, then waits for the next day's 02:30", () => {
    const e = "30 2 * * *";
    const sunday = nextRun(e, "Europe/Berlin", new Date(t("2026-03-28T01:30:00Z")))!.getTime();
    const c = check(e, sunday, 300_000, "Europe/Berlin");
    expect(overdueSlots(c, sunday + 299_999).missed).toEqual([]);
    const r = overdueSlots(c, sunday + 300_000);
    expect(r.missed).toEqual([sunday]);
    expect(iso(r.next)).toBe(iso(nextRun(e, "Europe/Berlin", new Date(sunday))!.getTime()));
    expect(iso(r.next)).toBe("2026-03-30T00:30:00.000Z");
  });

  test("a missed slot followed by a ping: the ping answers the slot after it, not the missed one", () => {
    const e = utc("*/5 * * * *");
    const now = t("2026-12-07T09:10:30Z");
    const over = overdueSlots({ ...e, nextRunAt: t("2026-12-07T09:05:00Z"), graceMs: 60_000 }, now);
    expect(over.missed.map(iso)).toEqual(["2026-12-07T09:05:00.000Z"]);
    const a = answeredSlot(e, over.next, now);
    expect(iso(a.slot)).toBe("2026-12-07T09:10:00.000Z");
    expect(iso(a.next)).toBe("2026-12-07T09:15:00.000Z");
  });
});
