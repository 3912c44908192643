// The schedule resource: what clients may send and what they get back. Shared by the route
// handlers, the typed API client and the forms; the OpenAPI document is generated from it.
import { z } from "zod";
import { alertRulesSchema } from "../alerts/rules";
import { canonicalTimezone } from "../cron/timezone";
import { validateCron } from "../cron/validate";
import { maxTimeoutSeconds, TIMEOUT_CEILING_SECONDS } from "./timeout";

export const NAME_MAX = 255;
export const DESCRIPTION_MAX = 2000;
export const PAYLOAD_MAX_BYTES = 32 * 1024;

export const cronExpressionSchema = z
  .string({ error: "cronExpression must be a string such as \"0 9 * * 1-5\"" })
  .transform((value, ctx) => {
    const result = validateCron(value);
    if (!result.ok) {
      ctx.addIssue({ code: "custom", message: result.message });
      return z.NEVER;
    }
    return result.normalized;
  })
  .meta({ description: "Standard 5-field cron (minute hour day-of-month month day-of-week), or a macro such as @daily", examples: ["0 9 * * 1-5"] });

export const timezoneSchema = z
  .string({ error: "timezone must be an IANA time zone name such as \"Europe/Paris\"" })
  .transform((value, ctx) => {
    const zone = canonicalTimezone(value);
    if (!zone) {
      ctx.addIssue({ code: "custom", message: `unknown time zone "${value}": use an IANA name such as "UTC", "Europe/Paris" or "America/New_York"` });
      return z.NEVER;
    }
    return zone;
  })
  .meta({ description: "IANA time zone name, kept as written in the database's spelling (asia/kolkata becomes Asia/Kolkata, not another name of the zone)", examples: ["UTC", "Europe/Paris", "Asia/Kolkata"] });

const payloadSchema = z
  .unknown()
  .refine((v) => v !== undefined && JSON.stringify(v).length <= PAYLOAD_MAX_BYTES, `payload must be JSON of at most ${PAYLOAD_MAX_BYTES / 1024} KiB`)
  .meta({ description: "The job type's settings; see GET /api/v1/entrypoints for each type's JSON Schema" });

const fields = {
  name: z.string({ error: "name is required" }).trim().min(1, "name cannot be empty").max(NAME_MAX, `name must be at most ${NAME_MAX} characters`),
  description: z.string().max(DESCRIPTION_MAX, `description must be at most ${DESCRIPTION_MAX} characters`).nullable(),
  cronExpression: cronExpressionSchema,
  timezone: timezoneSchema,
  entrypoint: z.string().min(1).max(100).meta({ description: "A job type key from GET /api/v1/entrypoints" }),
  payload: payloadSchema,
  isEnabled: z.boolean(),
  overlapPolicy: z.enum(["skip", "allow"]).meta({ description: "skip: a slot due while the previous run is still running is recorded as skipped" }),
  misfirePolicy: z.enum(["run_once", "skip"]).meta({ description: "After downtime: run the latest missed slot once, or none" }),
  // The operator's MAX_TIMEOUT_SECONDS, read at each parse (the ceiling stands in the OpenAPI document).
  timeoutSeconds: z
    .int({ error: "timeoutSeconds must be a whole number of seconds" })
    .min(1, "timeoutSeconds must be at least 1 second")
    .max(TIMEOUT_CEILING_SECONDS, `timeoutSeconds must be at most ${TIMEOUT_CEILING_SECONDS} seconds`)
    .superRefine((value, ctx) => {
      const max = maxTimeoutSeconds();
      if (value > max) ctx.addIssue({ code: "custom", message: `timeoutSeconds must be at most ${max} seconds on this server (MAX_TIMEOUT_SECONDS)` });
    })
    .meta({ description: "Seconds a run may take before it is stopped and recorded timed_out; at most the server's MAX_TIMEOUT_SECONDS (default 3600)" }),
  maxRetries: z.int().min(0).max(10),
  retryDelaySeconds: z.int().min(1).max(86_400),
  alerts: alertRulesSchema.nullable().meta({ description: "Who hears about this schedule and when (null: no alerts); by default the team's alert defaults" }),
};

/** A team's id as a client sends it (any string: one that is not the caller's team is a 404). */
export const teamIdSchema = z.string({ error: "teamId must be a string" }).min(1, "teamId must not be empty").max(100, "teamId must be at most 100 characters");

export const scheduleCreateSchema = z
  .strictObject({
    teamId: teamIdSchema.optional().meta({ description: "The team that owns it; by default the team of a team-bound token, else your personal team" }),
    name: fields.name,
    description: fields.description.optional(),
    cronExpression: fields.cronExpression,
    timezone: fields.timezone.default("UTC"),
    entrypoint: fields.entrypoint.default("log"),
    payload: fields.payload.optional(),
    isEnabled: fields.isEnabled.default(true),
    overlapPolicy: fields.overlapPolicy.default("skip"),
    misfirePolicy: fields.misfirePolicy.default("run_once"),
    timeoutSeconds: fields.timeoutSeconds.default(300),
    maxRetries: fields.maxRetries.default(0),
    retryDelaySeconds: fields.retryDelaySeconds.default(30),
    alerts: fields.alerts.optional(),
  })
  .meta({ id: "ScheduleCreate" });
export type ScheduleCreate = z.output<typeof scheduleCreateSchema>;
export type ScheduleCreateInput = z.input<typeof scheduleCreateSchema>;

