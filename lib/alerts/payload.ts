// What an alert says: the event types and the JSON body every channel is built from (a webhook
// receives it as is; email and chat channels render it as text). One event is one row of the
// outbox (AlertEvent); its `id` is the webhook-id, the same on every retry of every delivery.

export const ALERT_TYPES = ["run.failed", "schedule.recovered", "run.slow", "schedule.missed", "worker.down", "worker.up", "channel.test"] as const;
export type AlertType = (typeof ALERT_TYPES)[number];

export type AlertRun = {
  id: string;
  status: string;
  attempt: number;
  /** The slot the run was for (ISO instant). */
  scheduledFor: string;
  startedAt: string | null;
  finishedAt: string | null;
  durationMs: number | null;
  error: { name?: string; message?: string } | null;
};

export type AlertPayload = {
  type: AlertType;
  /** The event's id (`msg_...`): the webhook-id header, kept across retries so a receiver can deduplicate. */
  id: string;
  /** When the event happened (ISO instant). */
  at: string;
  team: { id: string; name: string };
  /** Absent for worker.down / worker.up and channel.test. */
  schedule?: { id: string; name: string; cronExpression: string; timezone: string; url: string };
  run?: AlertRun;
  /** run.failed and schedule.recovered: the length of the streak of failed slots. */
  consecutiveFailures?: number;
  /** run.failed sent again while the streak lasts (remindEveryMinutes): 1 for the first reminder. */
  reminder?: number;
  /** schedule.missed: the slot that passed its grace with no run. */
  missed?: { scheduledFor: string; graceSeconds: number };
  /** run.slow: the rule's limit. */
  slow?: { runLongerThanSeconds: number };
  /** worker.down / worker.up. */
  worker?: { downSince: string; lastSeenAt: string | null };
  /** channel.test: the channel being tested. */
  channel?: { id: string; name: string };
};
