// Time zones named in the text: IANA names ("Europe/Berlin", "in Asia/Tokyo"), "UTC"/"GMT" with an
// optional whole-hour offset, common abbreviations ("EST", "CET"), "Pacific time", and "<city>
// time" ("Tokyo time", or "in Tokyo"). Every name is checked against the runtime's zone database
// (Intl). An IANA name is returned as written, spelled as the database spells it ("asia/kolkata"
// -> "Asia/Kolkata"); cities and abbreviations give the zone's current IANA name ("Kolkata",
// "Calcutta time" and "IST" -> "Asia/Kolkata", where Intl would say "Asia/Calcutta").
import { canonicalTimezone } from "../timezone";
import { currentZoneName } from "../zone-aliases";
import { refuse, type Match } from "./clauses";
import { readNumber } from "./numbers";
import { isPunct, isWord, skip, wordAt, type Tokens } from "./tokens";

// What people mean by these abbreviations: the civil zone, with its daylight-saving rules.
const ABBREVIATIONS: Readonly<Record<string, string>> = {
  est: "America/New_York", edt: "America/New_York", cst: "America/Chicago", cdt: "America/Chicago",
  mst: "America/Denver", mdt: "America/Denver", pst: "America/Los_Angeles", pdt: "America/Los_Angeles",
  akst: "America/Anchorage", hst: "Pacific/Honolulu", bst: "Europe/London", cet: "Europe/Paris",
  cest: "Europe/Paris", eet: "Europe/Athens", eest: "Europe/Athens", wet: "Europe/Lisbon", ist: "Asia/Kolkata",
  jst: "Asia/Tokyo", kst: "Asia/Seoul", aest: "Australia/Sydney", aedt: "Australia/Sydney",
  awst: "Australia/Perth", nzst: "Pacific/Auckland", nzdt: "Pacific/Auckland", sgt: "Asia/Singapore",
  hkt: "Asia/Hong_Kong",
};
// Only with "time" after them ("Pacific time"): alone they are ordinary words.
const REGIONS: Readonly<Record<string, string>> = {
  eastern: "America/New_York", central: "America/Chicago", mountain: "America/Denver", pacific: "America/Los_Angeles",
};

let cityZones: Map<string, string> | null = null;

/**
 * "tokyo" -> "Asia/Tokyo", "new york" -> "America/New_York": the last part of each zone's name,
 * old and current ("calcutta" and "kolkata" -> "Asia/Kolkata").
 */
function zoneForCity(city: string): string | undefined {
  if (!cityZones) {
    cityZones = new Map();
    const cityOf = (zone: string) => zone.split("/").pop()!.toLowerCase().replace(/_/g, " ");
    for (const id of Intl.supportedValuesOf("timeZone")) {
      if (!id.includes("/")) continue;
      const zone = currentZoneName(id);
      cityZones.set(cityOf(id), zone);
      cityZones.set(cityOf(zone), zone);
    }
  }
  return cityZones.get(city);
}

function found(zone: string, end: number): Match {
  const name = canonicalTimezone(zone);
  if (!name) return { end, clauses: [refuse(`unknown time zone "${zone}"`, "an IANA name such as UTC, Europe/Berlin or America/New_York")] };
  return { end, clauses: [{ kind: "zone", zone: name }] };
}

function closing(ts: Tokens, i: number): number {
  return skip(ts, i, "time", "timezone", "tz", ")", "zone");
}

export function recogniseZone(ts: Tokens, i: number): Match | null {
  const afterIn = isWord(ts, i, "in");
  let j = skip(ts, i, "in", "(", "tz", "timezone", "using", "zone", ":");
  if (isWord(ts, j, "time") && isWord(ts, j + 1, "zone")) j = skip(ts, j + 2, ":");
  const t = ts[j];
  if (!t) return null;
  if (t.kind === "path") {
    const name = canonicalTimezone(t.text);
    if (!name) return { end: closing(ts, j + 1), clauses: [refuse(`unknown time zone "${t.text}"`, "an IANA name such as Europe/Berlin or America/New_York")] };
    return found(name, closing(ts, j + 1));
  }
  const w = wordAt(ts, j);
  if (w === undefined) return null;
  if (w === "utc" || w === "gmt" || w === "zulu") {
    // "UTC+2" is the zone Etc/GMT-2 (POSIX signs are inverted)
    if (isPunct(ts, j + 1, "+", "-")) {
      const next = ts[j + 2];
      if (next?.kind === "clock" && next.minute !== 0) {
        return { end: closing(ts, j + 3), clauses: [refuse(`UTC offsets with minutes are not time zones; name the zone`, "an IANA name such as Asia/Kolkata")] };
      }
      const hours = next?.kind === "clock" ? next.hour : readNumber(ts, j + 2)?.value;
      if (hours !== undefined && hours <= 14) {
        const sign = isPunct(ts, j + 1, "+") ? "-" : "+";
        return found(hours === 0 ? "UTC" : `Etc/GMT${sign}${hours}`, closing(ts, j + 3));
      }
    }
    return found("UTC", closing(ts, j + 1));
  }
  if (w in ABBREVIATIONS) return found(ABBREVIATIONS[w], closing(ts, j + 1));
  let k = skip(ts, j + 1, "standard", "daylight");
  if (w in REGIONS && isWord(ts, k, "time")) return found(REGIONS[w], closing(ts, k));
  // "<city> time", or "in <city>": up to three words (the longest city wins: "in New York")
  const words: string[] = [];
  let city: Match | null = null;
  for (k = j; k < j + 3 && wordAt(ts, k) !== undefined; k++) {
    words.push(wordAt(ts, k) as string);
    const zone = zoneForCity(words.join(" "));
    if (!zone) continue;
    if (isWord(ts, k + 1, "time", "timezone")) return found(zone, closing(ts, k + 1));
    if (afterIn) city = found(zone, closing(ts, k + 1));
  }
  return city;
}
