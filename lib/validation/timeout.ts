// The longest a run may take (a schedule's timeoutSeconds): an operator setting, since one
// account's long runs hold execution slots that every account shares.
import { z } from "zod";

/** No setting may allow more than a day: a run that long is a service, not a scheduled job. */
export const TIMEOUT_CEILING_SECONDS = 86_400;
/** MAX_TIMEOUT_SECONDS unless set: an hour covers backups and reports without a day-long hold on a slot. */
export const DEFAULT_MAX_TIMEOUT_SECONDS = 3600;

/** MAX_TIMEOUT_SECONDS, as lib/env validates it. */
export const maxTimeoutSetting = z.preprocess(
  (v) => (v === "" ? undefined : v),
  z.coerce
    .number({ error: "must be a number of seconds" })
    .int("must be a whole number of seconds")
    .min(1)
    .max(TIMEOUT_CEILING_SECONDS, `must be at most ${TIMEOUT_CEILING_SECONDS} (a day)`)
    .default(DEFAULT_MAX_TIMEOUT_SECONDS),
);

/**
 * The largest timeoutSeconds a schedule may have here. On the server: MAX_TIMEOUT_SECONDS, read
 * through the same rule as lib/env (which the schedule schema cannot import: the forms run it in
 * the browser too). In the browser: the ceiling, and the server's answer has the last word.
 */
export function maxTimeoutSeconds(): number {
  if (typeof window !== "undefined") return TIMEOUT_CEILING_SECONDS;
  const parsed = maxTimeoutSetting.safeParse(process.env.MAX_TIMEOUT_SECONDS);
  // A bad value stops the processes at start (lib/env); should one appear later, the default holds.
  return parsed.success ? parsed.data : DEFAULT_MAX_TIMEOUT_SECONDS;
}
