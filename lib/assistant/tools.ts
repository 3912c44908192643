// The assistant's tools: the only way it touches schedules, offline or through a model. Each input
// is parsed by a zod schema built from the REST API's own (scheduleCreateSchema,
// scheduleUpdateSchema, toggleSchema), so a tool accepts exactly what the API accepts, and each
// calls the same lib/schedules functions, scoped to the user. Nothing here talks to a scheduler:
// workers pick changes up from the database.
import { z } from "zod";
import { ApiError, toApiError, validationError, zodFields } from "../api/errors";
import { nextRuns } from "../cron/next-runs";
import type { Db } from "../db/client";
import { createSchedule, deleteSchedule, getSchedule, listSchedules, toggleSchedule, updateSchedule } from "../schedules/schedules";
import { scheduleCreateSchema, scheduleUpdateSchema, toggleSchema, type ScheduleOut } from "../validation/schedules";
import { firesOnDays, firesOnWeekends } from "./weekends";
import { listChannels } from "../alerts/team-channels";
import type { TeamAccess } from "../teams/access";

/** The assistant acts as its user: with their role in each of their teams, creating in their default team. */
export type ToolContext = { db: Db; access: TeamAccess; now: Date };

/** Where the assistant looks for schedules: every team of its user's. */
const inTeams = (ctx: ToolContext) => ({ teamId: { in: [...ctx.access.roles.keys()] } });

const scheduleRef = z
  .string({ error: "scheduleId is required" })
  .trim()
  .min(1, "scheduleId cannot be empty")
  .max(300, "scheduleId must be at most 300 characters")
  .meta({ description: "The schedule's id (from list_scheduled_tasks); its exact name is accepted too" });

export const toolInputSchemas = {
  create_scheduled_task: scheduleCreateSchema,
  list_scheduled_tasks: z.strictObject({
    query: z.string().max(200, "query must be at most 200 characters").optional().meta({ description: "Only schedules whose name or description contains this text" }),
    enabled: z.boolean().optional().meta({ description: "true: only active schedules; false: only paused ones" }),
    firesOnWeekends: z.boolean().optional().meta({ description: "true: only schedules that run on Saturdays or Sundays; false: only those that never do" }),
    firesOnDays: z
      .array(z.int().min(0, "days are 0 (Sunday) to 6 (Saturday)").max(6, "days are 0 (Sunday) to 6 (Saturday)"))
      .min(1)
      .max(7)
      .optional()
      .meta({ description: "Only schedules that run on at least one of these days of the week (0 = Sunday ... 6 = Saturday)" }),
  }),
  update_scheduled_task: scheduleUpdateSchema.extend({ scheduleId: scheduleRef }),
  toggle_scheduled_task: toggleSchema.extend({ scheduleId: scheduleRef }),
  delete_scheduled_task: z.strictObject({ scheduleId: scheduleRef }),
  describe_scheduled_task: z.strictObject({
    scheduleId: scheduleRef,
    count: z.int().min(1, "count must be at least 1").max(10, "count must be at most 10").default(3).meta({ description: "How many next runs to list" }),
  }),
  list_alert_channels: z.strictObject({
    scheduleId: scheduleRef.optional().meta({ description: "The schedule whose team's channels to list (its id, or exact name); without it, the team new schedules go to" }),
  }),
} as const;

export type ToolName = keyof typeof toolInputSchemas;
export const TOOL_NAMES = Object.keys(toolInputSchemas) as ToolName[];
export type ToolInput<N extends ToolName> = z.output<(typeof toolInputSchemas)[N]>;

export const toolDescriptions: Record<ToolName, string> = {
  create_scheduled_task:
    "Create a schedule. cronExpression is standard 5-field cron; timezone an IANA name (default UTC). entrypoint is \"log\" (payload {message}), \"http\" (payload {url, method?, headers?, body?}), \"llm\" (payload {prompt, system?, model?}: a prompt for the team's model) or \"shell\" (payload {command, cwd?, env?}: only when the operator allows shell jobs, and only for team admins). Team secrets go in as {{secrets.NAME}} (http url/headers/body, shell command/env), never their values.",
  list_scheduled_tasks: "List the user's schedules (name, meaning in words, time zone, next run), optionally filtered.",
  update_scheduled_task:
    "Change fields of one schedule: cronExpression, timezone, name, payload, alerts, ... Only the fields given change. alerts is the whole rules object and replaces the current one (describe_scheduled_task shows it; keep the fields the user did not mention): channelIds are ids from list_alert_channels for the schedule, afterConsecutiveFailures 1-100, onRecovery, onMissed, runLongerThanSeconds, remindEveryMinutes. alerts null turns alerts off.",
  toggle_scheduled_task: "Pause (isEnabled false) or resume (isEnabled true) one schedule; without isEnabled, flips it.",
  delete_scheduled_task: "Ask to delete one schedule. It is NOT deleted now: the user is asked to confirm, and only their \"yes\" deletes it.",
  describe_scheduled_task: "One schedule in detail, with its next runs and its alert rules.",
  list_alert_channels: "The alert channels (id, name, type) of a schedule's team: the only channel ids its alerts may name. Read-only.",
};

