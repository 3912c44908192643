// Repetition: "every 15 minutes", "every other hour", "hourly", "twice an hour", "once a day",
// "every 3 months", "quarterly". A cron step restarts at the top of its field (minute 0, hour 0,
// day 1, January), so "every N units" is exact only when N divides the field: every 7 minutes would
// fire at :56 and again at :00, 4 minutes later. Such intervals are refused, naming the nearest
// exact ones.
import { refuse, type Clause, type Match } from "./clauses";
import { readNumber, readOrdinal, readTimesCount } from "./numbers";
import { attached, isPunct, isWord, phrase, skip, wordAt, type Tokens } from "./tokens";

type Unit = "millisecond" | "second" | "minute" | "hour" | "day" | "week" | "month" | "year";

const UNIT_WORDS: Readonly<Record<string, Unit>> = {
  millisecond: "millisecond", milliseconds: "millisecond", ms: "millisecond",
  second: "second", seconds: "second", sec: "second", secs: "second",
  minute: "minute", minutes: "minute", min: "minute", mins: "minute",
  hour: "hour", hours: "hour", hr: "hour", hrs: "hour",
  day: "day", days: "day",
  week: "week", weeks: "week", wk: "week", wks: "week",
  month: "month", months: "month", mo: "month", mos: "month", mth: "month", mths: "month",
  year: "year", years: "year", yr: "year", yrs: "year",
};
// Single letters, as in durations ("5m", "2h", "30s"). "m" is always minutes, as in every duration
// syntax people copy from (Go, Kubernetes, systemd, "5m" in Almanac itself); months are written
// "mo", "mth" or "month". am/pm never reach here: a letter is a unit only right after a count.
const LETTER_UNITS: Readonly<Record<string, Unit>> = { s: "second", m: "minute", h: "hour", d: "day", w: "week" };

/**
 * Where a single letter counts as a unit: nowhere, only touching the number ("5m"), or also apart
 * from it ("every 3 h"), which is safe only after "every N", where nothing else can follow.
 */
type Letters = "none" | "attached" | "spaced";

function readUnit(ts: Tokens, i: number, letters: Letters): { unit: Unit; end: number } | null {
  const w = wordAt(ts, i);
  if (w === undefined) return null;
  if (w in UNIT_WORDS) return { unit: UNIT_WORDS[w], end: i + 1 };
  if (letters !== "none" && w in LETTER_UNITS && (letters === "spaced" || attached(ts, i))) return { unit: LETTER_UNITS[w], end: i + 1 };
  return null;
}

// ---- exactness ------------------------------------------------------------------------------

/** Every interval (in minutes) that a cron step repeats exactly: divisors of 60, whole hours dividing 24. */
const EXACT_MINUTES = [1, 2, 3, 4, 5, 6, 10, 12, 15, 20, 30, 60, 120, 180, 240, 360, 480, 720, 1440];

function sayMinutes(total: number, unit: "minute" | "hour"): string {
  if (total === 1) return "every minute";
  if (total === 1440) return "every day";
  if (total < 60 || (total === 60 && unit === "minute")) return `every ${total} minutes`;
  if (total === 60) return "every hour";
  return `every ${total / 60} hours`;
}

function say(n: number, unit: Unit): string {
  if (n === 1) return `every ${unit}`;
  return `every ${Number.isInteger(n) ? n : n.toFixed(2).replace(/0+$/, "")} ${unit}s`;
}

