// Finding the schedule a message means by its name, forgivingly: case and punctuation are
// ignored, small typos are allowed (edit distance), and a few words of a longer name do
// ("backup" for "nightly backup"). Only the user's own schedules are ever candidates.
//
// The cost is bounded, because one message may look up several readings of itself (intents.ts):
// the names are read into an index once per message (indexNames), a query longer than any name
// could be is not looked up, edit distances are computed only near the diagonal, and a word's
// typo-tolerant matches are found through its one-letter deletions, once per message, rather
// than by comparing it with every word of every name.
import { compareScheduleNames } from "../schedules/name-order";
import { NAME_MAX } from "../validation/schedules";

export type Named = { id: string; name: string };
export type MatchResult<T extends Named> = { kind: "one"; item: T } | { kind: "many"; items: T[] } | { kind: "none" };

/** A query longer than this cannot be a schedule's name: NAME_MAX, and slack for "the ... job". */
export const MAX_NAME_QUERY_LENGTH = NAME_MAX + 45;
/** Longer words match only exactly: their deletions would make the index grow with their square. */
const MAX_FUZZY_WORD = 24;

const FILLER = new Set(["the", "my", "our", "a", "an", "job", "task", "schedule", "cron", "one", "called", "named", "please", "pls", "schedules", "jobs", "tasks"]);

