// One time of day, as people write it: "9", "9am", "9:30 pm", "21:15", "0600 hours", "18h30",
// "noon", "midnight", "half past 8", "a quarter to nine pm", "nine thirty", "9 o'clock", "8 in the
// evening". A reading on a 12-hour face without am/pm stays "adjustable", so "every evening at 6:45"
// can still move it to 18:45 (compose decides, once the whole sentence is read).
import type { TimeOfDay } from "./clauses";
import { readNumber } from "./numbers";
import { attached, isWord, phrase, skip, wordAt, type Tokens } from "./tokens";

export type TimeRead = { time: TimeOfDay; end: number };

export const plain = (hour: number, minute: number): TimeOfDay => ({ hour, minute, adjustable: false, bare: false });

/** A 12-hour reading with am/pm, or null when the pair makes no sense ("15pm"). */
export function applyMeridiem(hour: number, pm: boolean): number | null {
  if (hour === 0 && !pm) return 0;
  if (hour < 1 || hour > 12) return null;
  if (pm) return hour === 12 ? 12 : hour + 12;
  return hour === 12 ? 0 : hour;
}

/** "am", "pm", "a.m.", an attached "a"/"p" ("9p"), "in the morning", "in the evening", "at night". */
function readMeridiem(ts: Tokens, i: number): { period: "am" | "pm" | "night"; end: number } | null {
  const w = wordAt(ts, i);
  if (w === "am") return { period: "am", end: i + 1 };
  if (w === "pm") return { period: "pm", end: i + 1 };
  if ((w === "a" || w === "p") && attached(ts, i)) return { period: w === "a" ? "am" : "pm", end: i + 1 };
  let j = phrase(ts, i, "in", "the", "morning");
  if (j > 0) return { period: "am", end: j };
  for (const p of ["afternoon", "evening"]) {
    j = phrase(ts, i, "in", "the", p);
    if (j > 0) return { period: "pm", end: j };
  }
  j = phrase(ts, i, "at", "night");
  if (j < 0) j = phrase(ts, i, "in", "the", "night");
  if (j > 0) return { period: "night", end: j };
  return null;
}

/** Adds an optional am/pm after an hour read on a 12-hour face. */
function finishTime(ts: Tokens, hour: number, minute: number, end: number, face12: boolean): TimeRead | null {
  if (minute > 59) return null;
  const m = face12 ? readMeridiem(ts, end) : null;
  if (m) {
    const h = m.period === "night" ? (hour === 12 ? 0 : hour >= 5 ? hour + 12 : hour) : applyMeridiem(hour, m.period === "pm");
    if (h === null || h > 23) return null;
    const meridiem = m.period === "am" || (m.period === "night" && h < 12) ? "am" : "pm";
    return { time: { ...plain(h, minute), meridiem }, end: m.end };
  }
  if (hour === 24 && minute === 0) return { time: plain(0, 0), end };
  if (hour > 23) return null;
  return { time: { hour, minute, adjustable: face12 && hour >= 1 && hour <= 12, bare: false }, end };
}

/** "noon", "midday", "midnight", optionally after "12". */
function readNamedTime(ts: Tokens, i: number): TimeRead | null {
  let j = i;
  const t = ts[j];
  if (t?.kind === "number" && t.value === 12 && isWord(ts, j + 1, "noon", "midnight", "midday")) j++;
  const w = wordAt(ts, j);
  if (w === "noon" || w === "midday") return { time: plain(12, 0), end: j + 1 };
  if (w === "midnight") return { time: plain(0, 0), end: j + 1 };
  return null;
}

/** An hour said as the target of "half past" or "quarter to": 1-12 (or 0-23), noon or midnight. */
export function readTargetHour(ts: Tokens, i: number): { hour: number; end: number; face12: boolean } | null {
  const named = readNamedTime(ts, i);
  if (named) return { hour: named.time.hour, end: named.end, face12: false };
  const n = readNumber(ts, i);
  if (!n || n.value > 23) return null;
  const end = isWord(ts, n.end, "oclock") ? n.end + 1 : n.end;
  return { hour: n.value, end, face12: n.value <= 12 };
}