/** The refusal for an interval (in minutes) that no single cron expression repeats exactly. */
function inexactMinutes(total: number, asked: string, unit: "minute" | "hour"): Clause & { kind: "refuse" } {
  const below = [...EXACT_MINUTES].reverse().find((e) => e < total);
  const above = EXACT_MINUTES.find((e) => e > total);
  const options = [below, above].filter((e): e is number => e !== undefined).map((e) => sayMinutes(e, unit));
  let why: string;
  if (!Number.isInteger(total)) {
    why = "cron counts whole minutes";
  } else if (total < 60) {
    const last = Math.floor(59 / total) * total;
    why = `a minute step restarts every hour, so */${total} would fire at :${String(last).padStart(2, "0")} and again at :00, ${60 - last} minutes later`;
  } else if (total % 60 === 0 && total < 1440) {
    const n = total / 60;
    const last = Math.floor(23 / n) * n;
    why = `an hour step restarts every day, so */${n} would fire at ${last}:00 and again at 0:00, ${24 - last} hours later`;
  } else if (total > 1440) {
    why = "it is longer than a day, and an hour step restarts every day";
  } else {
    why = "it is not a whole number of hours, and a minute step restarts every hour, so only steps that divide 60 minutes (or whole hours that divide 24) repeat evenly";
  }
  return { kind: "refuse", reason: `${asked} is not expressible exactly in 5-field cron: ${why}`, suggestion: options.join(" or ") };
}

/**
 * A step that does not divide its field: still a step, in case the sentence lists the values it
 * means (cronstrue's "every 7 minutes, at 0, 7, ..., 56 minutes past the hour"); compose.ts gives the
 * refusal when it does not.
 */
function inexactStep(kind: "minuteStep" | "hourStep", step: number, total: number, asked: string, unit: "minute" | "hour"): Clause {
  const { reason, suggestion } = inexactMinutes(total, asked, unit);
  return { kind, step, inexact: { reason, ...(suggestion ? { suggestion } : {}) } };
}

function belowMinimum(asked: string): Clause {
  return refuse(`${asked} is below minimum interval: the shortest interval is one minute (5-field cron has no seconds)`, "every minute");
}

const MONTH_DIVISORS = [1, 2, 3, 4, 6, 12];

function everyNMonths(n: number, asked: string): Clause[] {
  if (n === 1) return [{ kind: "period", unit: "month" }];
  if (n === 12) return [{ kind: "period", unit: "year" }];
  if (Number.isInteger(n) && 12 % n === 0) return [{ kind: "step", field: "month", step: n }];
  const options = [[...MONTH_DIVISORS].reverse().find((e) => e < n), MONTH_DIVISORS.find((e) => e > n)].filter((e): e is number => e !== undefined);
  const inexact = {
    reason: `${asked} is not expressible exactly in 5-field cron: a month step restarts every January, so only steps that divide 12 repeat evenly`,
    suggestion: options.map((e) => (e === 12 ? "every year" : say(e, "month"))).join(" or "),
  };
  // still a step, in case the months are named ("every 7 months, April through November")
  return Number.isInteger(n) && n < 12 ? [{ kind: "step", field: "month", step: n, inexact }] : [refuse(inexact.reason, inexact.suggestion)];
}

/** The clauses for "every `n` `unit`" (n may be fractional: "every 1.5 hours"). */
function everyClauses(n: number, unit: Unit, asked: string): Clause[] {
  if (!(n > 0) || !Number.isFinite(n)) return [refuse(`"${asked}" is not a usable interval`, "every 5 minutes")];
  switch (unit) {
    case "millisecond":
      return everyClauses(n / 1000, "second", asked);
    case "second":
      if (n < 60) return [belowMinimum(asked)];
      return everyClauses(n / 60, "minute", asked);
    case "minute":
      if (n < 1) return [belowMinimum(asked)];
      if (!Number.isInteger(n)) return [inexactMinutes(n, asked, "minute")];
      if (n === 60) return [{ kind: "hourStep", step: 1 }];
      if (n < 60 && 60 % n === 0) return [{ kind: "minuteStep", step: n }];
      if (n % 60 === 0) return everyClauses(n / 60, "hour", asked);
      return [n < 60 ? inexactStep("minuteStep", n, n, asked, "minute") : inexactMinutes(n, asked, "minute")];
    case "hour":
      if (!Number.isInteger(n)) return everyClauses(n * 60, "minute", asked);
      if (n === 24) return [{ kind: "daily" }];
      if (24 % n === 0) return [{ kind: "hourStep", step: n }];
      if (n % 24 === 0) return everyClauses(n / 24, "day", asked);
      return [n < 24 ? inexactStep("hourStep", n, n * 60, asked, "hour") : inexactMinutes(n * 60, asked, "hour")];
    case "day":
      if (!Number.isInteger(n)) return everyClauses(n * 24, "hour", asked);
      if (n === 1) return [{ kind: "daily" }];
      if (n === 7) return [{ kind: "period", unit: "week" }];
      // "every other day" is */2 in the day of month to everyone who writes crontabs (and to
      // crontab.guru, cron-job.org...), even though the step restarts on the 1st (the 31st and the
      // 1st both run). Users expect it, so it is accepted; the preview's next runs show the reset.
      if (n <= 31) return [{ kind: "step", field: "dom", step: n }];
      return [refuse(`${asked} is not expressible in 5-field cron: a day-of-month step restarts every month`, "every month")];
    case "week":
      if (!Number.isInteger(n)) return everyClauses(n * 7, "day", asked);
      if (n === 1) return [{ kind: "period", unit: "week" }];
      return [refuse(`${asked} is not expressible exactly in 5-field cron: it counts days of the month and of the week, not weeks`, "every week, or on set days of the month (\"on the 1st and 15th\")")];
    case "month":
      return everyNMonths(n, asked);
    case "year":
      if (n === 1) return [{ kind: "period", unit: "year" }];
      return [refuse(`${asked} is not expressible exactly in 5-field cron: it has no year field`, "every year")];
  }
}

