// For the plain-words tests: parses `text` and checks it gives `cron` (compared by fire times, so
// equivalent spellings pass), a valid numeric expression, and the expected name and zone.
import { expect } from "vitest";
import { parseSchedule, type ParseResult } from "./parse-schedule";
import { sameFireTimes } from "./parse/fire-oracle";
import { validateCron } from "./validate";

export type Accepted = Extract<ParseResult, { ok: true }>;

export function expectSchedule(text: string, cron: string, extra: { name?: string; timezone?: string } = {}, opts?: { timezone?: string }): Accepted {
  const r = parseSchedule(text, opts);
  if (!r.ok) throw new Error(`"${text}" was refused: ${r.reason}`);
  expect(validateCron(r.cronExpression).ok, `${r.cronExpression} is valid`).toBe(true);
  expect(r.cronExpression, "numbers only, no names").toMatch(/^[\d*,\-/]+( [\d*,\-/]+){4}$/);
  expect(sameFireTimes(r.cronExpression, cron), `"${text}" -> ${r.cronExpression}, expected ${cron}`).toBe(true);
  expect(r.name, `name of "${text}"`).toBe(extra.name);
  expect(r.timezone, `zone of "${text}"`).toBe(extra.timezone);
  return r;
}
