// The "heartbeat" job type: a check on a cron that runs somewhere else. It executes nothing: the
// job pings the schedule's secret URL (/ping/{key}, lib/heartbeats/) each time the cron expression
// fires, and a slot that passes its grace period with no ping is recorded as missed and alerted.
// Workers never claim its slots (lib/scheduler/sync.ts leaves these schedules out).
import { z } from "zod";
import { defineEntrypoint, EntrypointError, type EntrypointSpec } from "./types";

export const HEARTBEAT = "heartbeat";

/** How long after its slot a ping may come, unless the payload says otherwise. */
export const DEFAULT_GRACE_SECONDS = 300;
/** Longest grace: a week, the longest gap alerts' reminders allow too. */
export const MAX_GRACE_SECONDS = 7 * 86_400;

const graceSeconds = z
  .int({ error: "must be a whole number of seconds" })
  .min(1, "must be at least 1 second")
  .max(MAX_GRACE_SECONDS, `must be at most ${MAX_GRACE_SECONDS} (7 days)`);

const userPayloadSchema = z.strictObject(
  {
    graceSeconds: graceSeconds
      .optional()
      .meta({ description: `How long after each slot a ping may come before the slot counts as missed; default ${DEFAULT_GRACE_SECONDS}` }),
  },
  { error: "must be a JSON object" },
);

const executionPayloadSchema = z.object({ graceSeconds });

export type HeartbeatUserPayload = z.output<typeof userPayloadSchema>;
export type HeartbeatPayload = z.output<typeof executionPayloadSchema>;

/** A stored heartbeat payload's grace in ms (the default when it cannot be read). */
export function graceMsOf(storedPayload: unknown): number {
  const parsed = executionPayloadSchema.safeParse(typeof storedPayload === "string" ? safeJson(storedPayload) : storedPayload);
  return (parsed.success ? parsed.data.graceSeconds : DEFAULT_GRACE_SECONDS) * 1000;
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

export const heartbeatEntrypoint: EntrypointSpec<HeartbeatUserPayload, HeartbeatPayload> = defineEntrypoint<HeartbeatUserPayload, HeartbeatPayload>({
  key: HEARTBEAT,
  title: "Heartbeat check",
  description:
    "Runs nothing: a cron elsewhere pings this schedule's ping URL each time the expression fires. A slot with no ping within graceSeconds (default 300) is recorded as missed and alerted.",
  userPayloadSchema,
  executionPayloadSchema,
  async register(input) {
    return { graceSeconds: input.graceSeconds ?? DEFAULT_GRACE_SECONDS };
  },
  async validateExecution() {},
  async execute() {
    // Only a run queued before the schedule became a heartbeat check can get here.
    throw new EntrypointError("a heartbeat check runs nothing: its runs come from pings to its ping URL");
  },
  present(payload) {
    return { graceSeconds: payload.graceSeconds };
  },
});
