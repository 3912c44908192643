// Schedule rows as the API shows them.
import { describeCron } from "../cron/describe";
import type { Schedule } from "../db/client";
import { readAlertRules } from "../alerts/rules";
import { presentPayload } from "../entrypoints/registry";
import { pingUrl } from "../heartbeats/ping-key";
import type { ScheduleOut } from "../validation/schedules";

export type ScheduleRow = Schedule;

const iso = (d: Date | null) => (d ? d.toISOString() : null);

export function toScheduleOut(row: ScheduleRow): ScheduleOut {
  return {
    id: row.id,
    teamId: row.teamId,
    name: row.name,
    description: row.description,
    cronExpression: row.cronExpression,
    timezone: row.timezone,
    cronHuman: describeCron(row.cronExpression, row.timezone),
    entrypoint: row.entrypoint,
    payload: presentPayload(row.entrypoint, row.payload),
    isEnabled: row.isEnabled,
    overlapPolicy: row.overlapPolicy,
    misfirePolicy: row.misfirePolicy,
    timeoutSeconds: row.timeoutSeconds,
    maxRetries: row.maxRetries,
    retryDelaySeconds: row.retryDelaySeconds,
    lastRunAt: iso(row.lastRunAt),
    nextRunAt: iso(row.nextRunAt),
    lastRunStatus: row.lastRunStatus,
    pingUrl: row.pingKey ? pingUrl(row.pingKey) : null,
    alerts: readAlertRules(row.alerts),
    consecutiveFailures: row.failureStreak,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}
