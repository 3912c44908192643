// parseSchedule on phrases users wrote and got refused or misread: abbreviated units ("every 3 h"),
// the minute of the hour ("at minute 25 of every hour"), windows with an end time ("every 15
// minutes until 4:45 pm") and holidays by name ("on Christmas at 9am"). Conventions as in
// parse-schedule.test.ts: `test`/`test.each`, one row per phrase, expressions compared by their
// fire times through parse/fire-oracle.ts, never as strings. Every accepted phrase must also read
// back from its human text (describeCron, 12- and 24-hour) to the same fire times.
import fc from "fast-check";
import { expect, test } from "vitest";
import { describeCron } from "./describe";
import { parseSchedule } from "./parse-schedule";
import { fireTimes, sameFireTimes } from "./parse/fire-oracle";
import { FIXED_HOLIDAYS, MOVABLE_HOLIDAYS } from "./parse/holidays";
import { validateCron } from "./validate";
import { expectSchedule } from "./expect-schedule";


/** [text, words the reason must contain, words the suggestion must contain] */
type RefusalRow = [string, string, string];

function expectRefusal([text, reason, suggestion]: RefusalRow) {
  const r = parseSchedule(text);
  if (r.ok) throw new Error(`"${text}" was accepted as ${r.cronExpression}`);
  expect(r.reason.toLowerCase()).toContain(reason.toLowerCase());
  expect(r.suggestion?.toLowerCase()).toContain(suggestion.toLowerCase());
  return r;
}

const hhmm = (t: number) => new Date(t).toISOString().slice(11, 16);
const MONDAY = Date.UTC(2026, 0, 5);

/** The first and last run on Monday 5 January 2026 (UTC), by the oracle. */
function firstAndLast(cron: string): [string, string] {
  const day = fireTimes(cron, 1440, MONDAY).filter((t) => t < MONDAY + 86_400_000);
  return [hhmm(day[0]), hhmm(day[day.length - 1])];
}

/** Every accepted phrase reads back from its human text (12- and 24-hour) to the same fire times. */
function roundTrips(rows: readonly (readonly [string, ...unknown[]])[]) {
  test.each(rows.map(([text]) => text))("round trip through describeCron: %s", (text) => {
    const r = parseSchedule(text);
    if (!r.ok) throw new Error(`"${text}" was refused: ${r.reason}`);
    for (const use24HourTime of [false, true]) {
      const human = describeCron(r.cronExpression, "UTC", { use24HourTime });
      const back = parseSchedule(human);
      expect(back.ok && sameFireTimes(back.cronExpression, r.cronExpression), `"${human}" -> ${back.ok ? back.cronExpression : back.reason}`).toBe(true);
    }
  });
}

function human(text: string): string {
  const r = parseSchedule(text);
  if (!r.ok) throw new Error(`"${text}" was refused: ${r.reason}`);
  return describeCron(r.cronExpression, "UTC");
}

// ---- 1. abbreviated units -------------------------------------------------------------------

const UNITS: [string, string][] = [
  ["every 3 h", "0 */3 * * *"],
  ["every 3h", "0 */3 * * *"],
  ["every 3 hrs", "0 */3 * * *"],
  ["every 3 hr", "0 */3 * * *"],
  ["every 1 h", "0 * * * *"],
  ["every 20 mins", "*/20 * * * *"],
  ["every 20 min", "*/20 * * * *"],
  ["every 20m", "*/20 * * * *"],
  ["every 20 m", "*/20 * * * *"],
  ["every 2 d", "0 0 */2 * *"],
  ["every 2d at 9am", "0 9 */2 * *"],
  ["every 1 w", "0 0 * * 0"],
  ["every 2 hrs between 9am and 5pm", "0 9-17/2 * * *"],
  ["every 30 m on weekdays", "*/30 * * * 1-5"],
  ["at 15 m intervals", "*/15 * * * *"],
  // "m" is minutes, in any case; months are "mo", "mth" or "month"
  ["every 5 M", "*/5 * * * *"],
  ["every 2 mo", "0 0 1 */2 *"],
  ["every 3 mths", "0 0 1 */3 *"],
  // ...and never am/pm: a letter is a unit only right after the count of "every N"
  ["every 5 m at 9 am", "*/5 9 * * *"],
  ["every 10 m from 9 a.m. to 5 p.m.", "*/10 9-16 * * *"],
  ["every day at 9 am", "0 9 * * *"],
  ["at 9 pm every 2 d", "0 21 */2 * *"],
];

