// Time zones from the runtime's IANA database (Intl), with the instants at which each zone's UTC
// offset changes. Intl does not list those transitions, so they are found once per zone and
// year (daily samples, then a binary search to the minute) and cached.
import { currentZoneName } from "./zone-aliases";
import { ianaSpelling } from "./zone-names";

const MINUTE = 60_000;
const DAY = 86_400_000;
// Far ahead, every zone follows the last rule of its data (tzdata's explicit changes end before
// 2100; Morocco's, the last, in 2087), and the Gregorian calendar repeats every 400 years (146,097
// days): from REPEATS_FROM on, a year's changes are those of 400 years before, shifted. Sparse
// schedules ("0 0 29 2 *", 1,000 runs) then cost at most 400 sampled years per zone, not 4,000.
const REPEATS_FROM = 2500;
const CYCLE_YEARS = 400;
const CYCLE = 146_097 * DAY;
// Years before this are sampled each time they are asked for, never kept: next-runs.ts never
// asks for instants before 1970, but nothing else should be able to fill the cache with them.
const SAMPLED_FROM = 1900;

export type Transition = { at: number; before: number; after: number };

type YearInfo = { startOffset: number; transitions: Transition[] };

export type Zone = {
  name: string;
  /** UTC offset in ms at instant `t` (local wall time = t + offset). */
  offsetAt(t: number): number;
  /** The first offset change strictly after `t`; a change with before === after marks a quiet stretch. */
  transitionAfter(t: number): Transition;
};

/**
 * `tz` as the IANA database spells it ("asia/kolkata" -> "Asia/Kolkata"), or null if it is not a
 * zone. A valid name is kept, never swapped for another name of the same zone, though Intl would
 * answer ICU's ("Asia/Kolkata" -> "Asia/Calcutta", "Europe/Kyiv" -> "Europe/Kiev"). Names only ICU
 * knows ("IST", "AET") give the zone they stand for, by its current IANA name.
 */
export function canonicalTimezone(tz: string): string | null {
  // Offsets like "+05:00" are not zones: they have no DST rules and would hide a mistake.
  if (typeof tz !== "string" || tz.length === 0 || tz.length > 64 || !/^[A-Za-z][A-Za-z0-9_+\-/]*$/.test(tz)) return null;
  const id = icuZoneId(tz);
  if (id === null) return null;
  const listed = ianaSpelling(tz);
  if (listed) return listed;
  // A zone newer than the list above: ICU names it as the database does.
  if (id.toLowerCase() === tz.toLowerCase()) return id;
  return currentZoneName(id);
}

/** ICU's own name for the zone `tz` names, or null if Intl does not know it. */
function icuZoneId(tz: string): string | null {
  try {
    return new Intl.DateTimeFormat("en-US", { timeZone: tz }).resolvedOptions().timeZone;
  } catch {
    return null;
  }
}

/**
 * The zone caches hold at most this many zones, the least recently used dropped first. The names
 * come from users (a schedule's zone, a preview's `timezone`): a deployment uses a few dozen, and
 * the runtime knows about 600, so a client naming each in turn must not keep them all. A zone
 * dropped is sampled again when next used (a year costs about 400 Intl calls).
 */
export const ZONE_CACHE_MAX = 256;

/** A Map that keeps the `max` entries used last. */
class Lru<K, V> {
  private readonly map = new Map<K, V>();
  constructor(private readonly max: number) {}
  get size(): number {
    return this.map.size;
  }
  get(key: K): V | undefined {
    const value = this.map.get(key);
    if (value !== undefined) {
      this.map.delete(key);
      this.map.set(key, value);
    }
    return value;
  }
  set(key: K, value: V): void {
    this.map.delete(key);
    this.map.set(key, value);
    if (this.map.size > this.max) this.map.delete(this.map.keys().next().value!);
  }
  values(): IterableIterator<V> {
    return this.map.values();
  }
}

// Zones by their canonical name; the offsets they share (one zone, several names) by ICU's id.
// Unknown names are never cached: they cost one Intl call each time.
const zones = new Lru<string, Zone>(ZONE_CACHE_MAX);
const offsetsById = new Lru<string, ZoneOffsets>(ZONE_CACHE_MAX);

