// Phrases about the time of day: lists and spans of times ("at 9am and 5pm", "at 10:00 PM through
// 11:00 PM"), windows ("between 9 and 17", "during business hours", "starting at 3am"), minutes past
// the hour ("at :15", "on the hour", "at 0 and 30 minutes past") and parts of the day ("every
// evening"). A single time is read by clock.ts.
import type { Clause, DayPeriod, Match, TimeItem, TimeOfDay } from "./clauses";
import { applyMeridiem, plain, readTargetHour, readTime } from "./clock";
import { readNumber } from "./numbers";
import { attached, isPunct, isWord, listSeparator, phrase, rangeWord, skip, wordAt, type Tokens } from "./tokens";

/** "at 9", "at 9am, 1pm and 5pm", "9:30 pm", "at 10:00 PM through 11:00 PM and 02:00 AM". */
export function recogniseTimes(ts: Tokens, i: number): Match | null {
  let j = i;
  let hasAt = false;
  if (isWord(ts, j, "at", "around", "by") || isPunct(ts, j, "@")) {
    j = skip(ts, j + 1, "exactly", "precisely", "about", "around", "approximately");
    hasAt = true;
  }
  const items: { item: TimeItem; meridiem?: "am" | "pm" }[] = [];
  for (;;) {
    const first = readTime(ts, j, hasAt || items.length > 0);
    if (!first) break;
    let end = first.end;
    let item: TimeItem = { kind: "at", time: first.time };
    let meridiem = first.time.meridiem;
    // spans only after "at": "at 10:00 PM through 11:00 PM" (a bare "9-5" is a window, see below)
    const r = hasAt ? rangeWord(ts, end) : -1;
    if (r > 0) {
      const second = readTime(ts, r, true);
      if (second) {
        item = { kind: "span", from: first.time, to: second.time };
        end = second.end;
        meridiem = second.time.meridiem ?? meridiem;
      }
    }
    end = skip(ts, end, "sharp");
    items.push({ item, meridiem });
    j = end;
    const sep = listSeparator(ts, j);
    if (sep < 0 || !readTime(ts, skip(ts, sep, "at"), true)) break;
    j = skip(ts, sep, "at");
  }
  if (items.length === 0) return null;
  // "at 8 and 10 pm": a trailing am/pm covers earlier plain hours that come before it on the face
  const last = items[items.length - 1];
  if (last.meridiem) {
    const lastFace = ((lastHourOf(last.item) + 11) % 12) + 1;
    for (const it of items.slice(0, -1)) {
      if (it.meridiem) continue;
      it.item = mapItem(it.item, (t) => (t.adjustable && t.hour <= lastFace ? { ...t, hour: applyMeridiem(t.hour, last.meridiem === "pm") ?? t.hour, adjustable: false, bare: false, meridiem: last.meridiem } : t));
    }
  }
  return { end: j, clauses: [{ kind: "times", items: items.map((it) => it.item) }] };
}

function lastHourOf(item: TimeItem): number {
  return item.kind === "at" ? item.time.hour : item.to.hour;
}

function mapItem(item: TimeItem, f: (t: TimeOfDay) => TimeOfDay): TimeItem {
  return item.kind === "at" ? { kind: "at", time: f(item.time) } : { kind: "span", from: f(item.from), to: f(item.to) };
}

/**
 * "from 9 to 5" means 9am to 5pm: a plain end earlier than the start moves to the afternoon; and
 * "between 8 and 11pm" starts at 8pm.
 */
function windowOf(from: TimeOfDay, to: TimeOfDay): Clause {
  let [a, b] = [from, to];
  if (b.adjustable && b.hour < a.hour && b.hour + 12 > a.hour && b.hour < 12) b = { ...b, hour: b.hour + 12, adjustable: false };
  else if (a.adjustable && b.meridiem === "pm" && a.hour + 12 < b.hour) a = { ...a, hour: a.hour + 12, adjustable: false };
  return { kind: "window", from: a, to: b };
}