/** What the model is offered: OpenAI-style function tools, their parameters as JSON Schema. */
export function toolJsonSchemas(): { type: "function"; function: { name: ToolName; description: string; parameters: Record<string, unknown> } }[] {
  return TOOL_NAMES.map((name) => {
    const { $schema: _dialect, id: _id, ...schema } = z.toJSONSchema(toolInputSchemas[name], { io: "input", unrepresentable: "any" }) as Record<string, unknown>;
    return { type: "function", function: { name, description: toolDescriptions[name], parameters: inlineRoot(schema) } };
  });
}

type JsonSchema = Record<string, unknown>;

/** Function parameters must be an object schema at the top, not a $ref to one (ScheduleCreate is named). */
function inlineRoot(schema: JsonSchema): JsonSchema {
  const ref = typeof schema.$ref === "string" ? /^#\/\$defs\/(.+)$/.exec(schema.$ref) : null;
  if (!ref) return schema;
  const { [ref[1]]: root, ...rest } = (schema.$defs ?? {}) as Record<string, JsonSchema>;
  const { id: _id, ...body } = root;
  return Object.keys(rest).length ? { ...body, $defs: rest } : body;
}

export type ToolError = { code: string; message: string; fields?: Record<string, string> };
export type ToolOutcome = { ok: true; result: unknown; schedule?: ScheduleOut } | { ok: false; error: ToolError };

/** The user's schedule named by an id or, failing that, an exact (case-insensitive) name. */
export async function findSchedule(ctx: ToolContext, ref: string): Promise<ScheduleOut> {
  const byId = await ctx.db.schedule.findFirst({ where: { id: ref, ...inTeams(ctx) }, select: { id: true } });
  if (byId) return getSchedule(ctx.db, ctx.access, byId.id);
  const rows = await ctx.db.schedule.findMany({ where: inTeams(ctx), select: { id: true, name: true } });
  const wanted = ref.trim().toLowerCase();
  const hit = rows.find((r) => r.name.toLowerCase() === wanted);
  if (!hit) throw new ApiError("not_found", `No schedule "${ref}" among yours`);
  return getSchedule(ctx.db, ctx.access, hit.id);
}

/** Every one of the user's schedules, through the API's own listing (page by page, at most `max`). */
export async function allSchedules(ctx: ToolContext, filter: { q?: string; enabled?: boolean } = {}, max = 1000): Promise<{ items: ScheduleOut[]; truncated: boolean }> {
  const items: ScheduleOut[] = [];
  let cursor: string | undefined;
  for (;;) {
    const page = await listSchedules(ctx.db, ctx.access, {
      limit: 200,
      ...(filter.q ? { q: filter.q } : {}),
      ...(filter.enabled !== undefined ? { enabled: filter.enabled ? "true" : "false" } : {}),
      ...(cursor ? { cursor } : {}),
    });
    items.push(...page.items);
    if (!page.nextCursor) return { items, truncated: false };
    if (items.length >= max) return { items, truncated: true };
    cursor = page.nextCursor;
  }
}

export type ScheduleSummary = Pick<ScheduleOut, "id" | "name" | "cronExpression" | "timezone" | "cronHuman" | "entrypoint" | "isEnabled" | "nextRunAt">;

function summary(s: ScheduleOut): ScheduleSummary {
  return { id: s.id, name: s.name, cronExpression: s.cronExpression, timezone: s.timezone, cronHuman: s.cronHuman, entrypoint: s.entrypoint, isEnabled: s.isEnabled, nextRunAt: s.nextRunAt };
}

