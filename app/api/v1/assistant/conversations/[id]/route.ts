// GET /api/v1/assistant/conversations/[id]: a conversation's messages, for reloading the chat
import { route } from "@/lib/api/handler";
import { getConversation } from "@/lib/assistant/conversation";
import { requireUser } from "@/lib/auth/require-user";
import { getDb } from "@/lib/db/client";

type Context = { params: Promise<{ id: string }> };

export const GET = route<Context>(async (request, { params }) => {
  const user = await requireUser(request);
  return Response.json(await getConversation(await getDb(), user.id, (await params).id));
});
