// Export: a team's schedules as a document (./document.ts), every field written, payloads as the
// API shows them (secrets masked, team secrets as {{secrets.NAME}}), by name in the list order.
// The same rows always give the same bytes, so export -> apply -> export is identical.
import { readAlertRules } from "../alerts/rules";
import { notFound } from "../api/errors";
import type { Db } from "../db/client";
import { presentPayload } from "../entrypoints/registry";
import { SCHEDULE_NAME_ORDER } from "../schedules/name-order";
import type { ScheduleRow } from "../schedules/serialize";
import { requireRole, type TeamAccess } from "../teams/access";
import { writeDocument, type DocumentFormat, type ExportedSchedule } from "./document";

export function exportedSchedule(row: ScheduleRow): ExportedSchedule {
  return {
    description: row.description,
    cronExpression: row.cronExpression,
    timezone: row.timezone,
    isEnabled: row.isEnabled,
    entrypoint: row.entrypoint,
    payload: presentPayload(row.entrypoint, row.payload),
    overlapPolicy: row.overlapPolicy,
    misfirePolicy: row.misfirePolicy,
    timeoutSeconds: row.timeoutSeconds,
    maxRetries: row.maxRetries,
    retryDelaySeconds: row.retryDelaySeconds,
    alerts: readAlertRules(row.alerts),
  };
}

/** The team's schedules as a document (any member may); `teamId` by default the caller's default team. */
/** The file name an export is saved under: the team's name, made safe, then `.schedules.yaml` (or `.json`). */
const exportFileName = (teamName: string, format: DocumentFormat) => `${teamName.replace(/[^A-Za-z0-9._-]+/g, "-").replace(/^-+|-+$/g, "") || "schedules"}.schedules.${format}`;

export async function exportSchedules(db: Db, access: TeamAccess, teamId: string | undefined, format: DocumentFormat): Promise<{ teamName: string; fileName: string; content: string }> {
  const team = teamId ?? access.defaultTeamId;
  requireRole(access, team, "viewer", "No such team");
  const [row, rows] = await Promise.all([
    db.team.findUnique({ where: { id: team }, select: { name: true } }),
    db.schedule.findMany({ where: { teamId: team }, orderBy: SCHEDULE_NAME_ORDER }),
  ]);
  if (!row) throw notFound("No such team");
  return { teamName: row.name, fileName: exportFileName(row.name, format), content: writeDocument(format, row.name, rows.map((r) => [r.name, exportedSchedule(r)])) };
}