/** The zone named `tz`; throws a RangeError naming it when it is unknown. */
export function getZone(tz: string): Zone {
  const cached = zones.get(tz);
  if (cached) return cached;
  const name = canonicalTimezone(tz);
  if (!name) throw new RangeError(`unknown time zone "${tz}": use an IANA name such as "UTC", "Europe/Paris" or "America/New_York"`);
  let zone = zones.get(name);
  if (!zone) {
    const id = icuZoneId(name)!;
    let offsets = offsetsById.get(id);
    if (!offsets) offsetsById.set(id, (offsets = zoneOffsets(id)));
    zone = { name, ...offsets };
    // Only under its canonical name: other spellings are looked up again, so they cannot grow this.
    zones.set(name, zone);
  }
  return zone;
}

/** What the caches hold now (for tests): zones, shared offsets, and sampled years across them. */
export function zoneCacheStats(): { zones: number; offsets: number; sampledYears: number } {
  let sampledYears = 0;
  for (const offsets of offsetsById.values()) sampledYears += offsets.sampledYears();
  return { zones: zones.size, offsets: offsetsById.size, sampledYears };
}

type ZoneOffsets = Omit<Zone, "name"> & { sampledYears(): number };

function zoneOffsets(id: string): ZoneOffsets {
  const format = new Intl.DateTimeFormat("en-US", {
    timeZone: id,
    hourCycle: "h23",
    year: "numeric",
    month: "numeric",
    day: "numeric",
    hour: "numeric",
    minute: "numeric",
    second: "numeric",
  });
  const rawOffset = (t: number): number => {
    const p: Record<string, number> = {};
    for (const part of format.formatToParts(new Date(t))) if (part.type !== "literal") p[part.type] = Number(part.value);
    const wall = Date.UTC(p.year, p.month - 1, p.day, p.hour % 24, p.minute, p.second);
    return wall - Math.floor(t / 1000) * 1000;
  };

  // Only sampled years are kept, and only those from SAMPLED_FROM up to REPEATS_FROM: a year
  // further ahead is one of those shifted (computed again each time, cheaply), so however far
  // ahead previews look, a zone holds at most a few hundred years.
  const years = new Map<number, YearInfo>();
  const yearInfo = (year: number): YearInfo => {
    if (year >= REPEATS_FROM) {
      const cycles = Math.ceil((year - REPEATS_FROM + 1) / CYCLE_YEARS);
      const earlier = yearInfo(year - cycles * CYCLE_YEARS);
      const shift = cycles * CYCLE;
      return { startOffset: earlier.startOffset, transitions: earlier.transitions.map((tr) => ({ ...tr, at: tr.at + shift })) };
    }
    let info = years.get(year);
    if (info) return info;
    const start = Date.UTC(year, 0, 1);
    const end = Date.UTC(year + 1, 0, 1);
    const transitions: Transition[] = [];
    let prevT = start;
    let prevOffset = rawOffset(start);
    const startOffset = prevOffset;
    const samples: number[] = [];
    for (let t = start + DAY; t < end; t += DAY) samples.push(t);
    samples.push(end);
    for (const t of samples) {
      const offset = rawOffset(t);
      if (offset !== prevOffset) {
        // The first minute in (prevT, t] that has the new offset.
        let lo = prevT;
        let hi = t;
        while (hi - lo > MINUTE) {
          const mid = lo + Math.floor((hi - lo) / 2 / MINUTE) * MINUTE;
          if (rawOffset(mid) === prevOffset) lo = mid;
          else hi = mid;
        }
        // A change exactly at the turn of the year is listed here, so transitionAfter() sees it.
        transitions.push({ at: hi, before: prevOffset, after: offset });
      }
      prevT = t;
      prevOffset = offset;
    }
    info = { startOffset, transitions };
    if (year >= SAMPLED_FROM) years.set(year, info);
    return info;
  };

  const yearOf = (t: number) => new Date(t).getUTCFullYear();

  const offsetAt = (t: number): number => {
    const info = yearInfo(yearOf(t));
    let offset = info.startOffset;
    for (const tr of info.transitions) {
      if (tr.at > t) break;
      offset = tr.after;
    }
    return offset;
  };
  const transitionAfter = (t: number): Transition => {
    const year = yearOf(t);
    for (const tr of yearInfo(year).transitions) if (tr.at > t) return tr;
    // No change in the rest of the year: a quiet boundary at its end (a change exactly there
    // is listed in this year). Looking no further keeps sparse searches to one year's sampling.
    const at = Date.UTC(year + 1, 0, 1);
    const offset = offsetAt(at - 1);
    return { at, before: offset, after: offset };
  };
  return { offsetAt, transitionAfter, sampledYears: () => years.size };
}
