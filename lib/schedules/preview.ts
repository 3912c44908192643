// Previews for forms and the assistant: an expression's meaning and next runs, and plain words
// turned into a schedule draft.
import { ApiError, validationError } from "../api/errors";
import { describeCron } from "../cron/describe";
import { nextRuns } from "../cron/next-runs";
import { parseSchedule } from "../cron/parse-schedule";
import { validateCron } from "../cron/validate";

export type Preview = { normalized: string; cronHuman: string; nextRuns: string[] };

export function previewCron(expression: string, timezone: string, { after = new Date(), count = 5, use24HourTime = false } = {}): Preview {
  const result = validateCron(expression);
  if (!result.ok) throw validationError({ expression: result.message });
  return {
    normalized: result.normalized,
    cronHuman: describeCron(result.normalized, timezone, { use24HourTime }),
    nextRuns: nextRuns(result.normalized, timezone, after, count).map((d) => d.toISOString()),
  };
}

export type Draft = { cronExpression: string; timezone: string; name: string | null; cronHuman: string; nextRuns: string[] };

/** Plain words to a schedule draft; a refusal is a 400 with the reason and, when there is one, a suggestion. */
export function draftFromText(text: string, timezone = "UTC", now = new Date()): Draft {
  const parsed = parseSchedule(text, { timezone });
  if (!parsed.ok) {
    throw new ApiError("validation_error", parsed.reason, { text: parsed.reason }, undefined, parsed.suggestion ? { suggestion: parsed.suggestion } : undefined);
  }
  const zone = parsed.timezone ?? timezone;
  const preview = previewCron(parsed.cronExpression, zone, { after: now });
  return { cronExpression: preview.normalized, timezone: zone, name: parsed.name ?? null, cronHuman: preview.cronHuman, nextRuns: preview.nextRuns };
}
