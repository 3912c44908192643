// DELETE /api/v1/teams/[teamId]/invitations/[id]: revoke a pending invitation (admins)
import { route } from "@/lib/api/handler";
import { revokeInvitation } from "@/lib/teams/invitations";
import { requireAccess } from "@/lib/teams/request-access";

export const DELETE = route<{ params: Promise<{ teamId: string; id: string }> }>(async (request, { params }) => {
  const { access, db } = await requireAccess(request);
  const { teamId, id } = await params;
  await revokeInvitation(db, access, teamId, id);
  return new Response(null, { status: 204 });
});