export function normalizeName(s: string): string {
  return s
    .toLowerCase()
    .replace(/['’`]/g, "")
    .replace(/[^\p{L}\p{N}]+/gu, " ")
    .trim();
}

const contentWords = (normalized: string) => normalized.split(" ").filter((w) => w && !FILLER.has(w));

/**
 * The edit distance of `a` and `b` when it is at most `limit`, else `limit + 1`. Only the cells
 * within `limit` of the diagonal are computed, so the cost is length times (2 * limit + 1).
 */
export function editDistance(a: string, b: string, limit = 3): number {
  const over = limit + 1;
  if (Math.abs(a.length - b.length) > limit) return over;
  const n = b.length;
  let prev = new Array<number>(n + 2);
  let cur = new Array<number>(n + 2);
  for (let j = 0; j <= Math.min(n, limit); j++) prev[j] = j;
  prev[Math.min(n, limit) + 1] = over;
  for (let i = 1; i <= a.length; i++) {
    const lo = Math.max(1, i - limit);
    const hi = Math.min(n, i + limit);
    // the cells just outside the band read as "too far"
    cur[lo - 1] = lo === 1 && i <= limit ? i : over;
    let best = cur[lo - 1];
    for (let j = lo; j <= hi; j++) {
      const v = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
      cur[j] = v > over ? over : v;
      if (cur[j] < best) best = cur[j];
    }
    cur[hi + 1] = over;
    if (best > limit) return over;
    [prev, cur] = [cur, prev];
  }
  return Math.min(prev[n], over);
}

/** Typos allowed for a text of this length: none for 1-3 characters, then one per five, at most 3. */
const allowance = (length: number) => (length <= 3 ? 0 : Math.min(3, 1 + Math.floor((length - 4) / 5)));

const wordsMatch = (a: string, b: string) => a === b || (Math.min(a.length, b.length) >= 4 && editDistance(a, b, 1) <= 1);

/** A word and the words one letter shorter: two words within one edit share one of these. */
function deletions(w: string): string[] {
  const out = [w];
  if (w.length >= 4 && w.length <= MAX_FUZZY_WORD) for (let i = 0; i < w.length; i++) out.push(w.slice(0, i) + w.slice(i + 1));
  return out;
}

type Entry<T extends Named> = { item: T; normalized: string; words: string[]; wordSet: Set<string>; joined: string };

/** The user's names, read once for all the lookups of one message. */
export class NameIndex<T extends Named> {
  readonly entries: Entry<T>[];
  // filled on first use: a name word under itself and its one-letter deletions; and the
  // name words each query word matches, typos allowed
  private byDeletion?: Map<string, string[]>;
  private readonly near = new Map<string, Set<string>>();

  constructor(items: readonly T[]) {
    this.entries = items.map((item) => {
      const normalized = normalizeName(item.name);
      const words = contentWords(normalized);
      return { item, normalized, words, wordSet: new Set(words), joined: words.join(" ") };
    });
  }

  /** The name words that `w` matches (itself, or one edit away when both have 4 letters or more). */
  nearWords(w: string): Set<string> {
    let found = this.near.get(w);
    if (found) return found;
    if (!this.byDeletion) {
      this.byDeletion = new Map();
      const seen = new Set<string>();
      for (const e of this.entries) {
        for (const x of e.words) {
          if (seen.has(x)) continue;
          seen.add(x);
          for (const key of deletions(x)) {
            const list = this.byDeletion.get(key);
            if (list) list.push(x);
            else this.byDeletion.set(key, [x]);
          }
        }
      }
    }
    found = new Set();
    for (const key of deletions(w)) for (const x of this.byDeletion.get(key) ?? []) if (!found.has(x) && wordsMatch(w, x)) found.add(x);
    this.near.set(w, found);
    return found;
  }
}

export function indexNames<T extends Named>(items: readonly T[]): NameIndex<T> {
  return new NameIndex(items);
}

type Query = { normalized: string; words: string[]; joined: string };

function readQuery(query: string): Query | null {
  const normalized = normalizeName(query);
  if (!normalized || normalized.length > MAX_NAME_QUERY_LENGTH) return null;
  const words = contentWords(normalized);
  return { normalized, words, joined: words.join(" ") };
}

/** 0 (no match) to 100 (the same name). */
function score<T extends Named>(q: Query, e: Entry<T>, index: NameIndex<T>): number {
  if (q.normalized === e.normalized) return 100;
  const qw = q.words;
  const nw = e.words;
  if (qw.length && q.joined === e.joined) return 97;
  const d = editDistance(q.joined, e.joined, 3);
  if (q.joined.length && d <= allowance(Math.max(q.joined.length, e.joined.length))) return 95 - d * 2;
  if (!qw.length || !nw.length) return 0;
  let matched = 0;
  const said = new Set<string>();
  for (const w of qw) {
    const near = index.nearWords(w);
    for (const x of near) said.add(x);
    // the smaller of the two sets is walked
    if (near.size <= e.wordSet.size ? [...near].some((x) => e.wordSet.has(x)) : nw.some((x) => near.has(x))) matched++;
  }
  const covered = nw.filter((x) => said.has(x)).length;
  if (matched === qw.length) return 60 + Math.round((25 * covered) / nw.length);
  // Most of the words said, and they cover most of the name.
  if (matched / qw.length >= 0.5 && covered / nw.length >= 0.5) return 45 + Math.round((10 * covered) / nw.length);
  return 0;
}

/** Every indexed name that `query` may mean, with its score (above 0). */
export function scoreNames<T extends Named>(query: string, index: NameIndex<T>): { item: T; score: number }[] {
  const q = readQuery(query);
  if (!q) return [];
  return index.entries.map((e) => ({ item: e.item, score: score(q, e, index) })).filter((s) => s.score > 0);
}

/** 0 (no match) to 100 (the same name). */
export function nameScore(query: string, name: string): number {
  return scoreNames(query, indexNames([{ id: "", name }]))[0]?.score ?? 0;
}

const THRESHOLD = 55;

/** The one schedule meant, several that fit equally, or none. */
export function matchName<T extends Named>(query: string, names: readonly T[] | NameIndex<T>): MatchResult<T> {
  const index = names instanceof NameIndex ? names : indexNames(names);
  const scored = scoreNames(query, index).filter((s) => s.score >= THRESHOLD);
  if (scored.length === 0) return { kind: "none" };
  scored.sort((a, b) => b.score - a.score || compareScheduleNames(a.item.name, b.item.name));
  const best = scored[0].score;
  // A near-exact name stands alone; a few shared words that fit several names do not decide between them.
  const close = scored.filter((s) => s.score >= best - (best >= 90 ? 0 : 12));
  if (close.length === 1) return { kind: "one", item: close[0].item };
  return { kind: "many", items: close.slice(0, 9).map((s) => s.item) };
}