// ---- recognisers ----------------------------------------------------------------------------

/** The count in "every N units": a number, "1.5", "other", "2nd", "half (an)", "quarter (of an)". */
function readCount(ts: Tokens, i: number): { n: number; end: number; kind: "number" | "half" | "quarter" | "none" } {
  if (isWord(ts, i, "other")) return { n: 2, end: i + 1, kind: "number" };
  const t = ts[i];
  if (t?.kind === "decimal") return { n: t.value, end: i + 1, kind: "number" };
  const o = readOrdinal(ts, i);
  if (o && readUnit(ts, o.end, "none")) return { n: o.value, end: o.end, kind: "number" };
  const n = readNumber(ts, i);
  if (n) return { n: n.value, end: isPunct(ts, n.end, "-") ? n.end + 1 : n.end, kind: "number" };
  if (isWord(ts, i, "half")) return { n: 0.5, end: skip(ts, i + 1, "an", "a", "-"), kind: "half" };
  if (isWord(ts, i, "quarter")) return { n: 0.25, end: skip(ts, i + 1, "of", "an", "a", "-"), kind: "quarter" };
  return { n: 1, end: i, kind: "none" };
}

/** "every 15 minutes", "every other hour", "every 2nd day", "each day", "every half hour", "every 3 months". */
export function recogniseEvery(ts: Tokens, i: number): Match | null {
  let j: number;
  if (isWord(ts, i, "every", "each")) j = i + 1;
  else if (phrase(ts, i, "once", "every") > 0) j = i + 2;
  else return null;
  j = skip(ts, j, "single");
  const count = readCount(ts, j);
  j = count.end;
  if (count.kind === "none" && isWord(ts, j, "fortnight")) return { end: j + 1, clauses: everyClauses(2, "week", "every fortnight") };
  let n = count.n;
  // "every 2 and a half hours"
  const halfBefore = count.kind === "number" ? phrase(ts, j, "and", "a", "half") : -1;
  if (halfBefore > 0) {
    n += 0.5;
    j = halfBefore;
  }
  const unit = readUnit(ts, j, count.kind === "number" ? "spaced" : "none");
  if (!unit && count.kind === "quarter") return { end: j, clauses: [{ kind: "period", unit: "quarter" }] };
  if (!unit) return null;
  let end = unit.end;
  // "every hour and a half"
  const halfAfter = halfBefore < 0 ? phrase(ts, end, "and", "a", "half") : -1;
  if (halfAfter > 0) {
    n += 0.5;
    end = halfAfter;
  }
  const asked = count.kind === "half" || count.kind === "quarter" ? `every ${count.kind} ${unit.unit}` : say(n, unit.unit);
  // "every 2 days in a month" / "every 2 days of the week": cron's own step, said in full
  if (unit.unit === "day" && n !== 1 && Number.isInteger(n)) {
    const k = skip(ts, end, "in", "of", "a", "the", "each", "every");
    if (k > end && isWord(ts, k, "month")) return { end: k + 1, clauses: [{ kind: "step", field: "dom", step: n }] };
    if (k > end && isWord(ts, k, "week")) return n <= 6 ? { end: k + 1, clauses: [{ kind: "step", field: "dow", step: n }] } : null;
  }
  if (unit.unit === "day" && n === 1) {
    // "every day of the week", "every day of the month"
    const k = phrase(ts, end, "of", "the", "week");
    const k2 = phrase(ts, end, "of", "the", "month");
    end = Math.max(end, k, k2);
  }
  // "every half hour" is 0.5 hours: everyClauses turns fractional hours into minutes
  return { end, clauses: everyClauses(n, unit.unit, asked) };
}

