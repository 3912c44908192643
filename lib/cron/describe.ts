// Human text for a cron expression, always with its time zone: "At 12:00 AM, every day (UTC)".
import cronstrue from "cronstrue";
import { compileCron } from "./validate";
import { getZone } from "./timezone";

export type DescribeOptions = { use24HourTime?: boolean };

// Lists show the same few expressions over and over: cache the text (bounded).
const cache = new Map<string, string>();

/** Throws a CronError for an invalid expression and a RangeError for an unknown zone. */
export function describeCron(expression: string, timezone: string, options: DescribeOptions = {}): string {
  const key = `${expression}\0${timezone}\0${options.use24HourTime ? 24 : 12}`;
  let text = cache.get(key);
  if (text === undefined) {
    text = describe(expression, timezone, options);
    if (cache.size >= 5000) cache.delete(cache.keys().next().value!);
    cache.set(key, text);
  }
  return text;
}

function describe(expression: string, timezone: string, { use24HourTime = false }: DescribeOptions): string {
  const cron = compileCron(expression);
  const zone = getZone(timezone).name;
  let text = cronstrue.toString(cron.normalized, { verbose: true, use24HourTimeFormat: use24HourTime, throwExceptionOnParseError: true });
  // cronstrue joins the two day fields with "and", but when both are restricted cron runs on
  // days matching either ("on day 1 of the month, or on Monday").
  if (cron.dayOfMonthRestricted && cron.dayOfWeekRestricted) text = text.replace(/, and on /, ", or on ");
  return `${text} (${zone})`;
}