export const scheduleUpdateSchema = z
  .strictObject({
    name: fields.name.optional(),
    description: fields.description.optional(),
    cronExpression: fields.cronExpression.optional(),
    timezone: fields.timezone.optional(),
    entrypoint: fields.entrypoint.optional(),
    payload: fields.payload.optional(),
    isEnabled: fields.isEnabled.optional(),
    overlapPolicy: fields.overlapPolicy.optional(),
    misfirePolicy: fields.misfirePolicy.optional(),
    timeoutSeconds: fields.timeoutSeconds.optional(),
    maxRetries: fields.maxRetries.optional(),
    retryDelaySeconds: fields.retryDelaySeconds.optional(),
    alerts: fields.alerts.optional(),
  })
  .meta({ id: "ScheduleUpdate" });
export type ScheduleUpdate = z.output<typeof scheduleUpdateSchema>;

export const toggleSchema = z.strictObject({ isEnabled: z.boolean().optional() }).meta({ id: "ScheduleToggle" });

const runStatus = z.enum(["queued", "running", "succeeded", "failed", "timed_out", "skipped", "lost", "missed"]);
export type RunStatus = z.infer<typeof runStatus>;

const iso = z.iso.datetime().meta({ description: "ISO 8601 instant in UTC" });

export const scheduleOutSchema = z
  .object({
    id: z.string(),
    teamId: z.string().meta({ description: "The team that owns it" }),
    name: z.string(),
    description: z.string().nullable(),
    cronExpression: z.string(),
    timezone: z.string(),
    cronHuman: z.string().meta({ description: "The schedule in words, with its time zone" }),
    entrypoint: z.string(),
    payload: z.unknown(),
    isEnabled: z.boolean(),
    overlapPolicy: fields.overlapPolicy,
    misfirePolicy: fields.misfirePolicy,
    timeoutSeconds: z.int(),
    maxRetries: z.int(),
    retryDelaySeconds: z.int(),
    lastRunAt: iso.nullable(),
    nextRunAt: iso.nullable().meta({ description: "Null while disabled" }),
    lastRunStatus: runStatus.nullable(),
    pingUrl: z.string().nullable().meta({ description: "A heartbeat check's secret ping URL (GET or POST; add /start, /fail or /{exit status}); null for other job types" }),
    alerts: alertRulesSchema.nullable(),
    consecutiveFailures: z.int().meta({ description: "Slots in a row that failed, counted while alerts are set" }),
    createdAt: iso,
    updatedAt: iso,
  })
  .meta({ id: "Schedule" });
export type ScheduleOut = z.infer<typeof scheduleOutSchema>;

const limit = (max: number, fallback: number) =>
  z.coerce.number({ error: "limit must be a number" }).int("limit must be a whole number").min(1, "limit must be at least 1").max(max, `limit must be at most ${max}`).default(fallback);
const cursorOf = (max: number) => z.string().max(max, `cursor must be at most ${max} characters: pass nextCursor from the previous page unchanged`).optional().meta({ description: "nextCursor from the previous page" });
const cursor = cursorOf(500);
// A schedule list's cursor carries a name and its sort key: two strings of up to NAME_MAX
// characters, each up to 6 bytes once JSON-escaped (a control character is \u00XX), in base64.
const SCHEDULE_CURSOR_MAX = Math.ceil(((2 * NAME_MAX * 6 + 8) * 4) / 3);

export const scheduleListQuerySchema = z.strictObject({
  teamId: teamIdSchema.optional().meta({ description: "Only this team's schedules (by default: every team you are in)" }),
  enabled: z.enum(["true", "false"], { error: "enabled must be true or false" }).optional(),
  q: z.string().max(200, "q must be at most 200 characters").optional(),
  limit: limit(200, 50),
  cursor: cursorOf(SCHEDULE_CURSOR_MAX),
});
export type ScheduleListQuery = z.output<typeof scheduleListQuerySchema>;

export const runListQuerySchema = z.strictObject({
  status: runStatus.optional(),
  limit: limit(200, 50),
  cursor,
});
export type RunListQuery = z.output<typeof runListQuerySchema>;

/** GET /api/v1/runs: the runs of every team the caller is in, or of one. */
export const allRunsQuerySchema = runListQuerySchema.extend({
  teamId: teamIdSchema.optional().meta({ description: "Only this team's runs (by default: every team you are in)" }),
});
export type AllRunsQuery = z.output<typeof allRunsQuerySchema>;

export const runOutSchema = z
  .object({
    id: z.string(),
    scheduleId: z.string(),
    scheduleName: z.string(),
    trigger: z.enum(["schedule", "manual", "retry", "ping"]),
    scheduledFor: iso,
    attempt: z.int(),
    status: runStatus,
    startedAt: iso.nullable(),
    finishedAt: iso.nullable(),
    durationMs: z.int().nullable(),
    result: z.unknown(),
    error: z.unknown(),
  })
  .meta({ id: "Run" });
export type RunOut = z.infer<typeof runOutSchema>;

export const pageOf = <T extends z.ZodType>(item: T) => z.object({ items: z.array(item), nextCursor: z.string().nullable() });

/** A page of schedules, with how many match the search in all and per state (the filter's counts). */
export const scheduleListOutSchema = pageOf(scheduleOutSchema).extend({
  counts: z
    .object({ all: z.int(), enabled: z.int(), disabled: z.int() })
    .meta({ description: "Schedules matching q, whatever the enabled filter: all, enabled, disabled" }),
});
export type ScheduleListOut = z.infer<typeof scheduleListOutSchema>;