const UNIT_REFUSALS: RefusalRow[] = [
  ["every 45 secs", "below minimum interval: the shortest interval is one minute", "every minute"],
  ["every 45 sec", "the shortest interval is one minute", "every minute"],
  ["every 45 s", "the shortest interval is one minute", "every minute"],
  ["every 30s", "the shortest interval is one minute", "every minute"],
  // every two weeks stays refused, however it is written
  ["every 2 weeks", "every 2 weeks is not expressible exactly", "every week"],
  ["every 2 wks", "every 2 weeks is not expressible exactly", "every week"],
  ["every 2 wk", "every 2 weeks is not expressible exactly", "every week"],
  ["every 2 w", "every 2 weeks is not expressible exactly", "every week"],
  ["every 5 h", "not expressible exactly", "every 4 hours or every 6 hours"],
  ["every 45 m", "not expressible exactly", "every 30 minutes or every 60 minutes"],
];

test.each(UNITS)("unit: %s -> %s", (text, cron) => {
  expectSchedule(text, cron);
});
test.each(UNIT_REFUSALS)("unit refused: %s (%s)", (...row) => {
  expectRefusal(row);
});
roundTrips(UNITS);
test("the human text of an abbreviated unit", () => {
  expect(human("every 3 h")).toBe("On the hour, every 3 hours, every day (UTC)");
  expect(human("every 20 m")).toBe("Every 20 minutes, every hour, every day (UTC)");
});

// ---- 2. the minute of the hour --------------------------------------------------------------

const MINUTE_OF_HOUR: [string, string][] = [
  ["at minute 25 of every hour", "25 * * * *"],
  ["at minute 25 of each hour", "25 * * * *"],
  ["at minute 5 past every hour", "5 * * * *"],
  ["at minute 25 past the hour", "25 * * * *"],
  ["every hour at minute 25", "25 * * * *"],
  ["at 25 minutes past every hour", "25 * * * *"],
  ["every hour at 25 minutes past", "25 * * * *"],
  ["at :25 every hour", "25 * * * *"],
  ["every hour at :25", "25 * * * *"],
  ["at minute 0 and 30 of every hour", "0,30 * * * *"],
  ["at minutes 0 and 30 of every hour", "0,30 * * * *"],
  ["at :00 and :30 every hour", "0,30 * * * *"],
  ["at minute 0 and 30 of every hour on weekdays", "0,30 * * * 1-5"],
  // a window ends at its end: 17:25 is after 17:00
  ["at minute 25 of every hour from 9 to 17", "25 9-16 * * *"],
  ["at minute 25 of every hour from 9:00 to 17:30", "25 9-17 * * *"],
];

test.each(MINUTE_OF_HOUR)("minute of the hour: %s -> %s", (text, cron) => {
  expectSchedule(text, cron);
});
roundTrips(MINUTE_OF_HOUR);
test("the human text of a minute of the hour", () => {
  expect(human("at minute 25 of every hour")).toBe("At 25 minutes past the hour, every hour, every day (UTC)");
});

// ---- 3. windows with an end time ------------------------------------------------------------
// The rule (docs/cron-semantics.md): the end is included when a run falls on it, except an end on
// the hour with several runs an hour ("from 9 to 5" stops at 4:45); an end or a start that splits
// an hour's runs is refused, since cron runs the same minutes in every hour.

