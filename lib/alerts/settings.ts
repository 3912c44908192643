// A team's alert settings: the rules new schedules start with, and whether worker.down / worker.up
// reach its channels. Members read them; admins change them.
import type { Db, Prisma } from "../db/client";
import { requireRole, type TeamAccess } from "../teams/access";
import { recordAudit } from "../teams/audit";
import type { AlertSettingsUpdate } from "../validation/alerts";
import { readAlertRules, type AlertRules } from "./rules";
import { checkAlertChannels, jsonOrDbNull } from "./schedule-rules";

const NO_TEAM = "No such team";

export type AlertSettings = { defaults: AlertRules | null; workerAlerts: boolean };

export async function getAlertSettings(db: Db, access: TeamAccess, teamId: string): Promise<AlertSettings> {
  requireRole(access, teamId, "viewer", NO_TEAM);
  const team = await db.team.findUniqueOrThrow({ where: { id: teamId }, select: { alertDefaults: true, workerAlerts: true } });
  return { defaults: readAlertRules(team.alertDefaults), workerAlerts: team.workerAlerts };
}

export async function updateAlertSettings(db: Db, access: TeamAccess, teamId: string, input: AlertSettingsUpdate): Promise<AlertSettings> {
  requireRole(access, teamId, "admin", NO_TEAM);
  if (input.defaults) await checkAlertChannels(db, teamId, input.defaults, "defaults");
  const before = await getAlertSettings(db, access, teamId);
  const data: Prisma.TeamUpdateInput = {};
  if (input.defaults !== undefined) data.alertDefaults = jsonOrDbNull(input.defaults);
  if (input.workerAlerts !== undefined) data.workerAlerts = input.workerAlerts;
  const team = await db.$transaction(async (tx) => {
    const team = await tx.team.update({ where: { id: teamId }, data, select: { name: true, alertDefaults: true, workerAlerts: true } });
    const after = { defaults: readAlertRules(team.alertDefaults), workerAlerts: team.workerAlerts };
    const changes: Record<string, { from: unknown; to: unknown }> = {};
    for (const key of ["defaults", "workerAlerts"] as const) {
      if (JSON.stringify(before[key]) !== JSON.stringify(after[key])) changes[key] = { from: before[key], to: after[key] };
    }
    await recordAudit(tx, access.actor, { teamId, action: "team.alert_settings_updated", target: { type: "team", id: teamId, name: team.name }, changes });
    return after;
  });
  return team;
}
