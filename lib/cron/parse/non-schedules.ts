// Phrases that name no repeating schedule: vague frequencies ("sometimes"), one-off moments
// ("tomorrow at 9", "in 5 minutes", "on 2027-03-01") and startup ("@reboot"). Each is refused with
// the reason rather than left for the name, so "sometimes at 5pm" is not read as "at 5pm".
import { refuse, type Match } from "./clauses";
import { readWeekday } from "./days";
import { readNumber } from "./numbers";
import { isPunct, isWord, phrase, skip, wordAt, type Tokens } from "./tokens";

const VAGUE_WORDS = new Set([
  "sometimes", "occasionally", "often", "regularly", "periodically", "frequently", "randomly", "whenever",
  "constantly", "continuously", "always", "sporadically", "rarely", "seldom", "usually", "soon", "later",
  "eventually", "asap", "sometime",
]);
const VAGUE_PHRASES = [
  ["every", "now", "and", "then"], ["now", "and", "then"], ["from", "time", "to", "time"], ["every", "so", "often"],
  ["every", "once", "in", "a", "while"], ["once", "in", "a", "while"], ["at", "random"], ["at", "some", "point"],
  ["every", "few", "minutes"], ["every", "few", "hours"], ["every", "few", "days"], ["every", "couple", "of", "hours"],
  ["every", "couple", "of", "minutes"], ["a", "few", "times", "a", "day"], ["several", "times", "a", "day"],
];
// "next week", "this evening": a moment, not a rhythm
const MOMENTS = ["week", "weekend", "month", "year", "morning", "afternoon", "evening", "night", "time", "hour", "minute"];
const ONE_OFF_WORDS = new Set(["tomorrow", "today", "tonight", "yesterday", "tmrw", "tmr"]);

const vague = (what: string) =>
  refuse(`ambiguous: "${what}" does not say when to run`, "a definite schedule, e.g. \"every day at 9am\" or \"every 15 minutes\"");
const oneOff = (what: string) =>
  refuse(`"${what}" is a one-off time, not a repeating schedule: cron repeats`, "a repeating schedule, e.g. \"every day at 9am\"");

export function recogniseRefusals(ts: Tokens, i: number): Match | null {
  for (const p of VAGUE_PHRASES) {
    const k = phrase(ts, i, ...p);
    if (k > 0) return { end: k, clauses: [vague(p.join(" "))] };
  }
  const w = wordAt(ts, i);
  if (w !== undefined && VAGUE_WORDS.has(w)) return { end: i + 1, clauses: [vague(w)] };
  if (w !== undefined && ONE_OFF_WORDS.has(w)) return { end: i + 1, clauses: [oneOff(w)] };
  // "next monday", "this evening", "only once", "just once", "one time"
  if (isWord(ts, i, "next", "this") && (readWeekday(ts, i + 1) || isWord(ts, i + 1, ...MOMENTS))) {
    return { end: i + 2, clauses: [oneOff(`${w} ${wordAt(ts, i + 1)}`)] };
  }
  for (const p of [["only", "once"], ["just", "once"], ["one", "time", "only"], ["one", "time"], ["once"]]) {
    const k = phrase(ts, i, ...p);
    // "once a day" and "once every hour" are read by intervals.ts (a longer match)
    if (k > 0) return { end: k, clauses: [oneOff(p.join(" "))] };
  }
  // "in 5 minutes", "in an hour", "after 2 days"
  if (isWord(ts, i, "in", "after")) {
    const n = isWord(ts, i + 1, "a", "an") ? { value: 1, end: i + 2 } : readNumber(ts, i + 1);
    if (n && isWord(ts, n.end, "second", "seconds", "minute", "minutes", "min", "mins", "hour", "hours", "day", "days", "week", "weeks")) {
      return { end: n.end + 1, clauses: [oneOff(`${w} ${n.value} ${wordAt(ts, n.end)}`)] };
    }
  }
  // a date with a year ("2027-03-01", "March 1 2027") happens once
  const t = ts[i];
  if (t?.kind === "number" && t.digits.length === 4 && t.value >= 1970 && t.value <= 2200) {
    const dated = isPunct(ts, i + 1, "-", "/", ".") || isPunct(ts, i - 1, ",", "-", "/") || (i > 0 && ts[i - 1].kind !== "punct");
    if (dated) {
      // "2027-03-01": take the whole date
      let end = i + 1;
      while (end + 1 < ts.length && isPunct(ts, end, "-", "/", ".") && ts[end + 1].kind === "number" && end - i < 4) end += 2;
      const said = ts.slice(i, end).map((x) => (x.kind === "number" ? x.digits : x.kind === "punct" ? x.text : "")).join("");
      return { end, clauses: [oneOff(said)] };
    }
  }
  for (const p of [["reboot"], ["startup"], ["start", "up"], ["boot"], ["system", "start"]]) {
    const k = phrase(ts, skip(ts, i, "@", "at", "on", "after"), ...p);
    if (k > 0) return { end: k, clauses: [refuse("not a time schedule: cron runs at times of day, not at startup", "a time, e.g. \"every day at 3am\"")] };
  }
  return null;
}
