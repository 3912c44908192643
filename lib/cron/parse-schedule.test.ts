// parseSchedule: the dev fixture, our own phrases, refusals, and the promises every input keeps
// (never throws, fast on long text, case-insensitive). Expressions are compared by their next
// fire times (parse/fire-oracle.ts), never as strings: "*/30" and "0,30" are the same schedule.
// Conventions: `test`/`test.each`, one row per phrase; a row's name and zone default to "none".
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import fc from "fast-check";
import { expect, test } from "vitest";
import { MAX_SCHEDULE_TEXT, parseSchedule, type ParseResult } from "./parse-schedule";
import { fireTimes, sameFireTimes } from "./parse/fire-oracle";
import { validateCron } from "./validate";
import { expectSchedule } from "./expect-schedule";


// ---- the dev fixture ------------------------------------------------------------------------

type FixtureRow = { text: string; cron: string | null; tz: string | null; name: string | null; reason?: string };

const FIXTURE = path.resolve(import.meta.dirname, "../../../shared/fixtures/nl_cron.dev.jsonl");
const fixtureRows: FixtureRow[] = existsSync(FIXTURE)
  ? readFileSync(FIXTURE, "utf8")
      .split("\n")
      .filter((l) => l.trim())
      .map((l) => JSON.parse(l) as FixtureRow)
  : [];
if (!fixtureRows.length) console.warn(`\n*** ${FIXTURE} not found: the dev fixture tests are SKIPPED\n`);

test.skipIf(!fixtureRows.length)("dev fixture: every row passes (fire times, zone, name, refusals)", () => {
  const failures: string[] = [];
  for (const row of fixtureRows) {
    const r = parseSchedule(row.text);
    if (row.cron === null) {
      if (r.ok) failures.push(`${row.text}: expected a refusal (${row.reason}), got ${r.cronExpression}`);
      else if (row.reason && !r.reason.toLowerCase().includes(row.reason.toLowerCase())) failures.push(`${row.text}: reason "${r.reason}" does not say "${row.reason}"`);
    } else if (!r.ok) failures.push(`${row.text}: refused (${r.reason}), expected ${row.cron}`);
    else if (!sameFireTimes(r.cronExpression, row.cron)) failures.push(`${row.text}: ${r.cronExpression}, expected ${row.cron}`);
    else if ((r.timezone ?? null) !== row.tz) failures.push(`${row.text}: zone ${r.timezone}, expected ${row.tz}`);
    else if ((r.name ?? null) !== row.name) failures.push(`${row.text}: name ${r.name}, expected ${row.name}`);
  }
  const passed = fixtureRows.length - failures.length;
  console.log(`dev fixture: ${passed}/${fixtureRows.length}${failures.length ? `\n  ${failures.join("\n  ")}` : ""}`);
  expect(failures).toEqual([]);
});

// ---- phrases of our own ---------------------------------------------------------------------