/** "between 9 and 17", "from 10pm to 2am", "9am-5pm", "during business hours", "starting at 3am", "until 6pm". */
export function recogniseWindow(ts: Tokens, i: number): Match | null {
  for (const kind of ["business", "working", "office", "work"]) {
    for (const lead of [["during"], ["in"], ["within"], []]) {
      const j = phrase(ts, i, ...lead, kind, "hours");
      if (j > 0) return { end: j, clauses: [{ kind: "window", from: plain(9, 0), to: plain(17, 0) }] };
    }
  }
  if (isWord(ts, i, "between", "from")) {
    const j = skip(ts, i + 1, "the", "hours", "of");
    const a = readTime(ts, j, true);
    if (a) {
      const k = isWord(ts, a.end, "and") ? a.end + 1 : rangeWord(ts, a.end);
      const b = k > 0 ? readTime(ts, k, true) : null;
      if (b) return { end: b.end, clauses: [windowOf(a.time, b.time)] };
      if (isWord(ts, i, "from")) return { end: a.end, clauses: [{ kind: "window", from: a.time }] };
    }
    return null;
  }
  if (isWord(ts, i, "starting", "beginning", "commencing")) {
    const j = skip(ts, i + 1, "at", "from");
    const a = readTime(ts, j, true);
    return a ? { end: a.end, clauses: [{ kind: "window", from: a.time }] } : null;
  }
  if (isWord(ts, i, "until", "till", "til")) {
    const b = readTime(ts, i + 1, true);
    return b ? { end: b.end, clauses: [{ kind: "window", to: b.time }] } : null;
  }
  // "9am-5pm", "9:00 to 17:00", and the idioms "9-5" / "9 to 5" with plain hours
  const a = readTime(ts, i, true);
  if (a) {
    const k = rangeWord(ts, a.end);
    const b = k > 0 ? readTime(ts, k, true) : null;
    const plainHours = a.time.bare && (!b || b.time.bare);
    if (b && (!plainHours || (a.time.hour <= 23 && b.time.hour <= 23 && (isPunct(ts, a.end, "-") || isWord(ts, a.end, "to"))))) {
      return { end: b.end, clauses: [windowOf(a.time, b.time)] };
    }
  }
  return null;
}

/** A list of minute numbers or ranges: "0 and 30", "0, 15, 30, and 45", "0 through 10 and 30". */
function readMinuteList(ts: Tokens, i: number): { values: number[]; end: number } | null {
  const values: number[] = [];
  let j = i;
  for (;;) {
    const n = readNumber(ts, j);
    if (!n || n.value > 59) return values.length ? { values, end: j } : null;
    let end = n.end;
    const r = rangeWord(ts, end);
    const m = r > 0 ? readNumber(ts, r) : null;
    if (m && m.value <= 59 && m.value >= n.value) {
      for (let v = n.value; v <= m.value; v++) values.push(v);
      end = m.end;
    } else values.push(n.value);
    j = end;
    const sep = listSeparator(ts, j, false);
    const next = sep > 0 ? readNumber(ts, sep) : null;
    if (!next || next.value > 59) return { values, end: j };
    j = sep;
  }
}

/** "the hour", "each hour", "every hour", "an hour" after "past". */
function readTheHour(ts: Tokens, i: number): number {
  const j = skip(ts, i, "the", "each", "every", "an", "a");
  return isWord(ts, j, "hour") && j > i ? j + 1 : -1;
}

