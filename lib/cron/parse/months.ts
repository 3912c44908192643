// Months ("in December", "only in January, April, July, and October", "June to August", "every
// summer month") and calendar dates ("January 1st", "1 Jan", "the 25th of December").
import type { Match } from "./clauses";
import { readNumber, readOrdinal } from "./numbers";
import { isWord, listSeparator, rangeWord, skip, wordAt, type Tokens } from "./tokens";

const MONTH_WORDS: Readonly<Record<string, number>> = {
  january: 1, jan: 1, february: 2, feb: 2, march: 3, mar: 3, april: 4, apr: 4, may: 5, june: 6, jun: 6,
  july: 7, jul: 7, august: 8, aug: 8, september: 9, sep: 9, sept: 9, october: 10, oct: 10, november: 11,
  nov: 11, december: 12, dec: 12,
};

// Meteorological seasons, northern hemisphere.
const SEASONS: Readonly<Record<string, number[]>> = {
  spring: [3, 4, 5], summer: [6, 7, 8], autumn: [9, 10, 11], fall: [9, 10, 11], winter: [12, 1, 2],
};

// Month names that are also everyday words: read as months only after "in", "of", "every", ...,
// inside a list, or beside a day number ("May 1st").
const AMBIGUOUS = new Set(["may", "mar", "march", "jan", "dec", "sept"]);

function readMonth(ts: Tokens, i: number): { month: number; end: number } | null {
  const w = wordAt(ts, i);
  return w !== undefined && w in MONTH_WORDS ? { month: MONTH_WORDS[w], end: i + 1 } : null;
}

/** Months from `a` to `b` going forward through the year: "November through February" wraps. */
function yearRange(a: number, b: number): number[] {
  const out: number[] = [];
  for (let m = a; ; m = (m % 12) + 1) {
    out.push(m);
    if (m === b || out.length === 12) return out;
  }
}

/** One month, a range of months, or a season ("summer", "summer months"). */
function readMonthItem(ts: Tokens, i: number): { months: number[]; end: number } | null {
  const w = wordAt(ts, i);
  if (w !== undefined && w in SEASONS) {
    const end = isWord(ts, i + 1, "month", "months") ? i + 2 : i + 1;
    return { months: SEASONS[w], end };
  }
  const a = readMonth(ts, i);
  if (!a) return null;
  const r = rangeWord(ts, a.end);
  const b = r > 0 ? readMonth(ts, r) : null;
  return b ? { months: yearRange(a.month, b.month), end: b.end } : { months: [a.month], end: a.end };
}

/** A day number beside a month name: "1st", "1", "twenty-first". */
function readDayOfDate(ts: Tokens, i: number): { day: number; end: number } | null {
  const o = readOrdinal(ts, i) ?? readNumber(ts, i);
  if (!o || o.value < 1 || o.value > 31) return null;
  // "Jan 1 2027" names one day, not a yearly one
  const t = ts[o.end];
  if (t?.kind === "number" && t.digits.length === 4) return null;
  return { day: o.value, end: o.end };
}

/** "January 1st", "Jan 1", "December 25th", "1 January", "the 1st of January, April and July". */
export function recogniseDate(ts: Tokens, i: number): Match | null {
  const j = skip(ts, skip(ts, i, "and", ",", "on", "every", "each"), "the");
  const m = readMonth(ts, j);
  if (m) {
    const d = readDayOfDate(ts, skip(ts, m.end, "the"));
    if (d) return { end: d.end, clauses: [{ kind: "date", month: m.month, day: d.day }] };
    return null;
  }
  const d = readOrdinal(ts, j) ?? readNumber(ts, j);
  if (!d || d.value < 1 || d.value > 31) return null;
  const m2 = readMonth(ts, skip(ts, d.end, "of"));
  if (!m2 || (m2.end === d.end + 1 && AMBIGUOUS.has(wordAt(ts, d.end) ?? "") && d.word)) return null;
  // "the 1st of January, April and July": one day in several months
  const months = [m2.month];
  let end = m2.end;
  for (;;) {
    const sep = listSeparator(ts, end);
    const next = sep > 0 ? readMonth(ts, sep) : null;
    if (!next || readDayOfDate(ts, next.end)) break;
    months.push(next.month);
    end = next.end;
  }
  return { end, clauses: months.map((month) => ({ kind: "date", month, day: d.value })) };
}

/** "in December", "only in January, April, July, and October", "June to August", "every summer month". */
export function recogniseMonths(ts: Tokens, i: number): Match | null {
  let j = i;
  let every = false;
  let introduced = false;
  if (isWord(ts, j, "every", "each")) {
    every = true;
    introduced = true;
    j++;
  } else {
    const k = skip(ts, j, "only", "in", "during", "throughout", "of", "for", "through", "and", "or");
    introduced = k > j;
    j = k;
  }
  if (isWord(ts, j, "from")) {
    const a = readMonth(ts, j + 1);
    const r = a ? rangeWord(ts, a.end) : -1;
    const b = r > 0 ? readMonth(ts, r) : null;
    if (!a || !b) return null;
    return { end: b.end, clauses: [{ kind: "days", field: "month", values: yearRange(a.month, b.month), every }] };
  }
  const months: number[] = [];
  for (;;) {
    const item = readMonthItem(ts, j);
    if (!item) break;
    if (months.length === 0 && !introduced && AMBIGUOUS.has(wordAt(ts, j) ?? "") && item.end === j + 1) return null;
    months.push(...item.months);
    j = item.end;
    const sep = listSeparator(ts, j);
    if (sep < 0 || !readMonthItem(ts, sep)) break;
    j = sep;
  }
  if (months.length === 0) return null;
  return { end: j, clauses: [{ kind: "days", field: "month", values: [...new Set(months)], every }] };
}
