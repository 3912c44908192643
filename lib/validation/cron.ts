// The cron preview and plain-words endpoints.
import { z } from "zod";
import { AFTER_RANGE, EARLIEST_AFTER, LATEST_RUN } from "../cron/next-runs";
import { timezoneSchema } from "./schedules";

export const describeQuerySchema = z.strictObject({
  expression: z.string({ error: "expression is required" }).min(1, "expression is required").max(200),
  timezone: timezoneSchema.default("UTC"),
  count: z.coerce.number({ error: "count must be a number" }).int().min(1, "count must be at least 1").max(50, "count must be at most 50").default(5),
  after: z.iso
    .datetime({ offset: true, error: "after must be an ISO 8601 instant such as 2026-11-21T00:00:00Z" })
    .refine((v) => Date.parse(v) >= EARLIEST_AFTER && Date.parse(v) <= LATEST_RUN, `after must be ${AFTER_RANGE}`)
    .optional()
    .meta({ description: `List runs after this instant (default: now); ${AFTER_RANGE}` }),
  use24HourTime: z.enum(["true", "false"]).optional(),
});

export const describeOutSchema = z
  .object({ normalized: z.string(), cronHuman: z.string(), nextRuns: z.array(z.iso.datetime()) })
  .meta({ id: "CronDescription" });

export const parseBodySchema = z
  .strictObject({
    text: z.string({ error: "text is required" }).min(1, "text is required").max(500, "text must be at most 500 characters"),
    timezone: timezoneSchema.optional(),
  })
  .meta({ id: "CronParseRequest" });

export const parseOutSchema = z
  .object({
    cronExpression: z.string(),
    timezone: z.string(),
    name: z.string().nullable(),
    cronHuman: z.string(),
    nextRuns: z.array(z.iso.datetime()),
  })
  .meta({ id: "ScheduleDraft" });