/** Minutes past the hour: "on the hour", "at minute 5", "at :15", "at 0 and 30 minutes past (the hour)", "xx:15". */
export function recogniseMinutesPast(ts: Tokens, i: number): Match | null {
  const found = (values: number[], end: number): Match => ({ end, clauses: [{ kind: "minutes", values }] });
  let j = i;
  for (const p of [["on", "the", "hour"], ["at", "the", "top", "of"], ["top", "of"], ["at", "the", "start", "of"], ["at", "the", "beginning", "of"]]) {
    const k = phrase(ts, i, ...p);
    if (k > 0) {
      if (p[2] === "hour") return found([0], k);
      const h = readTheHour(ts, k);
      if (h > 0) return found([0], h);
    }
  }
  for (const p of [["on", "the", "quarter", "hour"], ["on", "the", "quarter", "hours"], ["at", "the", "quarter", "hours"]]) {
    const k = phrase(ts, i, ...p);
    if (k > 0) return found([0, 15, 30, 45], k);
  }
  // "at the 30 minute mark"
  const mark = phrase(ts, i, "at", "the");
  if (mark > 0) {
    const n = readNumber(ts, mark);
    const k = n && n.value <= 59 ? skip(ts, n.end, "-", "minute", "minutes", "min") : -1;
    if (n && k > n.end && isWord(ts, k, "mark")) return found([n.value], k + 1);
  }
  for (const [p, v] of [[["on", "the", "half", "hour"], 30], [["at", "the", "half", "hour"], 30], [["at", "half", "hour"], 30], [["at", "half", "past"], 30], [["half", "past"], 30], [["at", "quarter", "past"], 15], [["at", "a", "quarter", "past"], 15], [["quarter", "past"], 15], [["at", "quarter", "to"], 45], [["quarter", "to"], 45]] as const) {
    const k = phrase(ts, i, ...p);
    if (k > 0 && !readTargetHour(ts, k)) {
      const h = readTheHour(ts, k);
      return found([v], h > 0 ? h : k);
    }
  }
  if (isWord(ts, j, "at") || isPunct(ts, j, "@")) j++;
  // ":15", "xx:15", ":15 and :45"
  if (isPunct(ts, j, ":") || (isWord(ts, j, "xx", "hh") && isPunct(ts, j + 1, ":"))) {
    const values: number[] = [];
    for (;;) {
      const c = isPunct(ts, j, ":") ? j + 1 : j + 2;
      const t = ts[c];
      if (t?.kind !== "number" || !attached(ts, c) || t.digits.length !== 2 || t.value > 59) break;
      values.push(t.value);
      j = c + 1;
      const sep = listSeparator(ts, j, false);
      if (sep < 0 || !(isPunct(ts, sep, ":") || isWord(ts, sep, "xx", "hh"))) break;
      j = sep;
    }
    if (values.length === 0) return null;
    const h = phrase(ts, j, "past") > 0 ? readTheHour(ts, j + 1) : -1;
    return found(values, h > 0 ? h : j);
  }
  // "minute 5", "minutes 0 through 10 past the hour"
  const lead = isWord(ts, j, "minute", "minutes") ? j + 1 : -1;
  const list = readMinuteList(ts, lead > 0 ? lead : j);
  if (!list) return null;
  let end = list.end;
  const unit = isWord(ts, end, "minute", "minutes", "min", "mins") ? end + 1 : -1;
  if (unit > 0) end = unit;
  const past = isWord(ts, end, "past", "after") ? end + 1 : isWord(ts, end, "of") ? end + 1 : -1;
  if (past > 0) {
    const h = readTheHour(ts, past);
    if (h > 0) return found(list.values, h);
    // "at 15 past" alone; "15 past 9" is a time of day and is read by recogniseTimes
    if (!isWord(ts, end, "of") && (lead > 0 || unit > 0 || !readTargetHour(ts, past))) return found(list.values, past);
  }
  if (lead > 0) return found(list.values, end);
  return null;
}

const PERIODS: Readonly<Record<string, DayPeriod>> = {
  morning: "morning", mornings: "morning", afternoon: "afternoon", afternoons: "afternoon", evening: "evening",
  evenings: "evening", night: "night", nights: "night", nightly: "night", overnight: "night",
};

/** "every evening", "nightly", "in the morning", "mornings", "Saturday morning" (the day is read elsewhere). */
export function recognisePartOfDay(ts: Tokens, i: number): Match | null {
  let j = i;
  let every = false;
  if (isWord(ts, j, "every", "each")) {
    every = true;
    j++;
  } else j = skip(ts, j, "in", "during", "at", "the");
  const w = wordAt(ts, j);
  if (w === undefined || !(w in PERIODS)) return null;
  // a plural or "nightly" repeats by itself ("mornings at 7")
  const repeats = every || w.endsWith("s") || w === "nightly";
  const clauses: Clause[] = [{ kind: "dayPeriod", period: PERIODS[w] }];
  if (repeats) clauses.push({ kind: "daily" });
  return { end: j + 1, clauses };
}