/** "at 15 minute intervals", "in 10-minute intervals", "at intervals of 5 minutes". */
export function recogniseIntervalPhrase(ts: Tokens, i: number): Match | null {
  const j = skip(ts, i, "at", "in", "on");
  const k = phrase(ts, j, "intervals", "of");
  const count = readCount(ts, k > 0 ? k : j);
  if (count.kind !== "number") return null;
  const unit = readUnit(ts, count.end, "spaced"); // "intervals" must follow, so a letter is safe
  if (!unit) return null;
  let end = unit.end;
  if (k < 0) {
    if (!isWord(ts, end, "intervals", "interval", "increments")) return null;
    end++;
  }
  return { end, clauses: everyClauses(count.n, unit.unit, say(count.n, unit.unit)) };
}

const ADVERBS: Readonly<Record<string, Clause[]>> = {
  minutely: [{ kind: "minuteStep", step: 1 }],
  hourly: [{ kind: "hourStep", step: 1 }],
  "half-hourly": [{ kind: "minuteStep", step: 30 }],
  halfhourly: [{ kind: "minuteStep", step: 30 }],
  "quarter-hourly": [{ kind: "minuteStep", step: 15 }],
  daily: [{ kind: "daily" }],
  everyday: [{ kind: "daily" }],
  weekly: [{ kind: "period", unit: "week" }],
  monthly: [{ kind: "period", unit: "month" }],
  quarterly: [{ kind: "period", unit: "quarter" }],
  yearly: [{ kind: "period", unit: "year" }],
  annually: [{ kind: "period", unit: "year" }],
  annual: [{ kind: "period", unit: "year" }],
  biannually: [{ kind: "period", unit: "half-year" }],
  semiannually: [{ kind: "period", unit: "half-year" }],
  "semi-annually": [{ kind: "period", unit: "half-year" }],
  "half-yearly": [{ kind: "period", unit: "half-year" }],
  biweekly: [refuse("ambiguous: \"biweekly\" means every two weeks or twice a week; every two weeks is not expressible exactly in 5-field cron", "every monday and thursday (twice a week), or on the 1st and 15th")],
  "bi-weekly": [refuse("ambiguous: \"bi-weekly\" means every two weeks or twice a week; every two weeks is not expressible exactly in 5-field cron", "every monday and thursday (twice a week), or on the 1st and 15th")],
  fortnightly: [refuse("every two weeks is not expressible exactly in 5-field cron: it counts days of the month and of the week, not weeks", "on the 1st and 15th")],
  bimonthly: [refuse("ambiguous: \"bimonthly\" means every two months or twice a month", "every 2 months, or on the 1st and 15th")],
  "bi-monthly": [refuse("ambiguous: \"bi-monthly\" means every two months or twice a month", "every 2 months, or on the 1st and 15th")],
};

/** "hourly", "daily", "weekly", "quarterly", "annually", and cron's macros ("@daily"). */
export function recogniseAdverb(ts: Tokens, i: number): Match | null {
  const j = isPunct(ts, i, "@") ? i + 1 : i;
  const w = wordAt(ts, j);
  if (w === undefined) return null;
  if (j > i && w === "midnight") return { end: j + 1, clauses: [{ kind: "daily" }] };
  if (!(w in ADVERBS)) return null;
  return { end: j + 1, clauses: ADVERBS[w] };
}

