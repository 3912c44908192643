// One message of a conversation, start to finish: load the user's conversation (another user's
// id is simply not found), answer through the model when one is configured and works, else the
// offline interpreter, and store the exchange (the last MAX_MESSAGES messages) and the state.
import { notFound } from "../api/errors";
import { requireRole } from "../teams/access";
import type { Db, Prisma } from "../db/client";
import { scrubSecrets } from "../entrypoints/secrets";
import { maskSecretUrlsIn, scrubSecretUrls } from "../entrypoints/url-secrets";
import { interpret } from "./interpret";
import { llmConfigFromEnv, modelTurn, type LlmConfig } from "./llm";
import { MAX_MESSAGES, readMessages, readState, type PendingConfirmation, type StoredMessage, type Turn } from "./state";
import type { ToolContext } from "./tools";
import { teamAccess } from "../teams/access";

export type AssistantReply = {
  conversationId: string;
  reply: string;
  actions: Turn["actions"];
  pendingConfirmation?: PendingConfirmation;
};

export type AssistantOptions = { now?: Date; llm?: LlmConfig | null };

const CONVERSATION_NOT_FOUND = "No such conversation";

async function loadOrCreate(db: Db, userId: string, conversationId: string | undefined) {
  if (conversationId) {
    const row = await db.assistantConversation.findFirst({ where: { id: conversationId, userId } });
    if (!row) throw notFound(CONVERSATION_NOT_FOUND);
    return row;
  }
  return db.assistantConversation.create({ data: { userId, messages: [], state: {} } });
}

export async function converse(db: Db, userId: string, input: { message: string; conversationId?: string; teamId?: string }, opts: AssistantOptions = {}): Promise<AssistantReply> {
  const now = opts.now ?? new Date();
  // The assistant acts with its user's roles; the audit log names it, for its user.
  const { email } = await db.user.findUniqueOrThrow({ where: { id: userId }, select: { email: true } });
  const access = await teamAccess(db, { id: userId, email }, { type: "assistant", id: userId, email });
  // The team chosen in the sidebar is where "@cron run backup at 2am" creates; a team the user
  // is not in is a 404, like any other team-owned row.
  if (input.teamId !== undefined) {
    requireRole(access, input.teamId, "viewer", "No such team");
  }
  const ctx: ToolContext = { db, access: input.teamId === undefined ? access : { ...access, defaultTeamId: input.teamId }, now };
  const row = await loadOrCreate(db, userId, input.conversationId);
  const state = readState(row.state);
  const history = readMessages(row.messages);
  const llm = opts.llm === undefined ? llmConfigFromEnv() : opts.llm;

  let turn: Turn | null = null;
  // A pending confirmation or a "which one?" is always answered offline: only the user's own
  // "yes" deletes, whatever a model would make of it.
  if (llm && !state.pending && !state.choice) turn = await modelTurn(ctx, llm, history, input.message, state);
  turn ??= await interpret(ctx, input.message, state);

  const at = now.toISOString();
  // The history is shown again (and sent to a model): a webhook URL typed into it is kept masked.
  const messages: StoredMessage[] = [...history, { role: "user" as const, text: maskSecretUrlsIn(input.message), at }, { role: "assistant" as const, text: turn.reply, at }].slice(-MAX_MESSAGES);
  const { count } = await db.assistantConversation.updateMany({
    where: { id: row.id, userId },
    data: { messages: messages as unknown as Prisma.InputJsonValue, state: turn.state as Prisma.InputJsonValue },
  });
  if (count === 0) throw notFound(CONVERSATION_NOT_FOUND);
  // The tool calls are echoed with the secrets in their input (header values, webhook URLs) masked, as the API shows them elsewhere.
  const actions = turn.actions.map((a) => ({ ...a, input: scrubSecrets(scrubSecretUrls(a.input)) }));
  return { conversationId: row.id, reply: turn.reply, actions, ...(turn.pendingConfirmation ? { pendingConfirmation: turn.pendingConfirmation } : {}) };
}

export async function getConversation(db: Db, userId: string, id: string) {
  const row = await db.assistantConversation.findFirst({ where: { id, userId } });
  if (!row) throw notFound(CONVERSATION_NOT_FOUND);
  const state = readState(row.state);
  return {
    id: row.id,
    messages: readMessages(row.messages),
    ...(state.pending ? { pendingConfirmation: state.pending } : {}),
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}
