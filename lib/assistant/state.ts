// What a conversation remembers between messages, stored as JSON on its row and read back
// defensively (a row written by an older version must not break the next message).
import { z } from "zod";

export const MAX_MESSAGES = 50;
export const MAX_MESSAGE_LENGTH = 2000;

const named = z.object({ id: z.string(), name: z.string() });

export const pendingSchema = z.object({
  tool: z.literal("delete_scheduled_task"),
  scheduleId: z.string(),
  scheduleName: z.string(),
  prompt: z.string(),
});
export type PendingConfirmation = z.infer<typeof pendingSchema>;

/**
 * What a message asks of a schedule's alerts: off, or fields to set (the rest kept). `channels`
 * are channel names as said ("ops"); without them the schedule's own channels are kept, or the
 * team's only one is used.
 */
export const alertAskSchema = z.discriminatedUnion("off", [
  z.object({ off: z.literal(true) }),
  z.object({
    off: z.literal(false),
    channels: z.array(z.string()).optional(),
    afterFailures: z.int().optional(),
    runLongerThanSeconds: z.int().optional(),
    remindEveryMinutes: z.int().optional(),
    onMissed: z.literal(true).optional(),
    onRecovery: z.literal(true).optional(),
  }),
]);
export type AlertAsk = z.infer<typeof alertAskSchema>;

/** An action waiting for its schedule: what to do once the user says which one. */
const targetedSchema = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("pause") }),
  z.object({ kind: z.literal("resume") }),
  z.object({ kind: z.literal("delete") }),
  z.object({ kind: z.literal("describe") }),
  z.object({ kind: z.literal("change"), spec: z.string() }),
  z.object({ kind: z.literal("rename"), newName: z.string() }),
  z.object({ kind: z.literal("alerts"), ask: alertAskSchema }),
]);
export type Targeted = z.infer<typeof targetedSchema>;

export const stateSchema = z.object({
  lastScheduleId: z.string().optional(),
  pending: pendingSchema.optional(),
  choice: z.object({ action: targetedSchema, candidates: z.array(named).min(1) }).optional(),
});
export type AssistantState = z.infer<typeof stateSchema>;

export function readState(raw: unknown): AssistantState {
  const parsed = stateSchema.safeParse(raw);
  return parsed.success ? parsed.data : {};
}

export const messageSchema = z.object({ role: z.enum(["user", "assistant"]), text: z.string(), at: z.string() });
export type StoredMessage = z.infer<typeof messageSchema>;

export function readMessages(raw: unknown): StoredMessage[] {
  const parsed = z.array(messageSchema).safeParse(raw);
  return parsed.success ? parsed.data : [];
}

export type Action = { tool: string; input: unknown; result: unknown };

export type Turn = {
  reply: string;
  actions: Action[];
  state: AssistantState;
  pendingConfirmation?: PendingConfirmation;
};