const ADVERB_UNITS: Readonly<Record<string, Unit>> = { hourly: "hour", daily: "day", weekly: "week", monthly: "month", yearly: "year", annually: "year" };

/** The clauses for "`n` times a `unit`". */
function timesPerClauses(n: number, unit: Unit, asked: string): Clause[] {
  if (n < 1) return [refuse(`"${asked}" is not a usable interval`)];
  switch (unit) {
    case "millisecond":
    case "second":
      return [belowMinimum(asked)];
    case "minute":
      return n === 1 ? [{ kind: "minuteStep", step: 1 }] : [belowMinimum(asked)];
    case "hour":
      if (n === 1) return [{ kind: "hourStep", step: 1 }];
      if (60 % n === 0) return [{ kind: "perHour", count: n }];
      return [refuse(`"${asked}" is not expressible exactly in 5-field cron: an hour does not split into ${n} equal whole minutes`, inexactMinutes(60 / n, asked, "minute").suggestion)];
    case "day":
      return n === 1 ? [{ kind: "daily" }] : [{ kind: "perDay", count: n }];
    case "week":
      if (n === 1) return [{ kind: "period", unit: "week" }];
      return [refuse(`ambiguous: "${asked}" does not say which days`, n === 2 ? "every monday and thursday" : "every monday, wednesday and friday")];
    case "month":
      if (n === 1) return [{ kind: "period", unit: "month" }];
      if (n === 2) return [{ kind: "days", field: "dom", values: [1, 15] }];
      return [refuse(`ambiguous: "${asked}" does not say which days`, "on the 1st, 10th and 20th")];
    case "year":
      if (n === 1) return [{ kind: "period", unit: "year" }];
      if (12 % n === 0) return [{ kind: "step", field: "month", step: 12 / n }];
      return [refuse(`"${asked}" is not expressible exactly in 5-field cron: months cannot be split into ${n} equal parts`, "quarterly, or every 2 months")];
  }
}

/** "twice an hour", "once a day", "3 times per day", "twice daily", "four times a year". */
export function recogniseTimesPer(ts: Tokens, i: number): Match | null {
  const count = readTimesCount(ts, i);
  if (!count) return null;
  let j = count.end;
  let unit: Unit;
  const adverb = wordAt(ts, j);
  if (adverb !== undefined && adverb in ADVERB_UNITS) {
    unit = ADVERB_UNITS[adverb];
    j++;
  } else {
    const k = skip(ts, j, "a", "an", "per", "each", "every", "in", "the");
    const u = k > j ? readUnit(ts, k, "none") : null;
    if (!u) return null;
    unit = u.unit;
    j = u.end;
  }
  const n = count.value;
  const asked = `${n === 1 ? "once" : n === 2 ? "twice" : `${n} times`} ${unit === "hour" ? "an" : "a"} ${unit}`;
  return { end: j, clauses: timesPerClauses(n, unit, asked) };
}

/** "at the start of every month", "at the beginning of each quarter", "start of the week" (Monday). */
export function recogniseStartOf(ts: Tokens, i: number): Match | null {
  const j = skip(ts, i, "at", "on", "by", "the");
  if (!isWord(ts, j, "start", "beginning") || !isWord(ts, j + 1, "of")) return null;
  const k = skip(ts, j + 2, "every", "each", "the", "a");
  const end = k + 1;
  switch (wordAt(ts, k)) {
    case "day":
      return { end, clauses: [{ kind: "daily" }] };
    case "week":
      return { end, clauses: [{ kind: "days", field: "dow", values: [1] }] };
    case "month":
      return { end, clauses: [{ kind: "period", unit: "month" }] };
    case "quarter":
      return { end, clauses: [{ kind: "period", unit: "quarter" }] };
    case "year":
      return { end, clauses: [{ kind: "period", unit: "year" }] };
    default:
      return null;
  }
}