const MINUTES_AND_HOURS: [string, string][] = [
  ["every minute", "* * * * *"],
  ["each minute", "* * * * *"],
  ["once a minute", "* * * * *"],
  ["every 1 minute", "* * * * *"],
  ["minutely", "* * * * *"],
  ["every 2 minutes", "*/2 * * * *"],
  ["every three minutes", "*/3 * * * *"],
  ["every 5 mins", "*/5 * * * *"],
  ["every 5m", "*/5 * * * *"],
  ["Every Ten Minutes", "*/10 * * * *"],
  ["every 12 minutes", "*/12 * * * *"],
  ["every twenty minutes", "*/20 * * * *"],
  ["every 30 minutes", "0,30 * * * *"],
  ["every half hour", "0,30 * * * *"],
  ["every half an hour", "*/30 * * * *"],
  ["half-hourly", "*/30 * * * *"],
  ["every quarter hour", "*/15 * * * *"],
  ["every quarter of an hour", "*/15 * * * *"],
  ["at 15 minute intervals", "*/15 * * * *"],
  ["in 10-minute intervals", "*/10 * * * *"],
  ["three times an hour", "*/20 * * * *"],
  ["4 times per hour", "*/15 * * * *"],
  ["every 120 seconds", "*/2 * * * *"],
  ["every 60 minutes", "0 * * * *"],
  ["once an hour", "0 * * * *"],
  ["every hour", "0 * * * *"],
  ["each hour", "0 * * * *"],
  ["@hourly", "0 * * * *"],
  ["at the top of every hour", "0 * * * *"],
  ["every hour at :30", "30 * * * *"],
  ["hourly at 15", "15 * * * *"],
  ["every hour at 15 past", "15 * * * *"],
  ["every hour at quarter past", "15 * * * *"],
  ["at 5 minutes past every hour", "5 * * * *"],
  ["every hour at xx:45", "45 * * * *"],
  ["at minutes 10 and 40 past the hour", "10,40 * * * *"],
  ["every 120 minutes", "0 */2 * * *"],
  ["every 2 hours", "0 */2 * * *"],
  ["every 2h", "0 */2 * * *"],
  ["every second hour", "0 */2 * * *"],
  ["every 3 hours", "0 */3 * * *"],
  ["every four hours", "0 */4 * * *"],
  ["every 8 hours", "0 */8 * * *"],
  ["every 12 hours", "0 */12 * * *"],
  ["every 24 hours", "0 0 * * *"],
  ["every 2 hours at :30", "30 */2 * * *"],
  ["every 6 hours starting at 3am", "0 3-23/6 * * *"],
  ["every 2 hours between 8am and 6pm", "0 8-18/2 * * *"],
  ["every hour from 9:30 to 17:30", "30 9-17 * * *"],
  ["every hour from 9 to 5", "0 9-17 * * *"],
  ["every 5 minutes between 9:00 and 9:30", "0-30/5 9 * * *"],
  ["every minute between 1 and 2am", "* 1 * * *"],
  ["every 10 minutes during business hours", "*/10 9-16 * * *"],
  ["every 30 minutes from 9am to 5pm on weekdays", "*/30 9-16 * * 1-5"],
  ["every 20 minutes between 10pm and 2am", "*/20 22-23,0-1 * * *"],
  ["every 15 min 9-5 mon-fri", "*/15 9-16 * * 1-5"],
  ["every 15 minutes 9am-5pm", "*/15 9-16 * * *"],
  ["every 30 minutes until 6pm", "*/30 0-17 * * *"],
  ["every 2 hours from 6am", "0 6-22/2 * * *"],
  ["hourly from 8 to 18 on weekdays", "0 8-18 * * 1-5"],
  ["every hour between 9:00 and 17:00 except saturdays and sundays", "0 9-17 * * 1-5"],
  ["every 5 minutes during working hours on weekdays", "*/5 9-16 * * 1-5"],
  ["every 4 hours on weekends", "0 */4 * * 0,6"],
  ["every third hour", "0 */3 * * *"],
  ["thrice an hour", "*/20 * * * *"],
  ["every 2 hours on the hour", "0 */2 * * *"],
  ["every hour at half past", "30 * * * *"],
  ["every hour at 0, 15, 30 and 45 minutes past", "*/15 * * * *"],
  ["every 6 hours at minute 15", "15 */6 * * *"],
  ["every hour at the 30 minute mark", "30 * * * *"],
  ["every hour on the half-hour", "30 * * * *"],
  ["every half-hour", "*/30 * * * *"],
  ["hourly from 11pm to 3am", "0 23,0-3 * * *"],
  ["four times an hour", "*/15 * * * *"],
  ["at the half hour, every hour", "30 * * * *"],
  ["on the quarter hour", "*/15 * * * *"],
  ["every half day", "0 0,12 * * *"],
  ["every 3 hours starting at midnight", "0 */3 * * *"],
  ["every 4 hours beginning at 2am", "0 2-22/4 * * *"],
];