/** [text, cron, first run of the day, last run of the day] */
const WINDOWS: [string, string, string, string][] = [
  ["every 15 minutes from 7 am to 6 pm", "*/15 7-17 * * *", "07:00", "17:45"],
  ["every 15 minutes until 4:45 pm", "*/15 0-16 * * *", "00:00", "16:45"],
  ["every 20 minutes from 9:00 to 17:40", "*/20 9-17 * * *", "09:00", "17:40"],
  ["every hour from 9am to 5pm", "0 9-17 * * *", "09:00", "17:00"],
  ["every 2 hours from 8 am to 8 pm", "0 8-20/2 * * *", "08:00", "20:00"],
  ["every 15 minutes from 7 am to 6 pm on weekdays", "*/15 7-17 * * 1-5", "07:00", "17:45"],
  ["every 30 minutes until 6:30 pm", "*/30 0-18 * * *", "00:00", "18:30"],
  ["every 20 minutes until 4:50 pm", "*/20 0-16 * * *", "00:00", "16:40"],
  ["every 15 minutes from 9 to 17:45", "*/15 9-17 * * *", "09:00", "17:45"],
  ["every 15 minutes between 7:00 and 18:45", "*/15 7-18 * * *", "07:00", "18:45"],
  ["every hour from 9:30 to 17:15", "30 9-16 * * *", "09:30", "16:30"],
  ["every 2 hours from 8 am to 7 pm on weekdays", "0 8-18/2 * * 1-5", "08:00", "18:00"],
  ["every 10 m until 5:50 pm on weekdays", "*/10 0-17 * * 1-5", "00:00", "17:50"],
  // unchanged: whole-hour ends with several runs an hour
  ["every 15 minutes between 9 and 17 on weekdays", "*/15 9-16 * * 1-5", "09:00", "16:45"],
  ["every 30 minutes from 9am to 5pm", "*/30 9-16 * * *", "09:00", "16:30"],
  ["every 15 minutes between 09:00 AM and 04:59 PM", "*/15 9-16 * * *", "09:00", "16:45"],
  ["every 10 minutes during business hours", "*/10 9-16 * * *", "09:00", "16:50"],
  ["hourly until 2am", "0 0-2 * * *", "00:00", "02:00"],
];

test.each(WINDOWS)("window: %s -> %s, runs %s to %s", (text, cron, first, last) => {
  const r = expectSchedule(text, cron);
  expect(firstAndLast(r.cronExpression)).toEqual([first, last]);
});

roundTrips(WINDOWS);
test("the human text of a window names its first and last hour", () => {
  expect(human("every 15 minutes until 4:45 pm")).toBe("Every 15 minutes, between 12:00 AM and 04:59 PM, every day (UTC)");
  expect(human("every 15 minutes from 7 am to 6 pm")).toBe("Every 15 minutes, between 07:00 AM and 05:59 PM, every day (UTC)");
  expect(human("every 2 hours from 8 am to 8 pm")).toBe("On the hour, every 2 hours, between 08:00 AM and 08:00 PM, every day (UTC)");
});

test("a window across midnight keeps its end rule", () => {
  expectSchedule("every 20 minutes from 22:00 to 1:40", "*/20 22-23,0-1 * * *");
  expectSchedule("every 20 minutes between 10pm and 2am", "*/20 22-23,0-1 * * *");
});

const WINDOW_REFUSALS: RefusalRow[] = [
  ["every 25 minutes until 4:45 pm", "every 25 minutes is not expressible exactly in 5-field cron: a minute step restarts every hour", "every 20 minutes or every 30 minutes"],
  ["every 15 minutes until 4:40 pm", "a window ending at 16:40 cuts an hour's runs in two (16:00, 16:15, 16:30 but not 16:45)", "until 16:45 or until 15:45"],
  ["every 20 minutes from 8 am to 6:30 pm", "ending at 18:30 cuts an hour's runs in two (18:00, 18:20 but not 18:40)", "between 8:00 and 18:40 or between 8:00 and 17:40"],
  ["every 15 minutes from 7:15 am to 6 pm", "a window starting at 7:15 cuts an hour's runs in two (7:15, 7:30, 7:45 but not 7:00)", "between 8 and 18 or between 7 and 18"],
  ["every 15 minutes starting at 9:15", "starting at 9:15 cuts an hour's runs in two", "starting at 10:00 or starting at 9:00"],
  ["every 10 minutes from 8:30 to 17:00", "cuts an hour", "between 9 and 17"],
];

