// GET /api/v1/teams/[teamId]/invitations: the pending invitations (admins)
// POST /api/v1/teams/[teamId]/invitations: invite someone with a role; the token is in this answer only
import { parseBody } from "@/lib/api/body";
import { route } from "@/lib/api/handler";
import { siteOrigin } from "@/lib/api/origin";
import { createInvitation, listInvitations } from "@/lib/teams/invitations";
import { requireAccess } from "@/lib/teams/request-access";
import { invitationCreateSchema } from "@/lib/validation/teams";

type Context = { params: Promise<{ teamId: string }> };

export const GET = route<Context>(async (request, { params }) => {
  const { access, db } = await requireAccess(request);
  return Response.json(await listInvitations(db, access, (await params).teamId));
});

export const POST = route<Context>(async (request, { params }) => {
  const { access, db } = await requireAccess(request);
  const input = await parseBody(request, invitationCreateSchema);
  return Response.json(await createInvitation(db, access, (await params).teamId, input, siteOrigin(request)), { status: 201 });
});