const TIMES_OF_DAY: [string, string][] = [
  ["daily", "0 0 * * *"],
  ["every day", "0 0 * * *"],
  ["once a day", "0 0 * * *"],
  ["@daily", "0 0 * * *"],
  ["nightly", "0 0 * * *"],
  ["every day at 9", "0 9 * * *"],
  ["every day at 9am", "0 9 * * *"],
  ["Every Day At 9AM", "0 9 * * *"],
  ["9am every day", "0 9 * * *"],
  ["daily at 9:30 pm", "30 21 * * *"],
  ["at 21:15 every day", "15 21 * * *"],
  ["every night at 11", "0 23 * * *"],
  ["nightly at 2", "0 2 * * *"],
  ["every morning at 7:30", "30 7 * * *"],
  ["every afternoon at 3", "0 15 * * *"],
  ["at 8 in the evening", "0 20 * * *"],
  ["at 10 at night", "0 22 * * *"],
  ["at half past 8", "30 8 * * *"],
  ["at quarter past 7 pm", "15 19 * * *"],
  ["at ten past nine", "10 9 * * *"],
  ["at twenty to five", "40 4 * * *"],
  ["at nine thirty", "30 9 * * *"],
  ["at nine forty-five pm", "45 21 * * *"],
  ["at 9 o'clock", "0 9 * * *"],
  ["at noon", "0 12 * * *"],
  ["midday every day", "0 12 * * *"],
  ["at 12 noon", "0 12 * * *"],
  ["at midnight", "0 0 * * *"],
  ["at 12pm", "0 12 * * *"],
  ["at 12:30am", "30 0 * * *"],
  ["at 0:00", "0 0 * * *"],
  ["at 1530", "30 15 * * *"],
  ["at 1530h daily", "30 15 * * *"],
  ["at 18h30", "30 18 * * *"],
  ["at 9.30am", "30 9 * * *"],
  ["at 9 a.m.", "0 9 * * *"],
  ["at 6p", "0 18 * * *"],
  ["at 6 PM sharp", "0 18 * * *"],
  ["twice a day", "0 0,12 * * *"],
  ["twice daily at 9 and 21", "0 9,21 * * *"],
  ["three times a day", "0 */8 * * *"],
  ["twice a day at 9 and 5pm", "0 9,17 * * *"],
  ["at 9am and 5pm", "0 9,17 * * *"],
  ["at 8, 12 and 16", "0 8,12,16 * * *"],
  ["at 8 and 10 pm", "0 20,22 * * *"],
  ["at 9:00 and 9:30", "0,30 9 * * *"],
  ["at 6:15 and 18:15", "15 6,18 * * *"],
  ["noon daily", "0 12 * * *"],
  ["6pm daily", "0 18 * * *"],
  ["daily, 6pm", "0 18 * * *"],
  ["at 18.30", "30 18 * * *"],
  ["at 6.30pm", "30 18 * * *"],
  ["at 1800 hrs", "0 18 * * *"],
  ["every day at 12 midnight", "0 0 * * *"],
  ["every day at noon and midnight", "0 0,12 * * *"],
  ["every day at half past seven in the evening", "30 19 * * *"],
  ["at the beginning of every day", "0 0 * * *"],
];

