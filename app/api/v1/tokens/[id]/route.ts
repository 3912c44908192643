// DELETE /api/v1/tokens/[id]: revoke one of the user's API tokens
import { route } from "@/lib/api/handler";
import { revokeApiToken } from "@/lib/auth/api-tokens";
import { requireUser } from "@/lib/auth/require-user";
import { getDb } from "@/lib/db/client";

export const DELETE = route<{ params: Promise<{ id: string }> }>(async (request, { params }) => {
  const user = await requireUser(request);
  await revokeApiToken(await getDb(), user.id, (await params).id);
  return new Response(null, { status: 204 });
});
