// Finding the task name: the words around the schedule that no recogniser reads. The name is
// either before the schedule ("run nightly backup at midnight", "@cron check disk space every 6
// hours") or after it ("every day at 5pm: rotate logs"). The split is the shortest name whose
// remaining words all read as schedule, so a schedule word inside the name ("nightly backup")
// stays in the name.
import type { Clause, Refusal } from "./clauses";
import { scan, type Scan } from "./grammar";
import type { Tokens } from "./tokens";

export type Split = { ok: true; clauses: Clause[]; name?: string } | ({ ok: false } & Refusal);

// A name holding one of these most likely hides a condition we did not understand
// ("don't run on mondays", "every day unless it rains"): refuse rather than drop it.
const CONDITION_WORDS = new Set(["not", "never", "dont", "no", "except", "excluding", "unless", "until", "till", "if", "when", "whenever", "but", "without", "skip", "skipping"]);
// A "name" made only of these is a schedule phrase we failed to read ("half hour", "the hour mark").
const SCHEDULE_VOCABULARY = new Set([
  "half", "quarter", "hour", "hours", "minute", "minutes", "second", "seconds", "day", "days", "week", "weeks", "month",
  "months", "year", "years", "past", "to", "the", "on", "at", "of", "every", "each", "and", "a", "an", "mark", "oclock",
  "am", "pm", "morning", "evening", "night", "noon", "midnight", "top", "start", "end", "daily", "hourly", "weekly",
]);
// Words a name does not start with: they begin a schedule phrase that was not understood.
const SCHEDULE_OPENERS = new Set(["every", "each", "once", "twice", "thrice", "at", "between", "during", "after", "before", "starting", "next", "last", "from", "on", "in"]);

const hasSchedule = (clauses: Clause[]) => clauses.some((c) => c.kind !== "zone");

/** The name as written (capitals kept), less "@cron", a leading "run", quotes and trailing "please". */
function cleanName(text: string): string {
  let s = text.trim();
  for (let before = ""; before !== s; ) {
    before = s;
    s = s
      .replace(/^@cron\b[\s:,-]*/i, "")
      .replace(/^(please|pls|and|to|then)\s+/i, "")
      .replace(/^(run|execute|trigger|start)\s+/i, "")
      .replace(/^(the|a|an)\s+(?=\S+\s+\S)/i, "")
      .replace(/^[\s:;,.\-–—>]+|[\s:;,.\-–—!?]+$/g, "")
      .replace(/\s+(please|pls)$/i, "")
      .replace(/^["'“”‘’`]+|["'“”‘’`]+$/g, "")
      .trim();
  }
  return s;
}

function checkName(name: string): Refusal | null {
  const words = name.toLowerCase().replace(/['’]/g, "").split(/[^a-z0-9]+/).filter(Boolean);
  const bad = words.find((w) => CONDITION_WORDS.has(w));
  if (bad) return { reason: `not understood: "${name}" (a condition such as "${bad}" cannot be part of a cron schedule)`, suggestion: "a plain schedule, e.g. \"every weekday at 9am\"" };
  if (SCHEDULE_OPENERS.has(words[0] ?? "")) return { reason: `not understood: "${name}"`, suggestion: "e.g. \"every day at 9am\", \"every 15 minutes\" or \"on the 1st of each month at 8am\"" };
  if (!words.some((w) => /[a-z]{2}/.test(w) && !SCHEDULE_VOCABULARY.has(w))) return { reason: `not understood: "${name}"`, suggestion: 'e.g. "every day at 9am", "every 15 minutes" or "every hour at :30"' };
  // "30 minute mark", "at 9:30 sharp": a time or interval we failed to read, not a name
  if (/\b\d+\s*-?\s*(seconds?|secs?|minutes?|mins?|hours?|hrs?|days?|weeks?|months?|years?|am|pm)\b|\d:\d\d/i.test(name)) {
    return { reason: `not understood: "${name}"`, suggestion: 'e.g. "every day at 9am", "every 15 minutes" or "every hour at :30"' };
  }
  return null;
}

function withName(input: string, nameTokens: Tokens, clauses: Clause[]): Split {
  if (nameTokens.length === 0) return { ok: true, clauses };
  const name = cleanName(input.slice(nameTokens[0].start, nameTokens[nameTokens.length - 1].end));
  if (!name) return { ok: true, clauses };
  const bad = checkName(name);
  return bad ? { ok: false, ...bad } : { ok: true, clauses, name };
}

/** Why nothing could be read: a refusal a recogniser gave, text that looks like a time, or no schedule. */
function nothingRead(input: string, ts: Tokens, whole: Scan): Split {
  const quoted = whole.unknown.slice(0, 6).map((k) => `"${input.slice(ts[k].start, ts[k].end)}"`).join(", ") + (whole.unknown.length > 6 ? ", ..." : "");
  if (hasSchedule(whole.clauses)) {
    return { ok: false, reason: `not understood: ${quoted}`, suggestion: 'e.g. "every day at 9am", "every 15 minutes" or "weekdays at 17:30"' };
  }
  const refusal = whole.clauses.find((c) => c.kind === "refuse");
  if (refusal?.kind === "refuse") return { ok: false, reason: refusal.reason, ...(refusal.suggestion ? { suggestion: refusal.suggestion } : {}) };
  // "at 25:00", "on the 32nd": something that looks like a time or day but is not one
  if (whole.unknown.some((k) => ts[k].kind !== "word")) {
    return { ok: false, reason: `not understood: ${quoted} (not a valid time, day or interval)`, suggestion: 'e.g. "every day at 9am" or "on the 1st at 21:15"' };
  }
  return { ok: false, reason: "no schedule found: the text says nothing about when to run", suggestion: 'e.g. "every day at 9am", "every 15 minutes" or "every monday at 8"' };
}

export function splitName(input: string, ts: Tokens): Split {
  const whole = scan(ts);
  if (whole.unknown.length === 0) return hasSchedule(whole.clauses) ? { ok: true, clauses: whole.clauses } : nothingRead(input, ts, whole);
  // Name first: drop everything up to the last unknown word until the rest reads cleanly.
  let from = 0;
  let rest = whole;
  while (rest.unknown.length > 0 && from < ts.length) {
    from += rest.unknown[rest.unknown.length - 1] + 1;
    rest = scan(ts.slice(from));
  }
  let nameFirst: Split | null = null;
  if (rest.unknown.length === 0 && hasSchedule(rest.clauses)) {
    nameFirst = withName(input, ts.slice(0, from), rest.clauses);
    if (nameFirst.ok) return nameFirst;
  }
  // Name last: keep everything before the first unknown word until it reads cleanly. Also tried
  // when the name first was refused: in "every day at 9 send christmas cards" the name ends in a
  // schedule word, so "name first" takes "every day at 9 send" for the name.
  let to = ts.length;
  let head = whole;
  while (head.unknown.length > 0) {
    to = head.unknown[0];
    head = scan(ts.slice(0, to));
  }
  if (hasSchedule(head.clauses)) {
    const nameLast = withName(input, ts.slice(to), head.clauses);
    if (nameLast.ok || !nameFirst) return nameLast;
  }
  return nameFirst ?? nothingRead(input, ts, whole);
}
