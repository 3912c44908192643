// The web app's "now" for what it decides about schedules' slots (a new schedule's next run, the
// slot a heartbeat ping answers): real time, unless ALMANAC_CLOCK_RATE and ALMANAC_CLOCK_ORIGIN run
// it faster, on the same clock as the workers given them (process tests; see lib/scheduler/clock.ts).
import { env } from "./env";
import { configuredClock, systemClock, type Clock } from "./scheduler/clock";

let clock: Clock | undefined;

export function appNow(): Date {
  clock ??= configuredClock(env()) ?? systemClock;
  return new Date(clock.now());
}