/** "half past 8", "a quarter to nine", "ten past six", "20 minutes to 5". */
function readRelativeTime(ts: Tokens, i: number): TimeRead | null {
  let j = skip(ts, i, "a");
  let offset: number | null = null;
  if (isWord(ts, j, "half")) {
    offset = 30;
    j++;
  } else if (isWord(ts, j, "quarter")) {
    offset = 15;
    j++;
  } else {
    const n = readNumber(ts, j);
    // "5 to 10" alone is a range; a bare number needs "minutes" to be an offset ("5 minutes to 10").
    if (!n || n.value > 59) return null;
    j = n.end;
    if (isWord(ts, j, "minute", "minutes", "mins", "min")) j++;
    else if (!n.word) return null;
    offset = n.value;
  }
  const dir = wordAt(ts, j);
  const before = dir === "to" || dir === "before" || dir === "of" || dir === "till" || dir === "til";
  if (!before && dir !== "past" && dir !== "after") return null;
  const target = readTargetHour(ts, j + 1);
  if (!target) return null;
  // am/pm belongs to the target hour: "a quarter to nine pm" is 20:45
  const read = finishTime(ts, target.hour, 0, target.end, target.face12);
  if (!read) return null;
  const total = (read.time.hour * 60 + (before ? -offset : offset) + 24 * 60) % (24 * 60);
  const hour = Math.floor(total / 60);
  return {
    time: { ...read.time, hour, minute: total % 60, adjustable: read.time.adjustable && hour >= 1 && hour <= 12 },
    end: read.end,
  };
}

/**
 * One time of day at `i`. A plain number ("9") is a time only when `allowBare` (after "at" or in a
 * list of times): elsewhere a lone number means nothing.
 */
export function readTime(ts: Tokens, i: number, allowBare: boolean): TimeRead | null {
  const named = readNamedTime(ts, i);
  if (named) return named;
  const relative = readRelativeTime(ts, i);
  if (relative) return relative;
  const t = ts[i];
  if (!t) return null;
  if (t.kind === "clock") {
    // "03:00 AM" takes am/pm; only an unpadded "6:45" without one may still move ("in the evening")
    const read = finishTime(ts, t.hour, t.minute, i + 1, t.hour <= 12);
    if (!read) return null;
    if (t.padded) read.time = { ...read.time, adjustable: false };
    const end = isWord(ts, read.end, "oclock", "hours", "hrs", "h") ? read.end + 1 : read.end;
    return { ...read, end };
  }
  if (t.kind === "decimal" && /^\d{1,2}\.\d{2}$/.test(t.text)) {
    // "9.30pm", "at 18.30": a time with am/pm or after "at"; elsewhere "1.50" may be a number
    const [h, m] = t.text.split(".").map(Number);
    if (!allowBare && !readMeridiem(ts, i + 1)) return null;
    return finishTime(ts, h, m, i + 1, h <= 12);
  }
  if (t.kind === "number" && t.digits.length >= 3 && t.digits.length <= 4) {
    // military style: "0600 hours", "1530h", "at 0930", "930am"
    const hour = Math.floor(t.value / 100);
    const minute = t.value % 100;
    if (isWord(ts, i + 1, "hours", "hrs", "h", "hr")) return finishTime(ts, hour, minute, i + 2, false);
    if (readMeridiem(ts, i + 1)) return finishTime(ts, hour, minute, i + 1, true);
    if (allowBare && hour <= 23 && minute <= 59) return finishTime(ts, hour, minute, i + 1, false);
    return null;
  }
  const n = readNumber(ts, i);
  if (!n || (t.kind === "number" && t.digits.length > 2)) return null;
  let j = n.end;
  // "six hundred hours"
  if (isWord(ts, j, "hundred")) {
    j++;
    if (isWord(ts, j, "hours", "hrs")) j++;
    return finishTime(ts, n.value, 0, j, false);
  }
  // "18h30", "18h" (European)
  if (isWord(ts, j, "h") && attached(ts, j)) {
    const m = ts[j + 1];
    if (m?.kind === "number" && attached(ts, j + 1) && m.digits.length === 2) return finishTime(ts, n.value, m.value, j + 2, false);
    return finishTime(ts, n.value, 0, j + 1, false);
  }
  if (isWord(ts, j, "oclock")) return finishTime(ts, n.value, 0, j + 1, n.value <= 12);
  // "nine thirty", "nine forty-five pm": a spelled hour and spelled minutes
  if (n.word && n.value >= 1 && n.value <= 12) {
    const m = readNumber(ts, j);
    if (m && m.word && m.value >= 10 && m.value <= 59) return finishTime(ts, n.value, m.value, m.end, true);
    if (isWord(ts, j, "oh")) {
      const m2 = readNumber(ts, j + 1);
      if (m2 && m2.value >= 1 && m2.value <= 9) return finishTime(ts, n.value, m2.value, m2.end, true);
    }
  }
  if (readMeridiem(ts, j)) return finishTime(ts, n.value, 0, j, true);
  // "06 hours" (military); "12 hours" alone is a duration, not a time
  if (isWord(ts, j, "hours", "hrs") && t.kind === "number" && t.digits.length === 2 && t.digits[0] === "0") return finishTime(ts, n.value, 0, j + 1, false);
  if (!allowBare || n.value > 59) return null;
  // A bare number: an hour on whatever face it fits; compose.ts may read it as a minute instead.
  const padded = t.kind === "number" && t.digits.length === 2 && t.digits[0] === "0";
  return { time: { hour: n.value, minute: 0, adjustable: !padded && n.value >= 1 && n.value <= 12, bare: true }, end: j };
}