const DAYS_OF_WEEK: [string, string][] = [
  ["every weekday", "0 0 * * 1-5"],
  ["weekdays", "0 0 * * 1-5"],
  ["on business days at 8:45", "45 8 * * 1-5"],
  ["every working day at 7", "0 7 * * 1-5"],
  ["on weekends at 10", "0 10 * * 0,6"],
  ["every weekend", "0 0 * * 0,6"],
  ["every saturday and sunday at 10am", "0 10 * * 0,6"],
  ["mon-fri at 8", "0 8 * * 1-5"],
  ["MON-FRI 08:00", "0 8 * * 1-5"],
  ["monday through friday at 6am", "0 6 * * 1-5"],
  ["from monday to friday at 6am", "0 6 * * 1-5"],
  ["monday thru friday at 9:15", "15 9 * * 1-5"],
  ["every mon, wed, fri at 7", "0 7 * * 1,3,5"],
  ["mon/wed/fri at 7", "0 7 * * 1,3,5"],
  ["on tuesdays and thursdays at 14:00", "0 14 * * 2,4"],
  ["every tuesday", "0 0 * * 2"],
  ["every sunday", "0 0 * * 0"],
  ["sundays at 10pm", "0 22 * * 0"],
  ["every friday night at 11", "0 23 * * 5"],
  ["weeknights at 10pm", "0 22 * * 1-5"],
  ["every weekday morning at 7", "0 7 * * 1-5"],
  ["every day except sunday at 6", "0 6 * * 1-6"],
  ["weekdays except friday at 5pm", "0 17 * * 1-4"],
  ["friday to monday at noon", "0 12 * * 5,6,0,1"],
  ["weekly", "0 0 * * 0"],
  ["every week", "0 0 * * 0"],
  ["once a week", "0 0 * * 0"],
  ["weekly on monday", "0 0 * * 1"],
  ["weekly on fridays at 5pm", "0 17 * * 5"],
  ["every 15 minutes on weekdays", "*/15 * * * 1-5"],
  ["every hour on mondays", "0 * * * 1"],
  ["thurs at 4:30pm", "30 16 * * 4"],
  ["every day but saturday", "0 0 * * 0-5"],
  ["on weekdays only at 9", "0 9 * * 1-5"],
  ["hourly on weekdays", "0 * * * 1-5"],
  ["every sunday @ 5pm", "0 17 * * 0"],
  ["every monday and friday at 9", "0 9 * * 1,5"],
  ["at 9 on mondays and fridays", "0 9 * * 1,5"],
  ["at the start of every week", "0 0 * * 1"],
];

const DAYS_OF_MONTH_AND_MONTHS: [string, string][] = [
  // Day steps restart on the 1st (the 31st and the 1st both run), but it is what people mean.
  ["every other day", "0 0 */2 * *"],
  ["every 2nd day at 9am", "0 9 */2 * *"],
  ["every 3 days at noon", "0 12 */3 * *"],
  ["monthly", "0 0 1 * *"],
  ["every month", "0 0 1 * *"],
  ["@monthly", "0 0 1 * *"],
  ["monthly on the 15th at noon", "0 12 15 * *"],
  ["on the 1st and 15th at 9am", "0 9 1,15 * *"],
  ["the 1st, 10th and 20th of each month", "0 0 1,10,20 * *"],
  ["1st of every month", "0 0 1 * *"],
  ["first day of the month at midnight", "0 0 1 * *"],
  ["on day 5 of every month", "0 0 5 * *"],
  ["on the 5th", "0 0 5 * *"],
  ["on the 28th at 23:00", "0 23 28 * *"],
  ["on the twenty-first at 6", "0 6 21 * *"],
  ["every month on the 10th", "0 0 10 * *"],
  ["twice a month", "0 0 1,15 * *"],
  ["mid-month", "0 0 15 * *"],
  ["on days 1-7 at 6", "0 6 1-7 * *"],
  ["between the 1st and the 7th at 6", "0 6 1-7 * *"],
  ["every 3 days in a month", "0 0 */3 * *"],
  ["every day except the 1st", "0 0 2-31 * *"],
  ["quarterly", "0 0 1 1,4,7,10 *"],
  ["every quarter", "0 0 1 */3 *"],
  ["every 3 months", "0 0 1 */3 *"],
  ["every 6 months", "0 0 1 1,7 *"],
  ["twice a year", "0 0 1 1,7 *"],
  ["semi-annually", "0 0 1 1,7 *"],
  ["every other month", "0 0 1 */2 *"],
  ["four times a year", "0 0 1 */3 *"],
  ["yearly", "0 0 1 1 *"],
  ["annually", "0 0 1 1 *"],
  ["@yearly", "0 0 1 1 *"],
  ["once a year", "0 0 1 1 *"],
  ["annually on march 15th", "0 0 15 3 *"],
  ["every year on dec 25 at 8am", "0 8 25 12 *"],
  ["every january 1st at midnight", "0 0 1 1 *"],
  ["1 jan every year", "0 0 1 1 *"],
  ["the 4th of july at noon", "0 12 4 7 *"],
  ["on January 1st and July 1st", "0 0 1 1,7 *"],
  ["every june", "0 0 1 6 *"],
  ["in june and july at 6am every day", "0 6 * 6-7 *"],
  ["every day from june to august at 7", "0 7 * 6-8 *"],
  ["every weekday in december at 9", "0 9 * 12 1-5"],
  ["every day in winter at 8", "0 8 * 12,1,2 *"],
  ["daily except in august", "0 0 * 1-7,9-12 *"],
  ["every 15 minutes in january", "*/15 * * 1 *"],
  ["on the 1st of january, april, july and october", "0 0 1 1,4,7,10 *"],
  ["the 1st of jan and jul", "0 0 1 1,7 *"],
  ["at the start of every quarter", "0 0 1 1,4,7,10 *"],
  ["at the beginning of each month", "0 0 1 * *"],
  ["every weekday in summer at 7", "0 7 * 6-8 1-5"],
  ["every day in March and April at 10", "0 10 * 3-4 *"],
  ["every year on july 4th", "0 0 4 7 *"],
  ["every quarter on the first day at 6", "0 6 1 1,4,7,10 *"],
];

