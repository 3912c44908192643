// POST /api/v1/schedules/import/crontab: what clients send and get back. Shared by the route
// handler, the typed API client and the "Paste a crontab" dialog.
import { z } from "zod";
import { teamIdSchema, timezoneSchema } from "./schedules";

/** A crontab's size limits: well within the 64 KiB body limit once JSON-escaped, and far past any real crontab. */
export const CRONTAB_MAX_CHARS = 48 * 1024;
export const CRONTAB_MAX_LINES = 2000;

export const crontabImportSchema = z
  .strictObject({
    teamId: teamIdSchema.optional().meta({ description: "The team the schedules go to; by default the team of a team-bound token, else your personal team" }),
    content: z
      .string({ error: "content must be a string: the crontab's text" })
      .max(CRONTAB_MAX_CHARS, `content must be at most ${CRONTAB_MAX_CHARS / 1024} KiB`)
      .refine((s) => s.split(/\r?\n/).length <= CRONTAB_MAX_LINES + 1, `content must be at most ${CRONTAB_MAX_LINES} lines`)
      .meta({ description: "The crontab's text, as crontab -l prints it" }),
    dryRun: z.boolean({ error: "dryRun must be true or false" }).default(false).meta({ description: "Preview only: nothing is written, ids are null" }),
    lines: z
      .array(z.int({ error: "lines must be line numbers" }).min(1, "line numbers start at 1"), { error: "lines must be a list of line numbers" })
      .max(CRONTAB_MAX_LINES)
      .optional()
      .meta({ description: "The line numbers to import (default: every importable line); a line listed that holds no importable entry is a 400" }),
    timezone: timezoneSchema.default("UTC").meta({ description: "The zone of entries before any CRON_TZ= or TZ= line (cron uses the machine's own zone)" }),
    system: z.boolean({ error: "system must be true or false" }).default(false).meta({ description: "A system crontab (/etc/crontab, /etc/cron.d): a user column before each command" }),
  })
  .meta({ id: "CrontabImport" });
export type CrontabImportInput = z.output<typeof crontabImportSchema>;
export type CrontabImportRequest = z.input<typeof crontabImportSchema>;

const iso = z.iso.datetime();

export const crontabImportOutSchema = z
  .object({
    teamId: z.string(),
    dryRun: z.boolean(),
    imported: z.array(z.object({ line: z.int(), id: z.string().nullable(), name: z.string() })).meta({ description: "The lines written (chosen and importable); ids are null in a dry run" }),
    skipped: z.array(z.object({ line: z.int(), text: z.string(), reason: z.string() })).meta({ description: "Every line that cannot be imported, with why (comments and blank lines are not listed)" }),
    preview: z
      .array(
        z.object({
          line: z.int(),
          text: z.string(),
          name: z.string(),
          description: z.string().nullable(),
          cronExpression: z.string(),
          timezone: z.string(),
          cronHuman: z.string(),
          nextRunAt: iso.nullable(),
          entrypoint: z.literal("shell"),
          payload: z.object({ command: z.string() }),
          user: z.string().nullable().meta({ description: "A system crontab's user column" }),
          notes: z.array(z.string()).meta({ description: "What to know before importing it, e.g. the user it will not run as" }),
          chosen: z.boolean().meta({ description: "Among the lines imported (every importable one when lines is not given)" }),
        }),
      )
      .meta({ description: "Every importable line, as the schedule it becomes" }),
    limit: z.object({ max: z.int(), existing: z.int() }).meta({ description: "The team's schedule limit and how many it has" }),
  })
  .meta({ id: "CrontabImportResult" });
export type CrontabImportOut = z.infer<typeof crontabImportOutSchema>;
