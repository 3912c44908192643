// Lexing for the schedule parser. Words are lower-cased (the parser is case-insensitive), but every
// token keeps its offsets in the input so a task name can be cut from the original text, capitals
// and all.

export type Token =
  | { kind: "word"; text: string; start: number; end: number }
  /** `digits` is kept because "0600" (a time) and "600" read differently. */
  | { kind: "number"; value: number; digits: string; start: number; end: number }
  | { kind: "decimal"; value: number; text: string; start: number; end: number }
  /** "15th", "1st": ordinal words ("first") stay words; see numbers.ts. */
  | { kind: "ordinal"; value: number; start: number; end: number }
  /** "9:30", "21:15"; `padded` when the hour has a leading zero ("06:45" reads as 24-hour). */
  | { kind: "clock"; hour: number; minute: number; padded: boolean; start: number; end: number }
  /** "europe/berlin": a candidate IANA zone name, checked by zones.ts. */
  | { kind: "path"; text: string; start: number; end: number }
  | { kind: "punct"; text: string; start: number; end: number };

// The first segment of the IANA names people type; anything else with a slash ("mon/wed") is
// split into its parts.
const ZONE_REGIONS = new Set([
  "africa", "america", "antarctica", "arctic", "asia", "atlantic", "australia", "europe", "indian", "pacific",
  "etc", "us", "canada", "brazil", "mexico", "chile",
]);

// Hyphenated pairs that are ranges ("mon-fri", "jan-mar") rather than one word ("twenty-five").
const RANGE_ENDPOINTS = new Set([
  "sunday", "sun", "monday", "mon", "tuesday", "tue", "tues", "wednesday", "wed", "thursday", "thu", "thur", "thurs",
  "friday", "fri", "saturday", "sat", "january", "jan", "february", "feb", "march", "mar", "april", "apr", "may",
  "june", "jun", "july", "jul", "august", "aug", "september", "sep", "sept", "october", "oct", "november", "nov",
  "december", "dec", "noon", "midnight",
]);

const LEXEME =
  /([a-z][a-z0-9_+-]*(?:\/[a-z0-9_+-]+)+)|(\d{1,2}):(\d{2})(?!\d)|(\d+\.\d+)|(\d+)(?:st|nd|rd|th)(?![a-z])|(\d+)|([ap])\.\s?m\b\.?|([a-z]+(?:['’][a-z]+)*(?:-[a-z]+(?:['’][a-z]+)*)*)|(\s+)|([^\s])/giy;

// Hyphenated words read as two: "half-hour" is "half hour".
const SPLIT_WORDS = new Set(["half-hour", "quarter-hour", "half-hours", "quarter-hours"]);

