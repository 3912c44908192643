// The clock of worker processes started by a test, run `rate` times faster than real time from
// now (ALMANAC_CLOCK_RATE and ALMANAC_CLOCK_ORIGIN, one origin for all), read and awaited here.
import { scaledClock } from "../../lib/scheduler/clock";

export function workersClock(rate: number) {
  const origin = Date.now();
  const now = scaledClock(rate, origin).now;
  return {
    /** The workers' time now. */
    now,
    /** Sleeps until the workers' clock reads `t`. */
    sleepUntil: (t: number) => new Promise((resolve) => setTimeout(resolve, Math.max(0, (t - now()) / rate))),
    /** The environment that gives a worker this clock. */
    env: { ALMANAC_CLOCK_RATE: String(rate), ALMANAC_CLOCK_ORIGIN: String(origin) },
  };
}
