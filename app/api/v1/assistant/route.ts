// POST /api/v1/assistant: send the @cron assistant a message; it answers and may change schedules
import { parseBody } from "@/lib/api/body";
import { route } from "@/lib/api/handler";
import { converse } from "@/lib/assistant/conversation";
import { assistantMessageSchema } from "@/lib/assistant/validation";
import { requireUser } from "@/lib/auth/require-user";
import { throttleAssistant } from "@/lib/auth/throttles";
import { getDb } from "@/lib/db/client";

export const POST = route(async (request) => {
  const user = await requireUser(request);
  await throttleAssistant(user.id);
  const input = await parseBody(request, assistantMessageSchema);
  return Response.json(await converse(await getDb(), user.id, input));
});