const ZONES: [string, string, string][] = [
  ["every sunday at 3am UTC", "0 3 * * 0", "UTC"],
  ["daily at 9am America/New_York", "0 9 * * *", "America/New_York"],
  ["at 9am in europe/london", "0 9 * * *", "Europe/London"],
  ["at 9AM EUROPE/LONDON", "0 9 * * *", "Europe/London"],
  ["at 5pm EST", "0 17 * * *", "America/New_York"],
  ["at 9am pacific time", "0 9 * * *", "America/Los_Angeles"],
  ["at 10:00 tokyo time", "0 10 * * *", "Asia/Tokyo"],
  ["at 8:00 new york time", "0 8 * * *", "America/New_York"],
  ["every hour utc+2", "0 * * * *", "Etc/GMT-2"],
  ["at 3 pm (UTC)", "0 15 * * *", "UTC"],
  ["weekdays at 9 in timezone Australia/Sydney", "0 9 * * 1-5", "Australia/Sydney"],
  ["at 7 GMT", "0 7 * * *", "UTC"],
  ["Every Tuesday at 2:30 PM EST", "30 14 * * 2", "America/New_York"],
  ["at 7pm (Europe/London)", "0 19 * * *", "Europe/London"],
  ["daily at noon UTC", "0 12 * * *", "UTC"],
];

const NAMES: [string, string, string][] = [
  ["run backup at 3am", "0 3 * * *", "backup"],
  ["backup the database every night at 2am", "0 2 * * *", "backup the database"],
  ["every night at 2am backup the database", "0 2 * * *", "backup the database"],
  ["daily at 5pm: rotate logs", "0 17 * * *", "rotate logs"],
  ["Send Weekly Report every Monday at 9", "0 9 * * 1", "Send Weekly Report"],
  ["'cleanup temp' every hour", "0 * * * *", "cleanup temp"],
  ['"sync users" daily at 6:15', "15 6 * * *", "sync users"],
  ["@cron ping healthcheck every 5 minutes please", "*/5 * * * *", "ping healthcheck"],
  ["please run the billing job on the 1st at 8am", "0 8 1 * *", "billing job"],
  ["every day at 5pm run db vacuum", "0 17 * * *", "db vacuum"],
  ["@cron rotate certificates quarterly", "0 0 1 1,4,7,10 *", "rotate certificates"],
  ["refresh the sitemap every 6 hours", "0 */6 * * *", "refresh the sitemap"],
  ["clear cache hourly", "0 * * * *", "clear cache"],
  ["email the weekly digest every friday at 4pm", "0 16 * * 5", "email the weekly digest"],
  ["run nightly ETL at 1:30", "30 1 * * *", "nightly ETL"],
  ["backup db/logs every day", "0 0 * * *", "backup db/logs"],
  ["rotate logs nightly at 1am", "0 1 * * *", "rotate logs"],
  ["nightly backup at 2am", "0 2 * * *", "nightly backup"],
  ["@cron clean tmp every sunday at midnight", "0 0 * * 0", "clean tmp"],
  ["generate monthly report at 9", "0 9 * * *", "generate monthly report"],
];

