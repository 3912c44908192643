// Request and response shapes of the alerts API: channels, a team's alert settings, alert history.
import { z } from "zod";
import { CHANNEL_TYPES } from "../alerts/channels/config";
import { ALERT_TYPES } from "../alerts/payload";
import { alertRulesSchema } from "../alerts/rules";

export const CHANNEL_NAME_MAX = 100;

const channelName = z
  .string({ error: "name must be a string" })
  .trim()
  .min(1, "name must not be empty")
  .max(CHANNEL_NAME_MAX, `name must be at most ${CHANNEL_NAME_MAX} characters`);
const channelType = z.enum(CHANNEL_TYPES, { error: `type must be one of ${CHANNEL_TYPES.join(", ")}` });
// Checked per type by lib/alerts/channels/config.ts, which names the field at fault.
const channelConfig = z.record(z.string(), z.unknown(), { error: "config must be an object: {to: [...]} for email, {url} for the others" }).meta({
  description: "email: {to: [addresses]}; webhook, slack, discord, msteams: {url}; ntfy: {url, token?}. Secret values come back masked; sending a masked value back unchanged keeps it",
});

export const channelCreateSchema = z.strictObject({ name: channelName, type: channelType, config: channelConfig }).meta({ id: "ChannelCreate" });
export const channelUpdateSchema = z.strictObject({ name: channelName.optional(), config: channelConfig.optional() }).meta({ id: "ChannelUpdate" });
export type ChannelCreate = z.output<typeof channelCreateSchema>;
export type ChannelUpdate = z.output<typeof channelUpdateSchema>;

export const channelOutSchema = z
  .object({
    id: z.string(),
    teamId: z.string(),
    name: z.string(),
    type: channelType,
    config: z.record(z.string(), z.unknown()).meta({ description: "Secret values masked" }),
    createdAt: z.iso.datetime(),
    updatedAt: z.iso.datetime(),
  })
  .meta({ id: "Channel" });
export type ChannelOut = z.infer<typeof channelOutSchema>;

export const channelCreatedSchema = channelOutSchema
  .extend({ secret: z.string().optional().meta({ description: "webhook only: the signing secret (whsec_...), shown only here" }) })
  .meta({ id: "ChannelCreated" });
export const channelSecretSchema = z.object({ secret: z.string().meta({ description: "The new signing secret, shown only here; the old one stops working at once" }) }).meta({ id: "ChannelSecret" });
export const channelTestSchema = z.object({ delivered: z.literal(true), status: z.int().nullable().meta({ description: "The receiver's HTTP status (null for email)" }) }).meta({ id: "ChannelTestResult" });

export const alertSettingsSchema = z
  .object({
    defaults: alertRulesSchema.nullable().meta({ description: "The alert rules new schedules of this team start with (null: none)" }),
    workerAlerts: z.boolean().meta({ description: "Whether worker.down and worker.up go to this team's channels" }),
  })
  .meta({ id: "AlertSettings" });
export const alertSettingsUpdateSchema = z
  .strictObject({ defaults: alertRulesSchema.nullable().optional(), workerAlerts: z.boolean({ error: "workerAlerts must be true or false" }).optional() })
  .meta({ id: "AlertSettingsUpdate" });
export type AlertSettingsUpdate = z.output<typeof alertSettingsUpdateSchema>;

export const alertListQuerySchema = z.strictObject({
  limit: z.coerce.number({ error: "limit must be a number" }).int("limit must be a whole number").min(1, "limit must be at least 1").max(100, "limit must be at most 100").default(20),
  cursor: z.string().max(200, "cursor must be at most 200 characters: pass nextCursor from the previous page unchanged").optional(),
  type: z.enum(ALERT_TYPES, { error: `type must be one of ${ALERT_TYPES.join(", ")}` }).optional(),
});
export type AlertListQuery = z.output<typeof alertListQuerySchema>;

const attemptOut = z.object({ at: z.iso.datetime(), ok: z.boolean(), status: z.int().nullable(), error: z.string().nullable(), durationMs: z.int() });
const deliveryOut = z.object({
  id: z.string(),
  channelId: z.string().nullable().meta({ description: "Null once the channel is deleted" }),
  channelName: z.string(),
  channelType: z.string(),
  status: z.enum(["pending", "delivered", "failed"]),
  attempts: z.int(),
  nextAttemptAt: z.iso.datetime().nullable().meta({ description: "While pending: when it is tried next" }),
  deliveredAt: z.iso.datetime().nullable(),
  lastStatus: z.int().nullable(),
  lastError: z.string().nullable(),
  attemptLog: z.array(attemptOut).meta({ description: "The latest attempts, newest first (at most 10)" }),
});
export const alertEventOutSchema = z
  .object({
    id: z.string().meta({ description: "The webhook-id of its deliveries" }),
    type: z.enum(ALERT_TYPES),
    at: z.iso.datetime(),
    scheduleId: z.string().nullable(),
    runId: z.string().nullable(),
    payload: z.record(z.string(), z.unknown()).meta({ description: "The body sent (docs/alerts.md)" }),
    deliveries: z.array(deliveryOut),
  })
  .meta({ id: "AlertEvent" });
export type AlertEventOut = z.infer<typeof alertEventOutSchema>;
