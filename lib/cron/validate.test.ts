import { expect, test } from "vitest";
import { validateCron } from "./validate";

test.each([
  ["0 0 * * *", "0 0 * * *"],
  ["  */15   9-17  *  *  mon-fri ", "*/15 9-17 * * MON-FRI"],
  ["0 12 * jan,Jul sun", "0 12 * JAN,JUL SUN"],
  ["0 0 * * 7", "0 0 * * 7"],
  ["0,7 * * * 0,7", "0,7 * * * 0,7"],
  ["*/20,*/30 * * * *", "*/20,*/30 * * * *"],
  ["5-55/10 1-23/2 1-31/3 */2 1-5", "5-55/10 1-23/2 1-31/3 */2 1-5"],
  ["59 23 31 12 6", "59 23 31 12 6"],
  ["0 0 29 2 *", "0 0 29 2 *"], // fires in leap years
  ["0 0 30 2 1", "0 0 30 2 1"], // both day fields restricted: runs on Mondays in February
  ["0 0 31 * *", "0 0 31 * *"],
  ["*/60 * * * *", "*/60 * * * *"],
  ["@yearly", "0 0 1 1 *"],
  ["@annually", "0 0 1 1 *"],
  ["@monthly", "0 0 1 * *"],
  ["@WEEKLY", "0 0 * * 0"],
  ["@daily", "0 0 * * *"],
  ["@midnight", "0 0 * * *"],
  ["@hourly", "0 * * * *"],
])("accepts %j as %j", (input, normalized) => {
  expect(validateCron(input)).toEqual({ ok: true, normalized });
});

test.each([
  ["", undefined, /empty/],
  ["   ", undefined, /empty/],
  ["* * * *", undefined, /expected 5 fields.*got 4/],
  ["0 0 0 * * *", undefined, /seconds are not supported: the shortest interval is one minute/],
  ["0 0 12 * * ? 2026", undefined, /7 fields: Quartz/],
  ["@reboot", undefined, /@reboot is not supported/],
  ["@every 5m", undefined, /@every is not supported/],
  ["@fortnightly", undefined, /unknown macro "@fortnightly"/],
  ["60 * * * *", "minute", /"60" is out of range 0-59/],
  ["* 24 * * *", "hour", /"24" is out of range 0-23/],
  ["* * 0 * *", "day of month", /"0" is out of range 1-31/],
  ["* * 32 * *", "day of month", /"32" is out of range 1-31/],
  ["* * * 13 *", "month", /"13" is out of range 1-12/],
  ["* * * * 8", "day of week", /"8" is out of range 0-7/],
  ["* * * FOO *", "month", /"FOO" is not a valid value/],
  ["* * * * FUNDAY", "day of week", /"FUNDAY" is not a valid value/],
  ["0 0 L * *", "day of month", /"L" \(last day\)/],
  ["0 0 15W * *", "day of month", /"W" \(nearest weekday\)/],
  ["0 0 * * 5#3", "day of week", /"#" \(nth weekday/],
  ["0 0 * * 5L", "day of week", /"L" \(last day\)/],
  ["0 0 ? * MON", "day of month", /"\?" is Quartz syntax/],
  ["H * * * *", "minute", /"H" \(hashed values\)/],
  ["*/0 * * * *", "minute", /step 0/],
  ["*/61 * * * *", "minute", /step 61 .* larger than the minute range/],
  ["*/x * * * *", "minute", /step "x"/],
  ["30-10 * * * *", "minute", /range "30-10" is reversed/],
  ["* * * * FRI-MON", "day of week", /range "FRI-MON" is reversed/],
  ["5/15 * * * *", "minute", /"5\/15" is not standard cron: a step needs a range, e.g. 5-59\/15 or \*\/15/],
  ["1,,2 * * * *", "minute", /empty item/],
  ["1- * * * *", "minute", /not a valid range/],
  ["-5 * * * *", "minute", /not a valid range/],
  ["1-2-3 * * * *", "minute", /not a valid range/],
  ["*/5/2 * * * *", "minute", /more than one "\/"/],
  ["0 0 30 2 *", "day of month", /never runs: February has no 30th/],
  ["0 0 31 4 *", "day of month", /never runs: April has no 31st/],
  ["0 0 31 4,6,9,11 *", "day of month", /never runs: none of April, June, September and November has a 31st/],
  ["0 0 30,31 FEB *", "day of month", /never runs: February has no 30th/],
  ["0".repeat(101), undefined, /longer than 100 characters/],
])("refuses %j naming the field", (input, field, message) => {
  const result = validateCron(input);
  expect(result.ok).toBe(false);
  if (result.ok) return;
  expect(result.field).toBe(field);
  expect(result.message).toMatch(message);
  if (field) expect(result.message.startsWith(`${field}: `)).toBe(true);
});