const CRON_FORMS: [string, string][] = [
  ["0 9 * * 1-5", "0 9 * * 1-5"],
  ["0 9 * * MON-FRI", "0 9 * * 1-5"],
  ["5 4 * * 7", "5 4 * * 0"],
  ["cron: 15 10 * jan,jul sun", "15 10 * 1,7 0"],
  ["*/5 * * * *", "*/5 * * * *"],
  ["15 10 * * SUN", "15 10 * * 0"],
];

test.each(MINUTES_AND_HOURS)("minutes and hours: %s -> %s", (text, cron) => {
  expectSchedule(text, cron);
});
test.each(TIMES_OF_DAY)("times of day: %s -> %s", (text, cron) => {
  expectSchedule(text, cron);
});
test.each(DAYS_OF_WEEK)("days of the week: %s -> %s", (text, cron) => {
  expectSchedule(text, cron);
});
test.each(DAYS_OF_MONTH_AND_MONTHS)("days of the month and months: %s -> %s", (text, cron) => {
  expectSchedule(text, cron);
});
test.each(ZONES)("time zone: %s -> %s in %s", (text, cron, timezone) => {
  expectSchedule(text, cron, { timezone });
});
test.each(NAMES)("task name: %s -> %s named %s", (text, cron, name) => {
  expectSchedule(text, cron, { name });
});
test.each(CRON_FORMS)("a cron expression typed as is: %s", (text, cron) => {
  expectSchedule(text, cron);
});
test("a raw expression keeps its name and zone", () => {
  expectSchedule("@cron backup 30 2 * * * Europe/Berlin", "30 2 * * *", { name: "backup", timezone: "Europe/Berlin" });
});

// ---- refusals -------------------------------------------------------------------------------