function wordTokens(raw: string, start: number): Token[] {
  const text = raw.toLowerCase().replace(/['’]/g, "");
  const parts = text.split("-");
  if (SPLIT_WORDS.has(text)) {
    const dash = start + raw.indexOf("-");
    return [
      { kind: "word", text: parts[0], start, end: dash },
      { kind: "word", text: parts[1], start: dash + 1, end: start + raw.length },
    ];
  }
  if (parts.length === 2 && parts.every((p) => RANGE_ENDPOINTS.has(p))) {
    const dash = start + raw.indexOf("-");
    return [
      { kind: "word", text: parts[0], start, end: dash },
      { kind: "punct", text: "-", start: dash, end: dash + 1 },
      { kind: "word", text: parts[1], start: dash + 1, end: start + raw.length },
    ];
  }
  return [{ kind: "word", text, start, end: start + raw.length }];
}

function pathTokens(raw: string, start: number): Token[] {
  const lower = raw.toLowerCase();
  // A known region ("europe/berlin") or a capitalised pair ("Mars/Phobos") is meant as a zone, even a
  // wrong one; "db/logs" is two words.
  if (ZONE_REGIONS.has(lower.split("/")[0]) || /^[A-Z][a-z]+(?:_[A-Za-z]+)*\/[A-Z]/.test(raw)) {
    return [{ kind: "path", text: lower, start, end: start + raw.length }];
  }
  const out: Token[] = [];
  let offset = start;
  for (const [k, part] of raw.split("/").entries()) {
    if (k > 0) out.push({ kind: "punct", text: "/", start: offset, end: ++offset });
    out.push(...tokenize(part).map((t) => ({ ...t, start: t.start + offset, end: t.end + offset })));
    offset += part.length;
  }
  return out;
}

/** Splits `input` into tokens; never throws (an unexpected character becomes a punct token). */
export function tokenize(input: string): Token[] {
  const tokens: Token[] = [];
  const re = new RegExp(LEXEME.source, LEXEME.flags); // a fresh sticky regex: pathTokens recurses
  let m: RegExpExecArray | null;
  while (re.lastIndex < input.length && (m = re.exec(input))) {
    const start = m.index;
    const end = start + m[0].length;
    if (m[1]) tokens.push(...pathTokens(m[1], start));
    else if (m[2]) tokens.push({ kind: "clock", hour: Number(m[2]), minute: Number(m[3]), padded: m[2].length === 2 && m[2][0] === "0", start, end });
    else if (m[4]) tokens.push({ kind: "decimal", value: Number(m[4]), text: m[4], start, end });
    else if (m[5]) tokens.push({ kind: "ordinal", value: Number(m[5]), start, end });
    else if (m[6]) tokens.push({ kind: "number", value: Number(m[6]), digits: m[6], start, end });
    else if (m[7]) tokens.push({ kind: "word", text: `${m[7].toLowerCase()}m`, start, end });
    else if (m[8]) tokens.push(...wordTokens(m[8], start));
    else if (m[10]) tokens.push({ kind: "punct", text: m[10] === "–" || m[10] === "—" ? "-" : m[10], start, end });
  }
  return tokens;
}

// ---- small readers shared by the recognisers -------------------------------------------------

export type Tokens = readonly Token[];

export function wordAt(ts: Tokens, i: number): string | undefined {
  const t = ts[i];
  return t?.kind === "word" ? t.text : undefined;
}

export function isWord(ts: Tokens, i: number, ...words: string[]): boolean {
  const w = wordAt(ts, i);
  return w !== undefined && words.includes(w);
}

export function isPunct(ts: Tokens, i: number, ...chars: string[]): boolean {
  const t = ts[i];
  return t?.kind === "punct" && chars.includes(t.text);
}

/** Index after any run of the given optional words (or punctuation) starting at `i`. */
export function skip(ts: Tokens, i: number, ...words: string[]): number {
  while (i < ts.length) {
    const t = ts[i];
    if ((t.kind === "word" || t.kind === "punct") && words.includes(t.text)) i++;
    else break;
  }
  return i;
}

/** Index after the exact word sequence at `i`, or -1. */
export function phrase(ts: Tokens, i: number, ...words: string[]): number {
  for (const w of words) {
    const t = ts[i];
    if (!t || (t.kind !== "word" && t.kind !== "punct") || t.text !== w) return -1;
    i++;
  }
  return i;
}

/** True when token `i` touches the one before it ("9am": the "am" is attached). */
export function attached(ts: Tokens, i: number): boolean {
  return i > 0 && i < ts.length && ts[i - 1].end === ts[i].start;
}

/** Separators inside a list: ",", "and", "&", ", and", "or", "plus". */
export function listSeparator(ts: Tokens, i: number, allowOr = true): number {
  let j = i;
  if (isPunct(ts, j, ",", "&", "+", "/")) j++;
  if (isWord(ts, j, "and", "plus") || (allowOr && isWord(ts, j, "or"))) j++;
  else if (isWord(ts, j, "as") && isWord(ts, j + 1, "well") && isWord(ts, j + 2, "as")) j += 3;
  return j > i ? j : -1;
}

/** Range words between two ends: "-", "to", "through", "thru", "till", "until". */
export function rangeWord(ts: Tokens, i: number): number {
  if (isPunct(ts, i, "-")) return i + 1;
  if (isWord(ts, i, "to", "through", "thru", "till", "until", "til")) return i + 1;
  return -1;
}
