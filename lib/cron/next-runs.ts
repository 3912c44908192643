// The fire instants of a cron expression in a time zone, with cronie's semantics across DST
// changes (see docs/cron-semantics.md):
// - fixed-time jobs (neither the minute nor the hour field starts with "*", so plain values,
//   lists, ranges and stepped ranges) follow the wall clock: a time skipped by a spring-forward
//   change runs at the moment of the change; a time repeated by a fall-back change runs once, at
//   its first occurrence;
// - wildcard jobs (minute or hour starts with "*") follow elapsed time: they run at every real
//   instant whose local time matches, so an hourly job runs twice in a repeated hour and not at
//   all in a skipped one.
// The timeline is walked one stretch of constant UTC offset at a time; within a stretch, wall
// time and real time move together, so matches come straight from the wall-clock matcher.
import { createMatcher, MINUTE, nextMatchingWall, type Matcher } from "./matcher";
import { getZone, type Transition, type Zone } from "./timezone";
import { compileCron } from "./validate";

export const MAX_NEXT_RUNS = 1000;

/**
 * The instants runs are looked for between. Before 1970 the zones' history is patchy and
 * JavaScript reads years 0-99 as 1900-1999; after 9999 an ISO 8601 instant needs a sign and six
 * digits. A search starting outside is refused (the preview endpoint says so in a 400 naming
 * `after`), and runs past the end are not listed.
 */
export const EARLIEST_AFTER = Date.UTC(1970, 0, 1);
export const LATEST_RUN = Date.UTC(9999, 11, 31, 23, 59, 59, 999);
export const AFTER_RANGE = "between 1970-01-01T00:00:00Z and 9999-12-31T23:59:59Z";

const matchers = new Map<string, Matcher>();

/** Compiled expressions are cached (bounded): the worker asks about the same ones all day. */
function matcherFor(expression: string): Matcher {
  let m = matchers.get(expression);
  if (!m) {
    m = createMatcher(compileCron(expression));
    if (matchers.size >= 10_000) matchers.delete(matchers.keys().next().value!);
    matchers.set(expression, m);
  }
  return m;
}

/**
 * The next `count` fire instants strictly after `after`. Throws a CronError for an invalid
 * expression and a RangeError for an unknown time zone.
 */
export function nextRuns(expression: string, timezone: string, after: Date, count: number): Date[] {
  if (!Number.isInteger(count) || count < 0 || count > MAX_NEXT_RUNS) throw new RangeError(`count must be a whole number from 0 to ${MAX_NEXT_RUNS}`);
  const start = after.getTime();
  if (!Number.isFinite(start)) throw new RangeError("after must be a valid date");
  if (start < EARLIEST_AFTER || start > LATEST_RUN) throw new RangeError(`after must be ${AFTER_RANGE}`);
  return fireTimes(matcherFor(expression), getZone(timezone), start, count)
    .filter((t) => t <= LATEST_RUN)
    .map((t) => new Date(t));
}

/** The first fire instant strictly after `after`, or null if the expression never fires again. */
export function nextRun(expression: string, timezone: string, after: Date): Date | null {
  return nextRuns(expression, timezone, after, 1)[0] ?? null;
}

const DAY = 86_400_000;
// No real instant's wall time is more than a day away from it (UTC offsets stay within ±16 h).
const WALL_MARGIN = DAY;
// The Gregorian calendar repeats every 400 years, and so do the zones' rules that far ahead (see
// timezone.ts): an expression that has not fired for that long never will. Valid expressions are
// never that sparse (the sparsest, "0 0 29 2 */7", 29 February on a Sunday, is 40 years at worst);
// this ends the search for those that can only match wall times a zone skips every year.
const GIVE_UP_AFTER = 401 * 366 * DAY;

function fireTimes(m: Matcher, zone: Zone, after: number, count: number): number[] {
  const out: number[] = [];
  const push = (t: number) => {
    if (out.length === 0 || out[out.length - 1] < t) out.push(t);
  };
  const fixed = m.cron.fixedTime;

  // The walk's state: the stretch of constant offset that starts at `t`, and the change ending it.
  let t = Math.floor(after / MINUTE) * MINUTE + MINUTE;
  let { offset, change, wallFloor } = walkFrom(zone, fixed, t);
  let lastFound = after;

  while (out.length < count && t - lastFound < GIVE_UP_AFTER) {
    const found = out.length;
    const stretchEnd = change.at;
    const wallEnd = stretchEnd + offset;
    let wall = nextMatchingWall(m, Math.max(t + offset, wallFloor), wallEnd);
    while (wall !== null && out.length < count) {
      push(wall - offset);
      wall = nextMatchingWall(m, wall + MINUTE, wallEnd);
    }
    if (out.length >= count) break;

    if (change.after > change.before) {
      // Spring forward: wall times [before, after) never happen. Fixed-time jobs due in that gap
      // run at the moment of the change.
      if (fixed && nextMatchingWall(m, stretchEnd + change.before, stretchEnd + change.after) !== null) push(stretchEnd);
      wallFloor = -Infinity;
    } else if (change.after < change.before) {
      // Fall back: wall times [after, before) happen twice; fixed-time jobs keep the first.
      wallFloor = fixed ? stretchEnd + change.before : -Infinity;
    }

    if (out.length > found) lastFound = out[out.length - 1];

    // A sparse expression ("0 0 29 2 *") would otherwise be walked through every change for
    // years. Any later fire has a matching wall time at or after `stretchEnd - WALL_MARGIN`, and
    // happens at most WALL_MARGIN before that wall time: when that is past this stretch, jump.
    const next = nextMatchingWall(m, stretchEnd - WALL_MARGIN, Infinity);
    if (next === null) break;
    if (next - WALL_MARGIN > stretchEnd) {
      t = next - WALL_MARGIN;
      ({ offset, change, wallFloor } = walkFrom(zone, fixed, t));
      continue;
    }
    t = stretchEnd;
    offset = change.after;
    change = zone.transitionAfter(stretchEnd);
  }
  return out;
}

/**
 * The walk starting at instant `t` (a change exactly there starts a new stretch): the offset, the
 * change that ends the stretch, and for fixed-time jobs the wall time below which a fall-back
 * change of the last few hours repeats times already lived through.
 */
function walkFrom(zone: Zone, fixed: boolean, t: number): { offset: number; change: Transition; wallFloor: number } {
  let wallFloor = -Infinity;
  if (fixed) {
    const previous = zone.transitionAfter(t - 3 * 3_600_000 - 1);
    if (previous.at <= t - 1 && previous.after < previous.before) wallFloor = previous.at + previous.before;
  }
  return { offset: zone.offsetAt(t - 1), change: zone.transitionAfter(t - 1), wallFloor };
}