type Runner = (ctx: ToolContext, input: never, opts: { confirmed: boolean }) => Promise<ToolOutcome>;

const runners: { [N in ToolName]: (ctx: ToolContext, input: ToolInput<N>, opts: { confirmed: boolean }) => Promise<ToolOutcome> } = {
  async create_scheduled_task(ctx, input) {
    const schedule = await createSchedule(ctx.db, ctx.access, input, ctx.now);
    return { ok: true, result: summary(schedule), schedule };
  },
  async list_scheduled_tasks(ctx, input) {
    const { items, truncated } = await allSchedules(ctx, { ...(input.query ? { q: input.query } : {}), ...(input.enabled !== undefined ? { enabled: input.enabled } : {}) });
    const kept = items.filter(
      (s) =>
        (input.firesOnWeekends === undefined || firesOnWeekends(s.cronExpression) === input.firesOnWeekends) &&
        (input.firesOnDays === undefined || firesOnDays(s.cronExpression, input.firesOnDays)),
    );
    return { ok: true, result: { items: kept.map(summary), truncated } };
  },
  async update_scheduled_task(ctx, input) {
    const { scheduleId, ...changes } = input;
    const current = await findSchedule(ctx, scheduleId);
    const schedule = await updateSchedule(ctx.db, ctx.access, current.id, changes, ctx.now);
    return { ok: true, result: summary(schedule), schedule };
  },
  async toggle_scheduled_task(ctx, input) {
    const current = await findSchedule(ctx, input.scheduleId);
    const schedule = await toggleSchedule(ctx.db, ctx.access, current.id, input.isEnabled, ctx.now);
    return { ok: true, result: summary(schedule), schedule };
  },
  async delete_scheduled_task(ctx, input, { confirmed }) {
    const schedule = await findSchedule(ctx, input.scheduleId);
    // Deleting is never done on the first ask: the conversation records a pending confirmation
    // and only the user's own "yes" comes back here with `confirmed`.
    if (!confirmed) return { ok: true, result: { confirmationRequired: true, scheduleId: schedule.id, scheduleName: schedule.name }, schedule };
    await deleteSchedule(ctx.db, ctx.access, schedule.id);
    return { ok: true, result: { deleted: true, scheduleId: schedule.id, scheduleName: schedule.name }, schedule };
  },
  async describe_scheduled_task(ctx, input) {
    const schedule = await findSchedule(ctx, input.scheduleId);
    const upcoming = schedule.isEnabled ? nextRuns(schedule.cronExpression, schedule.timezone, ctx.now, input.count).map((d) => d.toISOString()) : [];
    return { ok: true, result: { ...summary(schedule), description: schedule.description, payload: schedule.payload, alerts: schedule.alerts, nextRuns: upcoming }, schedule };
  },
  async list_alert_channels(ctx, input) {
    // The schedule's team (scoped to the user's teams like every tool), else the default team;
    // names and types only: a channel's config holds its URL or addresses.
    const teamId = input.scheduleId ? (await findSchedule(ctx, input.scheduleId)).teamId : ctx.access.defaultTeamId;
    const { items } = await listChannels(ctx.db, ctx.access, teamId);
    return { ok: true, result: { teamId, items: items.map(({ id, name, type }) => ({ id, name, type })) } };
  },
};

/**
 * Validates `raw` with the tool's schema and runs it. Refusals (validation, not found, a taken
 * name) come back as `{ ok: false, error }` with the API's own message; anything else throws.
 */
export async function runTool(ctx: ToolContext, name: string, raw: unknown, opts: { confirmed?: boolean } = {}): Promise<ToolOutcome> {
  // Own keys only: `in` would find "constructor" or "__proto__" on every object (a model names the tool).
  if (!Object.hasOwn(toolInputSchemas, name)) return { ok: false, error: { code: "validation_error", message: `unknown tool "${name}"` } };
  const tool = name as ToolName;
  try {
    const parsed = toolInputSchemas[tool].safeParse(raw ?? {});
    if (!parsed.success) throw validationError(zodFields(parsed.error));
    return await (runners[tool] as Runner)(ctx, parsed.data as never, { confirmed: opts.confirmed ?? false });
  } catch (err) {
    if (!(err instanceof ApiError) && !(err instanceof z.ZodError)) throw err;
    const e = toApiError(err);
    return { ok: false, error: { code: e.code, message: e.message, ...(e.fields ? { fields: e.fields } : {}) } };
  }
}
