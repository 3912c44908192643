// Natural-language schedules to standard 5-field cron, offline and deterministic:
// "every weekday at 9am" -> "0 9 * * 1-5". The text is tokenized (parse/tokens.ts), read phrase by
// phrase into clauses (parse/grammar.ts and the recognisers beside it), split from the task name
// (parse/names.ts) and composed into fields (parse/compose.ts). What cron cannot say exactly
// ("every 90 minutes", "the last day of the month") is refused with the reason and, where there is
// one, a nearby schedule that it can say.
import { compose } from "./parse/compose";
import { splitName } from "./parse/names";
import { tokenize } from "./parse/tokens";
import { canonicalTimezone } from "./timezone";
import { validateCron } from "./validate";

export type ParseResult =
  | { ok: true; cronExpression: string; timezone?: string; name?: string }
  | { ok: false; reason: string; suggestion?: string };

export type ParseOptions = {
  /** The zone to use when the text names none (an IANA name). */
  timezone?: string;
};

/** Longer text is refused before any work, so a 10 KB paste costs nothing. */
export const MAX_SCHEDULE_TEXT = 500;

function parse(text: string, opts: ParseOptions): ParseResult {
  if (typeof text !== "string" || text.trim() === "") {
    return { ok: false, reason: "empty: there is no schedule to read", suggestion: 'e.g. "every day at 9am"' };
  }
  if (text.length > MAX_SCHEDULE_TEXT) {
    return { ok: false, reason: `too long: a schedule is at most ${MAX_SCHEDULE_TEXT} characters (this text has ${text.length})`, suggestion: 'a short phrase, e.g. "every weekday at 9am"' };
  }
  const split = splitName(text, tokenize(text));
  if (!split.ok) return { ok: false, reason: split.reason, ...(split.suggestion ? { suggestion: split.suggestion } : {}) };

  const zones = [...new Set(split.clauses.flatMap((c) => (c.kind === "zone" ? [c.zone] : [])))];
  if (zones.length > 1) return { ok: false, reason: `ambiguous: two time zones are named (${zones.join(" and ")})`, suggestion: "one time zone" };
  let timezone = zones[0];
  if (timezone === undefined && opts.timezone !== undefined) {
    const fallback = canonicalTimezone(opts.timezone);
    if (!fallback) return { ok: false, reason: `unknown time zone "${opts.timezone}" in the options`, suggestion: "an IANA name such as UTC or Europe/Berlin" };
    timezone = fallback;
  }

  const composed = compose(split.clauses);
  if (!composed.ok) return { ok: false, reason: composed.reason, ...(composed.suggestion ? { suggestion: composed.suggestion } : {}) };
  // The project's validator has the last word: nothing reaches the scheduler that it refuses
  // (it also catches schedules that never run, such as "on the 30th of February").
  const valid = validateCron(composed.expression);
  if (!valid.ok) return { ok: false, reason: `${valid.message} (${composed.expression})` };
  return {
    ok: true,
    cronExpression: composed.expression,
    ...(timezone !== undefined ? { timezone } : {}),
    ...(split.name !== undefined ? { name: split.name } : {}),
  };
}

/** What a client is told when the parser itself fails: the cause goes to the server log only. */
export const PARSE_INTERNAL_ERROR = "could not read this schedule because of an error on our side (it was logged)";

/**
 * Reads `text` as a repeating schedule. Never throws: anything it cannot read is refused with a
 * reason. A bug inside the parser is refused with a generic reason; its message (which may name
 * internals) is logged, never returned: the reason reaches API clients and the assistant's replies.
 */
export function parseSchedule(text: string, opts: ParseOptions = {}): ParseResult {
  try {
    return parse(text, opts ?? {});
  } catch (err) {
    console.error("[cron] internal error while reading a schedule:", err);
    return { ok: false, reason: PARSE_INTERNAL_ERROR, suggestion: 'a short phrase, e.g. "every weekday at 9am", or a cron expression' };
  }
}
