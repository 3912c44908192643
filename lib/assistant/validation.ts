// The assistant resource: what clients send and get back. Shared by the route handlers and the
// OpenAPI document.
import { z } from "zod";
import { MAX_MESSAGE_LENGTH } from "./state";

// C0 controls except tab and newline, DEL and C1 controls: never part of a typed message.
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/;

export const assistantMessageSchema = z
  .strictObject({
    message: z
      .string({ error: "message is required: the text to send to the assistant" })
      .max(MAX_MESSAGE_LENGTH, `message must be at most ${MAX_MESSAGE_LENGTH} characters`)
      .refine((v) => !CONTROL.test(v), "message must not contain control characters")
      .trim()
      .min(1, "message cannot be empty"),
    conversationId: z.string({ error: "conversationId must be a string" }).min(1).max(100, "conversationId must be at most 100 characters").optional().meta({ description: "Continue this conversation; omit to start one" }),
    teamId: z.string({ error: "teamId must be a string" }).min(1, "teamId must not be empty").max(100, "teamId must be at most 100 characters").optional().meta({ description: "The team new schedules go to, one you are in; omit for your personal team" }),
  })
  .meta({ id: "AssistantMessage" });
export type AssistantMessage = z.output<typeof assistantMessageSchema>;

const pendingConfirmationSchema = z
  .object({
    tool: z.literal("delete_scheduled_task"),
    scheduleId: z.string(),
    scheduleName: z.string(),
    prompt: z.string(),
  })
  .meta({ id: "AssistantPendingConfirmation", description: 'A delete waiting for the user: "yes" carries it out, anything else cancels it' });

export const assistantReplySchema = z
  .object({
    conversationId: z.string(),
    reply: z.string(),
    actions: z.array(z.object({ tool: z.string(), input: z.unknown(), result: z.unknown() })).meta({ description: "The tools run for this message, with their results" }),
    pendingConfirmation: pendingConfirmationSchema.optional(),
  })
  .meta({ id: "AssistantReply" });

export const assistantConversationSchema = z
  .object({
    id: z.string(),
    messages: z.array(z.object({ role: z.enum(["user", "assistant"]), text: z.string(), at: z.iso.datetime() })).meta({ description: "The last 50 messages, oldest first" }),
    pendingConfirmation: pendingConfirmationSchema.optional(),
    createdAt: z.iso.datetime(),
    updatedAt: z.iso.datetime(),
  })
  .meta({ id: "AssistantConversation" });
