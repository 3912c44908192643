// Importing a crontab: each entry becomes a shell schedule through the create path's own checks
// (lib/schedules/schedules.ts prepareSchedule: the editor role, the admin role for shell jobs,
// ALLOW_SHELL_JOBS through the shell job type), and the chosen ones are written in one
// transaction, each with its audit row: all or none. A dry run answers the same, writing nothing.
import { ApiError, validationError, zodFields } from "../api/errors";
import { describeCron } from "../cron/describe";
import { nextRun } from "../cron/next-runs";
import type { Db } from "../db/client";
import { createSchedules, prepareSchedule, scheduleLimit, type PreparedSchedule } from "../schedules/schedules";
import { requireRole, type TeamAccess } from "../teams/access";
import type { CrontabImportInput, CrontabImportOut } from "../validation/crontab";
import { scheduleCreateSchema } from "../validation/schedules";
import { parseCrontab, type CrontabEntry } from "./crontab";

type Importable = { entry: CrontabEntry; prepared: PreparedSchedule; name: string; description: string | null };

/** Why the create path refuses an entry, in one sentence for the preview. */
function reasonOf(err: unknown): string {
  if (!(err instanceof ApiError)) throw err;
  // A 404 for the team is the whole request's answer, not a line's.
  if (err.code === "not_found") throw err;
  return err.fields ? Object.entries(err.fields).map(([field, message]) => `${field}: ${message}`).join("; ") : err.message;
}

/** Each entry checked as a schedule create, or the reason it cannot be one. */
async function checkEntry(db: Db, access: TeamAccess, teamId: string, entry: CrontabEntry, now: Date): Promise<Importable | { reason: string }> {
  const parsed = scheduleCreateSchema.safeParse({
    teamId,
    name: entry.suggestedName,
    description: entry.description ?? null,
    cronExpression: entry.cronExpression,
    timezone: entry.timezone,
    entrypoint: "shell",
    payload: { command: entry.command },
  });
  if (!parsed.success) return { reason: Object.entries(zodFields(parsed.error)).map(([f, m]) => `${f}: ${m}`).join("; ") };
  try {
    const prepared = await prepareSchedule(db, access, parsed.data, now);
    return { entry, prepared, name: parsed.data.name, description: parsed.data.description ?? null };
  } catch (err) {
    return { reason: reasonOf(err) };
  }
}

/**
 * Reads the crontab, checks each entry, and (unless a dry run) creates the chosen ones. Needs the
 * editor role in the team (another team is a 404); a shell line the caller may not create (an
 * editor, or shell jobs off) is skipped with the reason, never the whole request refused.
 */
export async function importCrontab(db: Db, access: TeamAccess, input: CrontabImportInput, now = new Date()): Promise<CrontabImportOut> {
  const teamId = input.teamId ?? access.defaultTeamId;
  requireRole(access, teamId, "editor", "No such team");
  const existing = await db.schedule.findMany({ where: { teamId }, select: { name: true } });
  const { entries, problems } = parseCrontab(input.content, { timezone: input.timezone, system: input.system, existingNames: existing.map((s) => s.name) });

  const skipped = [...problems];
  const importable: Importable[] = [];
  for (const entry of entries) {
    const checked = await checkEntry(db, access, teamId, entry, now);
    if ("reason" in checked) skipped.push({ line: entry.line, text: entry.text, reason: checked.reason });
    else importable.push(checked);
  }
  skipped.sort((a, b) => a.line - b.line);

  let chosen = importable;
  if (input.lines) {
    const wanted = new Set(input.lines);
    const known = new Set(importable.map((i) => i.entry.line));
    const stray = [...wanted].filter((line) => !known.has(line)).sort((a, b) => a - b);
    if (stray.length) {
      throw validationError({ lines: `line${stray.length > 1 ? "s" : ""} ${stray.join(", ")} hold${stray.length > 1 ? "" : "s"} no importable entry (see skipped in a dry run)` });
    }
    chosen = importable.filter((i) => wanted.has(i.entry.line));
  }

  const created = input.dryRun ? null : await createSchedules(db, access, chosen.map((c) => c.prepared));
  const chosenLines = new Set(chosen.map((c) => c.entry.line));
  return {
    teamId,
    dryRun: input.dryRun,
    imported: chosen.map((c, i) => ({ line: c.entry.line, id: created ? created[i].id : null, name: c.name })),
    skipped,
    preview: importable.map(({ entry, name, description }) => ({
      line: entry.line,
      text: entry.text,
      name,
      description,
      cronExpression: entry.cronExpression,
      timezone: entry.timezone,
      cronHuman: describeCron(entry.cronExpression, entry.timezone),
      nextRunAt: nextRun(entry.cronExpression, entry.timezone, now)?.toISOString() ?? null,
      entrypoint: "shell" as const,
      payload: { command: entry.command },
      user: entry.user ?? null,
      notes: entry.notes,
      chosen: chosenLines.has(entry.line),
    })),
    limit: { max: scheduleLimit(), existing: existing.length },
  };
}

/** importCrontab as a dry run: what would be imported, nothing written. */
export function previewCrontab(db: Db, access: TeamAccess, input: Omit<CrontabImportInput, "dryRun">, now = new Date()): Promise<CrontabImportOut> {
  return importCrontab(db, access, { ...input, dryRun: true }, now);
}
