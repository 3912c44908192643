// A schedule's alert rules as they are stored: every channel named must be one of the schedule's
// team (another team's channel is as unknown as a made-up id), and a schedule created without
// rules starts with its team's defaults.
import { validationError } from "../api/errors";
import { Prisma, readerOf, type Db } from "../db/client";
import { readAlertRules, type AlertRules } from "./rules";

type Reads = Pick<Db, "alertChannel" | "team">;

/** Refuses rules that name a channel the team does not have (a 400 naming the entry). */
export async function checkAlertChannels(db: Reads, teamId: string, rules: AlertRules | null, field = "alerts"): Promise<void> {
  if (!rules || rules.channelIds.length === 0) return;
  const found = await db.alertChannel.findMany({ where: { teamId, id: { in: rules.channelIds } }, select: { id: true } });
  const known = new Set(found.map((c) => c.id));
  const index = rules.channelIds.findIndex((id) => !known.has(id));
  if (index >= 0) throw validationError({ [`${field}.channelIds.${index}`]: `no channel "${rules.channelIds[index]}" in this team (GET /api/v1/teams/${teamId}/channels lists them)` });
}

/** The rules a new schedule gets: those sent, or the team's defaults (their channels still there). */
export async function rulesForNewSchedule(db: Reads, teamId: string, sent: AlertRules | null | undefined): Promise<AlertRules | null> {
  if (sent !== undefined) {
    await checkAlertChannels(db, teamId, sent);
    return sent;
  }
  const defaults = readAlertRules(await teamDefaults(db, teamId));
  if (!defaults) return null;
  // A default naming a channel deleted since is dropped, not an error the caller cannot fix here.
  const channels = await db.alertChannel.findMany({ where: { teamId, id: { in: defaults.channelIds } }, select: { id: true } });
  const live = new Set(channels.map((c) => c.id));
  return { ...defaults, channelIds: defaults.channelIds.filter((id) => live.has(id)) };
}

const DEFAULTS = { sqlite: `SELECT "alertDefaults" FROM "Team" WHERE "id" = ?`, postgresql: `SELECT "alertDefaults" FROM "Team" WHERE "id" = $1` };

/** A team's stored defaults (JSON text on SQLite), read through the driver when the client has a reader: every create asks. */
async function teamDefaults(db: Reads, teamId: string): Promise<unknown> {
  const reader = readerOf(db as Db);
  if (!reader) return (await db.team.findUnique({ where: { id: teamId }, select: { alertDefaults: true } }))?.alertDefaults ?? null;
  const [row] = await reader.all<{ alertDefaults: unknown }>(DEFAULTS, [teamId]);
  return row?.alertDefaults ?? null;
}

/** The value for a nullable Json column: Prisma writes SQL NULL only for DbNull. */
export const jsonOrDbNull = (rules: AlertRules | null): Prisma.InputJsonValue | typeof Prisma.DbNull => (rules === null ? Prisma.DbNull : (rules as Prisma.InputJsonValue));
