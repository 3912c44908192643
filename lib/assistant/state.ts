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

/** An action waiting for its schedule: what to do once the user says which one. */
const targetedSchema = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("pause") }),
  z.object({ kind: z.literal("resume") }),
  z.object({ kind: z.literal("delete") }),
  z.object({ kind: z.literal("describe") }),
  z.object({ kind: z.literal("change"), spec: z.string() }),
  z.object({ kind: z.literal("rename"), newName: z.string() }),
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
