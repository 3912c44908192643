// Finding the schedule a message means by its name, forgivingly: case and punctuation are
// ignored, small typos are allowed (edit distance), and a few words of a longer name do
// ("backup" for "nightly backup"). Only the user's own schedules are ever candidates.
import { compareScheduleNames } from "../schedules/name-order";

export type Named = { id: string; name: string };
export type MatchResult<T extends Named> = { kind: "one"; item: T } | { kind: "many"; items: T[] } | { kind: "none" };

const FILLER = new Set(["the", "my", "our", "a", "an", "job", "task", "schedule", "cron", "one", "called", "named", "please", "pls", "schedules", "jobs", "tasks"]);

export function normalizeName(s: string): string {
  return s
    .toLowerCase()
    .replace(/['’`]/g, "")
    .replace(/[^\p{L}\p{N}]+/gu, " ")
    .trim();
}

const contentWords = (s: string) => normalizeName(s).split(" ").filter((w) => w && !FILLER.has(w));

export function editDistance(a: string, b: string, limit = 3): number {
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    let best = i;
    for (let j = 1; j <= b.length; j++) {
      cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
      best = Math.min(best, cur[j]);
    }
    if (best > limit) return limit + 1;
    prev = cur;
  }
  return prev[b.length];
}

/** Typos allowed for a text of this length: none for 1-3 characters, then one per five, at most 3. */
const allowance = (length: number) => (length <= 3 ? 0 : Math.min(3, 1 + Math.floor((length - 4) / 5)));

const wordsMatch = (a: string, b: string) => a === b || (Math.min(a.length, b.length) >= 4 && editDistance(a, b, 1) <= 1);

/** 0 (no match) to 100 (the same name). */
export function nameScore(query: string, name: string): number {
  const q = normalizeName(query);
  const n = normalizeName(name);
  if (!q) return 0;
  if (q === n) return 100;
  const qw = contentWords(query);
  const nw = contentWords(name);
  if (qw.length && qw.join(" ") === nw.join(" ")) return 97;
  const qs = qw.join(" ");
  const ns = nw.join(" ");
  const d = editDistance(qs, ns, 3);
  if (qs.length && d <= allowance(Math.max(qs.length, ns.length))) return 95 - d * 2;
  if (!qw.length || !nw.length) return 0;
  const matched = qw.filter((w) => nw.some((x) => wordsMatch(w, x))).length;
  const covered = nw.filter((x) => qw.some((w) => wordsMatch(w, x))).length;
  if (matched === qw.length) return 60 + Math.round((25 * covered) / nw.length);
  // Most of the words said, and they cover most of the name.
  if (matched / qw.length >= 0.5 && covered / nw.length >= 0.5) return 45 + Math.round((10 * covered) / nw.length);
  return 0;
}

const THRESHOLD = 55;

/** The one schedule meant, several that fit equally, or none. */
export function matchName<T extends Named>(query: string, items: readonly T[]): MatchResult<T> {
  const scored = items.map((item) => ({ item, score: nameScore(query, item.name) })).filter((s) => s.score >= THRESHOLD);
  if (scored.length === 0) return { kind: "none" };
  scored.sort((a, b) => b.score - a.score || compareScheduleNames(a.item.name, b.item.name));
  const best = scored[0].score;
  // A near-exact name stands alone; a few shared words that fit several names do not decide between them.
  const close = scored.filter((s) => s.score >= best - (best >= 90 ? 0 : 12));
  if (close.length === 1) return { kind: "one", item: close[0].item };
  return { kind: "many", items: close.slice(0, 9).map((s) => s.item) };
}