/** [text, words the reason must contain, words the suggestion must contain (or null for none)] */
const REFUSALS: [string, string, string | null][] = [
  ["every 30 seconds", "below minimum interval", "every minute"],
  ["every second", "below minimum interval", "every minute"],
  ["every 10s", "below minimum interval", "every minute"],
  ["twice a minute", "below minimum interval", "every minute"],
  ["every 90 minutes", "not expressible exactly", "every 60 minutes or every 2 hours"],
  ["every 45 minutes", "not expressible exactly", "every 30 minutes or every 60 minutes"],
  ["every 7 minutes", ":56 and again at :00", "every 6 minutes or every 10 minutes"],
  ["every 25 minutes", "not expressible exactly", "every 20 minutes or every 30 minutes"],
  ["every 5 hours", "not expressible exactly", "every 4 hours or every 6 hours"],
  ["every 7 hours", "21:00 and again at 0:00", "every 6 hours or every 8 hours"],
  ["every 1.5 hours", "not expressible exactly", "every 60 minutes or every 2 hours"],
  ["every hour and a half", "not expressible exactly", "every 2 hours"],
  ["every 25 hours", "longer than a day", "every day"],
  ["7 times an hour", "not expressible exactly", "every 6 minutes or every 10 minutes"],
  ["every 2 weeks", "not expressible exactly", "every week"],
  ["biweekly", "ambiguous", "every monday and thursday"],
  ["fortnightly", "not expressible exactly", "1st and 15th"],
  ["every 5 months", "not expressible exactly", "every 4 months or every 6 months"],
  ["every 2 years", "no year field", "every year"],
  ["on the last day of the month", "last day of the month", "28th"],
  ["at the end of every month", "last day of the month", "28th"],
  ["last friday of the month at 5pm", "nth weekday of the month", "every Friday"],
  ["first monday of every month at 9", "nth weekday of the month", "every monday"],
  ["friday the 13th", "EITHER", "13th"],
  ["twice a week", "ambiguous", "every monday and thursday"],
  ["5 times a day", "does not divide 24", "at 9, 13 and 17"],
  ["at 9:30 and 17:45", "different minutes in different hours", "every day at 9:30"],
  ["every morning", "ambiguous", "every morning at 8am"],
  ["from 9 to 5 on weekdays", "needs a frequency", "every hour between 9 and 17"],
  ["every 10 minutes from 8:30 to 17:00", "cuts an hour", "between 9 and 17"],
  ["hello", "no schedule found", "every day at 9am"],
  ["make me a sandwich", "no schedule found", "every day at 9am"],
  ["sometimes", "ambiguous", "every day at 9am"],
  ["every now and then", "ambiguous", "every day at 9am"],
  ["occasionally at night", "ambiguous", "every day at 9am"],
  ["", "empty", "every day at 9am"],
  ["   ", "empty", "every day at 9am"],
  ["tomorrow at 9", "one-off", "every day at 9am"],
  ["next monday at 10", "one-off", "every day at 9am"],
  ["in 5 minutes", "one-off", "every day at 9am"],
  ["once at 5pm", "one-off", "every day at 9am"],
  ["on 2027-03-01 at 9", "one-off", "every day at 9am"],
  ["@reboot", "not a time schedule", "every day at 3am"],
  ["at startup", "not a time schedule", "every day at 3am"],
  ["every day at 8 in Mars/Phobos", "unknown time zone", "Europe/Berlin"],
  ["at 4pm Europe/Paris and Asia/Tokyo", "two time zones", "one time zone"],
  ["at 25:00", "not understood", "every day at 9am"],
  ["on the 32nd", "not understood", "every day at 9am"],
  ["on the 30th of february", "never runs", null],
  ["every weekday except holidays", "holidays", "skip holidays in the job"],
  ["every day unless it rains", "unless", "every weekday at 9am"],
  ["don't run on mondays", "dont", "every weekday at 9am"],
  ["every 0 minutes", "not a usable interval", "every 5 minutes"],
  ["bimonthly", "ambiguous", "every 2 months"],
  ["every 500 milliseconds", "below minimum interval", "every minute"],
  ["every 13 hours", "13:00 and again at 0:00", "every 12 hours or every day"],
  ["every 35 minutes", "not expressible exactly", "every 30 minutes or every 60 minutes"],
  ["every monday at 9 and every friday at 5", "two schedules", "one schedule per day and time"],
  ["mondays at 9am and fridays at 5pm", "two schedules", "one schedule per day and time"],
  ["every two weeks on monday", "not expressible exactly", "every week"],
  ["every one and a half hours", "not expressible exactly", "every 2 hours"],
  ["every 2 and a half minutes", "whole minutes", "every 2 minutes or every 3 minutes"],
  ["every half minute", "below minimum interval", "every minute"],
  ["0 0 9 * * 1-5", "seconds are not supported", "five fields"],
  ["0 0 L * *", "not a valid cron expression", "five fields"],
  ["every hour at the 30 minute marker", "not understood", "every hour at :30"],
];

test("a day step longer than a month is refused", () => {
  expect(parseSchedule("every 45 days")).toMatchObject({ ok: false, reason: expect.stringMatching(/not expressible/) });
});

test.each(REFUSALS)("refused: %j (%s)", (text, reason, suggestion) => {
  const r = parseSchedule(text);
  if (r.ok) throw new Error(`"${text}" was accepted as ${r.cronExpression}`);
  expect(r.reason.toLowerCase()).toContain(reason.toLowerCase());
  if (suggestion === null) expect(r.suggestion).toBeUndefined();
  else expect(r.suggestion?.toLowerCase()).toContain(suggestion.toLowerCase());
});

test.each([
  ["every 90 minutes"],
  ["every 7 minutes"],
  ["every 45 minutes"],
  ["every 5 hours"],
  ["every 9 hours"],
  ["every 50 minutes"],
])("each nearest interval suggested for %s parses, and is exact", (text) => {
  const r = parseSchedule(text);
  if (r.ok || !r.suggestion) throw new Error(`"${text}" should be refused with a suggestion`);
  for (const option of r.suggestion.split(" or ")) {
    const s = parseSchedule(option);
    expect(s.ok, `suggestion "${option}" parses`).toBe(true);
  }
});

// ---- options and promises -------------------------------------------------------------------

