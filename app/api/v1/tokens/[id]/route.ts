// DELETE /api/v1/tokens/[id]: revoke one of the user's API tokens
import { route } from "@/lib/api/handler";
import { requireAccess } from "@/lib/teams/request-access";
import { revokeToken } from "@/lib/teams/tokens";

export const DELETE = route<{ params: Promise<{ id: string }> }>(async (request, { params }) => {
  const { access, db } = await requireAccess(request);
  await revokeToken(db, access, (await params).id);
  return new Response(null, { status: 204 });
});