test.each(WINDOW_REFUSALS)("window refused: %s (%s)", (...row) => {
  expectRefusal(row);
});

test.each(WINDOW_REFUSALS.slice(1))("each window suggested for %s parses", (text) => {
  const r = parseSchedule(text);
  if (r.ok || !r.suggestion) throw new Error(`"${text}" should be refused with a suggestion`);
  const frequency = text.match(/^every \d+ minutes/)?.[0];
  for (const option of r.suggestion.replace(/^.*e\.g\. /, "").split(" or ")) {
    const s = parseSchedule(`${frequency} ${option}`);
    expect(s.ok, `"${frequency} ${option}" parses`).toBe(true);
  }
});

// ---- 4. holidays by name --------------------------------------------------------------------

const HOLIDAYS: [string, string][] = [
  ["on Christmas at 9am", "0 9 25 12 *"],
  ["every christmas at 9am", "0 9 25 12 *"],
  ["christmas day", "0 0 25 12 *"],
  ["on xmas at noon", "0 12 25 12 *"],
  ["on Christmas Eve at 6pm", "0 18 24 12 *"],
  ["New Year's Day", "0 0 1 1 *"],
  ["new years day at 9", "0 9 1 1 *"],
  ["on new year's eve at 11pm", "0 23 31 12 *"],
  ["Halloween", "0 0 31 10 *"],
  ["on hallowe'en at 8pm", "0 20 31 10 *"],
  ["Valentine's Day at 8am", "0 8 14 2 *"],
  ["valentines day", "0 0 14 2 *"],
  ["Independence Day", "0 0 4 7 *"],
  ["the Fourth of July", "0 0 4 7 *"],
  ["July 4th", "0 0 4 7 *"],
  ["St Patrick's Day", "0 0 17 3 *"],
  ["on St. Patrick's Day at 5pm", "0 17 17 3 *"],
  ["saint patricks day", "0 0 17 3 *"],
  ["Boxing Day", "0 0 26 12 *"],
  ["Bastille Day at 14:00", "0 14 14 7 *"],
  ["May Day", "0 0 1 5 *"],
  ["every may day at 6", "0 6 1 5 *"],
  ["April Fools' Day at noon", "0 12 1 4 *"],
  ["every year on christmas at 9am", "0 9 25 12 *"],
  ["on christmas every 2 hours", "0 */2 25 12 *"],
  ["on christmas eve and christmas day at 10", "0 10 24-25 12 *"],
];

test.each(HOLIDAYS)("holiday: %s -> %s", (text, cron) => {
  expectSchedule(text, cron);
});
roundTrips(HOLIDAYS);
test("the human text of a holiday is its date", () => {
  expect(human("on Christmas at 9am")).toBe("At 09:00 AM, on day 25 of the month, only in December (UTC)");
});

test("a holiday keeps the zone and the name around it", () => {
  expectSchedule("St Patrick's Day at 9am Europe/Dublin", "0 9 17 3 *", { timezone: "Europe/Dublin" });
  expectSchedule("send christmas cards on december 1st", "0 0 1 12 *", { name: "send christmas cards" });
  expectSchedule("remind me of christmas at 9am", "0 9 25 12 *", { name: "remind me" });
  expectSchedule("christmas party reminder at 9am", "0 9 * * *", { name: "christmas party reminder" });
  // a name that ends in a holiday word: the schedule is what comes before it
  expectSchedule("every day at 9 send christmas cards", "0 9 * * *", { name: "send christmas cards" });
  expectSchedule("every day at 9 check easter", "0 9 * * *", { name: "check easter" });
  expectSchedule("easter egg hunt every day at 9", "0 9 * * *", { name: "easter egg hunt" });
});

