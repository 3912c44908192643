// POST /api/v1/invitations/accept: join the team of an invitation, signed in as its invitee
import { parseBody } from "@/lib/api/body";
import { route } from "@/lib/api/handler";
import { acceptInvitation } from "@/lib/teams/invitations";
import { requireAccess } from "@/lib/teams/request-access";
import { invitationAcceptSchema } from "@/lib/validation/teams";

export const POST = route(async (request) => {
  const { user, access, db } = await requireAccess(request);
  const { token } = await parseBody(request, invitationAcceptSchema);
  return Response.json(await acceptInvitation(db, user, access.actor, token));
});