test("the zone comes from the text first, then from the options, else it is absent", () => {
  expectSchedule("every day at 9", "0 9 * * *", {});
  expectSchedule("every day at 9", "0 9 * * *", { timezone: "Europe/Paris" }, { timezone: "europe/paris" });
  expectSchedule("every day at 9 Asia/Tokyo", "0 9 * * *", { timezone: "Asia/Tokyo" }, { timezone: "Europe/Paris" });
  const bad = parseSchedule("every day at 9", { timezone: "Nowhere/Atlantis" });
  expect(bad.ok).toBe(false);
  if (!bad.ok) expect(bad.reason).toContain("unknown time zone");
});

test("case does not matter", () => {
  const rows = [...TIMES_OF_DAY, ...DAYS_OF_WEEK, ...DAYS_OF_MONTH_AND_MONTHS];
  for (const [text, cron] of rows) {
    for (const variant of [text.toUpperCase(), text.toLowerCase()]) {
      const r = parseSchedule(variant);
      expect(r.ok && sameFireTimes(r.cronExpression, cron), `"${variant}"`).toBe(true);
    }
  }
});

test("long text is refused at once, and 10 KB of it costs nothing", () => {
  const huge = "every day at 9 ".repeat(700);
  const started = performance.now();
  const r = parseSchedule(huge);
  expect(performance.now() - started).toBeLessThan(50);
  expect(r.ok).toBe(false);
  if (!r.ok) expect(r.reason).toContain("too long");
  // just under the cap still parses quickly
  const long = `${"please ".repeat(Math.floor((MAX_SCHEDULE_TEXT - 30) / 7))}every day at 9`;
  const t0 = performance.now();
  expect(parseSchedule(long).ok).toBe(true);
  expect(performance.now() - t0).toBeLessThan(500);
});

test("never throws, and every accepted expression is valid and fires", () => {
  const words = fc.constantFrom(
    "every", "each", "at", "on", "the", "between", "and", "to", "from", "minutes", "minute", "hours", "hour", "day", "days",
    "week", "month", "monday", "fri", "weekdays", "weekend", "noon", "midnight", "9", "17", "9am", "5pm", "21:15", "1st",
    "15th", "of", "in", "december", "june", "quarter", "half", "past", "twice", "a", "daily", "hourly", "except", "last",
    "UTC", "Europe/Berlin", "please", "backup", "run", "@cron", ",", "-", "2", "7", "90", "30", "seconds", "other", "*", "*/5",
  );
  fc.assert(
    fc.property(fc.oneof(fc.string({ maxLength: 80 }), fc.array(words, { maxLength: 14 }).map((w) => w.join(" "))), (text) => {
      const r = parseSchedule(text);
      if (r.ok) {
        expect(validateCron(r.cronExpression).ok, `${text} -> ${r.cronExpression}`).toBe(true);
        expect(fireTimes(r.cronExpression, 1).length, `${text} -> ${r.cronExpression} fires`).toBe(1);
      } else expect(r.reason.length).toBeGreaterThan(0);
    }),
    { numRuns: 3000, seed: 20261121 },
  );
});

test("odd inputs are refused, not thrown", () => {
  for (const odd of [null, undefined, 42, {}, "\u0000", "🙂 every day", "at at at at", "every every every", "- - -", "((((("]) {
    const r = parseSchedule(odd as unknown as string);
    expect(typeof r.ok).toBe("boolean");
  }
});

test(`counts: ${MINUTES_AND_HOURS.length + TIMES_OF_DAY.length + DAYS_OF_WEEK.length + DAYS_OF_MONTH_AND_MONTHS.length + ZONES.length + NAMES.length + CRON_FORMS.length} accepted phrases and ${REFUSALS.length} refusals of our own`, () => {
  const own = MINUTES_AND_HOURS.length + TIMES_OF_DAY.length + DAYS_OF_WEEK.length + DAYS_OF_MONTH_AND_MONTHS.length + ZONES.length + NAMES.length + CRON_FORMS.length + REFUSALS.length;
  console.log(`own cases: ${own}`);
  expect(own).toBeGreaterThanOrEqual(150);
});
