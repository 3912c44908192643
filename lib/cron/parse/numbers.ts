// Numbers as people write them in schedules: digits, words ("nine", "twenty-five",
// "twenty five") and ordinals ("15th", "first", "twenty-first").
import { wordAt, type Tokens } from "./tokens";

const UNITS: Readonly<Record<string, number>> = {
  zero: 0, one: 1, two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9, ten: 10,
  eleven: 11, twelve: 12, thirteen: 13, fourteen: 14, fifteen: 15, sixteen: 16, seventeen: 17, eighteen: 18,
  nineteen: 19,
};
const TENS: Readonly<Record<string, number>> = { twenty: 20, thirty: 30, forty: 40, fifty: 50, sixty: 60 };

const ORDINAL_UNITS: Readonly<Record<string, number>> = {
  first: 1, second: 2, third: 3, fourth: 4, fifth: 5, sixth: 6, seventh: 7, eighth: 8, ninth: 9, tenth: 10,
  eleventh: 11, twelfth: 12, thirteenth: 13, fourteenth: 14, fifteenth: 15, sixteenth: 16, seventeenth: 17,
  eighteenth: 18, nineteenth: 19,
};
const ORDINAL_TENS: Readonly<Record<string, number>> = { twentieth: 20, thirtieth: 30 };

export type NumberRead = { value: number; end: number; /** spelled out ("nine"), not digits */ word: boolean };

/** A single word's value: "nine" -> 9, "twenty-five" -> 25. */
function wordValue(w: string): number | undefined {
  if (w in UNITS) return UNITS[w];
  if (w in TENS) return TENS[w];
  const [tens, unit, ...rest] = w.split("-");
  if (unit !== undefined && rest.length === 0 && tens in TENS && unit in UNITS && UNITS[unit] >= 1 && UNITS[unit] <= 9) {
    return TENS[tens] + UNITS[unit];
  }
  return undefined;
}

/** Reads a cardinal number at `i`: digits, or words ("twenty five" is one number). */
export function readNumber(ts: Tokens, i: number): NumberRead | null {
  const t = ts[i];
  if (t?.kind === "number") return { value: t.value, end: i + 1, word: false };
  const w = wordAt(ts, i);
  if (w === undefined) return null;
  const v = wordValue(w);
  if (v === undefined) return null;
  const next = wordAt(ts, i + 1);
  if (w in TENS && next !== undefined && next in UNITS && UNITS[next] >= 1 && UNITS[next] <= 9) {
    return { value: v + UNITS[next], end: i + 2, word: true };
  }
  return { value: v, end: i + 1, word: true };
}

function ordinalWordValue(w: string): number | undefined {
  if (w in ORDINAL_UNITS) return ORDINAL_UNITS[w];
  if (w in ORDINAL_TENS) return ORDINAL_TENS[w];
  const [tens, unit, ...rest] = w.split("-");
  if (unit !== undefined && rest.length === 0 && tens in TENS && unit in ORDINAL_UNITS && ORDINAL_UNITS[unit] <= 9) {
    return TENS[tens] + ORDINAL_UNITS[unit];
  }
  return undefined;
}

/** Reads an ordinal at `i`: "15th", "first", "twenty-first", "twenty first". */
export function readOrdinal(ts: Tokens, i: number): NumberRead | null {
  const t = ts[i];
  if (t?.kind === "ordinal") return { value: t.value, end: i + 1, word: false };
  const w = wordAt(ts, i);
  if (w === undefined) return null;
  const v = ordinalWordValue(w);
  if (v !== undefined) return { value: v, end: i + 1, word: true };
  const next = wordAt(ts, i + 1);
  if (w in TENS && next !== undefined && next in ORDINAL_UNITS && ORDINAL_UNITS[next] <= 9) {
    return { value: TENS[w] + ORDINAL_UNITS[next], end: i + 2, word: true };
  }
  return null;
}

/** "once" 1, "twice" 2, "thrice" 3, or "<n> times". */
export function readTimesCount(ts: Tokens, i: number): NumberRead | null {
  const w = wordAt(ts, i);
  if (w === "once") return { value: 1, end: i + 1, word: true };
  if (w === "twice") return { value: 2, end: i + 1, word: true };
  if (w === "thrice") return { value: 3, end: i + 1, word: true };
  const n = readNumber(ts, i);
  if (n && wordAt(ts, n.end) === "times") return { value: n.value, end: n.end + 1, word: n.word };
  return null;
}
