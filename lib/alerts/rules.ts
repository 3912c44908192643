// A schedule's alert rules: which channels hear about it, and when. Part of the schedule's own
// schema (create, update, the form and the assistant validate it here); a team's defaults are the
// same object, copied into schedules created without `alerts`.
import { z } from "zod";

/** A slot that ends without a run gets this long before it counts as missed. */
export const MISSED_GRACE_SECONDS = 30;
export const MAX_ALERT_CHANNELS = 20;

export const alertRulesSchema = z
  .strictObject({
    channelIds: z
      .array(z.string({ error: "each channel id must be a string" }).min(1).max(100), { error: "channelIds must be a list of channel ids" })
      .max(MAX_ALERT_CHANNELS, `channelIds may name at most ${MAX_ALERT_CHANNELS} channels`)
      .refine((ids) => new Set(ids).size === ids.length, "channelIds names a channel twice")
      .default([])
      .meta({ description: "The team's channels that receive this schedule's alerts (GET /api/v1/teams/{teamId}/channels)" }),
    afterConsecutiveFailures: z
      .int({ error: "afterConsecutiveFailures must be a whole number" })
      .min(1, "afterConsecutiveFailures must be at least 1")
      .max(100, "afterConsecutiveFailures must be at most 100")
      .default(1)
      .meta({ description: "run.failed is sent when this many slots in a row failed (their last attempt failed, timed out or was lost), once per streak" }),
    onRecovery: z.boolean({ error: "onRecovery must be true or false" }).default(true).meta({ description: "schedule.recovered on the first success after an alerted streak" }),
    onMissed: z.boolean({ error: "onMissed must be true or false" }).default(true).meta({ description: `schedule.missed when a slot passes ${MISSED_GRACE_SECONDS} s with no run` }),
    runLongerThanSeconds: z
      .int({ error: "runLongerThanSeconds must be a whole number of seconds" })
      .min(1, "runLongerThanSeconds must be at least 1")
      .max(7 * 86_400, "runLongerThanSeconds must be at most 604800 (7 days)")
      .nullable()
      .optional()
      .meta({ description: "run.slow when a run is still running after this many seconds (once per run)" }),
    remindEveryMinutes: z
      .int({ error: "remindEveryMinutes must be a whole number of minutes" })
      .min(1, "remindEveryMinutes must be at least 1")
      .max(7 * 1440, "remindEveryMinutes must be at most 10080 (7 days)")
      .nullable()
      .optional()
      .meta({ description: "Send run.failed again this often while the streak lasts" }),
  })
  .meta({ id: "AlertRules" });

export type AlertRules = z.output<typeof alertRulesSchema>;
export type AlertRulesInput = z.input<typeof alertRulesSchema>;

/** The rules as stored on a schedule (or a team's defaults), or null when the JSON is not rules. */
export function readAlertRules(stored: unknown): AlertRules | null {
  if (stored === null || stored === undefined) return null;
  const parsed = alertRulesSchema.safeParse(typeof stored === "string" ? safeJson(stored) : stored);
  return parsed.success ? parsed.data : null;
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

/**
 * Whether a change of rules starts the failure count over: the streak is counted only while rules
 * are set, so turning them on (or off) begins from zero. A new threshold keeps the count: a streak
 * already past it is alerted by its next failure.
 */
export function rulesRestartStreak(before: AlertRules | null, after: AlertRules | null): boolean {
  return before === null || after === null;
}