test.each(FIXED_HOLIDAYS.flatMap((h) => h.names.map((name) => [name, h.label, `0 9 ${h.day} ${h.month} *`] as const)))(
  "every name of a fixed holiday is its date: %s (%s)",
  (name, _label, cron) => {
    expectSchedule(`on ${name} at 9am`, cron);
  },
);

const MOVABLE: RefusalRow[] = [
  ["on Easter at 9", '"Easter" is not expressible in 5-field cron: its date moves from year to year', 'e.g. "on April 5 at 9am"'],
  ["Easter Monday", '"Easter Monday" is not expressible', "changed each year"],
  ["good friday at 5pm", "moves from year to year (the Friday before Easter", "changed each year"],
  ["Thanksgiving", "the fourth Thursday of November", 'e.g. "on November 26 at 9am"'],
  ["on thanksgiving day at noon", "moves from year to year", "changed each year"],
  ["Labor Day", "the first Monday of September", "changed each year"],
  ["labour day at 8", "moves from year to year", "changed each year"],
  ["Mother's Day", "the second Sunday of May", "changed each year"],
  ["Memorial Day", "the last Monday of May", "changed each year"],
  ["Chinese New Year", "moves from year to year", "changed each year"],
];

test.each(MOVABLE)("movable holiday refused: %s (%s)", (...row) => {
  expectRefusal(row);
});

test.each(MOVABLE_HOLIDAYS.flatMap((h) => h.names.map((name) => [name, h.label] as const)))(
  "every name of a movable holiday is refused, with a date that parses: %s (%s)",
  (name, label) => {
    const r = expectRefusal([`on ${name} at 9am`, `"${label}" is not expressible in 5-field cron: its date moves from year to year`, "changed each year"]);
    const example = r.suggestion?.match(/"([^"]+)"/)?.[1] ?? "";
    const s = parseSchedule(example);
    expect(s.ok && fireTimes(s.cronExpression, 1).length === 1, `"${example}" parses and fires`).toBe(true);
  },
);

test("leaving out a holiday is refused: cron would skip that day in every month", () => {
  expectRefusal(["every weekday except christmas", "cannot leave out one date of the year", "skip the date in the job"]);
  // and holidays in general, as before
  expectRefusal(["every weekday except holidays", "no calendar of holidays", "skip holidays in the job"]);
});

test("month and day words around holidays read as before", () => {
  expectSchedule("may 1st at 9", "0 9 1 5 *");
  expectSchedule("every day in may at 9", "0 9 * 5 *");
  expectSchedule("the 4th of july at noon", "0 12 4 7 *");
  expectSchedule("every monday at 9", "0 9 * * 1");
  expectSchedule("every 2 hours on the hour", "0 */2 * * *");
});

// ---- the new vocabulary, at random ----------------------------------------------------------

test("never throws on the new vocabulary, and every accepted expression is valid and fires", () => {
  const words = fc.constantFrom(
    "every", "3", "h", "m", "d", "w", "s", "mo", "hrs", "mins", "secs", "wks", "20m", "at", "minute", "25", "of", "past",
    "hour", ":25", "from", "to", "until", "7", "am", "pm", "4:45", "17:40", "on", "weekdays", "christmas", "eve", "new",
    "year's", "day", "st.", "patrick's", "may", "easter", "thanksgiving", "except", "and", "backup",
  );
  fc.assert(
    fc.property(fc.array(words, { maxLength: 12 }).map((w) => w.join(" ")), (text) => {
      const r = parseSchedule(text);
      if (r.ok) {
        expect(validateCron(r.cronExpression).ok, `${text} -> ${r.cronExpression}`).toBe(true);
        expect(fireTimes(r.cronExpression, 1).length, `${text} -> ${r.cronExpression} fires`).toBe(1);
      } else expect(r.reason.length).toBeGreaterThan(0);
    }),
    { numRuns: 2000, seed: 20261206 },
  );
});
