// Whether a cron expression ever fires on given days of the week (in its own zone's calendar),
// read from its day fields with cronie's either-day rule rather than by listing runs, so "every
// minute" costs no more than "every Monday".
import { dayMatches } from "../cron/matcher";
import { compileCron } from "../cron/validate";

const cache = new Map<string, number>();

/** Bit d (0 = Sunday) is set when the expression fires on some day d. */
function weekdayMask(expression: string): number {
  let mask = cache.get(expression);
  if (mask === undefined) {
    const cron = compileCron(expression);
    mask = 0;
    // Four years of days covers every calendar pattern, 29 February included.
    for (let day = 0; day < 4 * 366 && mask !== 0x7f; day++) {
      const d = new Date(Date.UTC(2028, 0, 1 + day));
      const [y, m, dom] = [d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate()];
      if (cron.months[m] && dayMatches(cron, y, m, dom)) mask |= 1 << d.getUTCDay();
    }
    if (cache.size > 5000) cache.clear();
    cache.set(expression, mask);
  }
  return mask;
}

export function firesOnDays(expression: string, days: readonly number[]): boolean {
  const mask = weekdayMask(expression);
  return days.some((d) => (mask & (1 << d)) !== 0);
}

export const firesOnWeekends = (expression: string) => firesOnDays(expression, [0, 6]);
