// PATCH /api/v1/teams/[teamId]/members/[userId]: give a member another role (admins; owners for owners)
// DELETE /api/v1/teams/[teamId]/members/[userId]: remove a member, or leave (your own id)
import { parseBody } from "@/lib/api/body";
import { route } from "@/lib/api/handler";
import { requireAccess } from "@/lib/teams/request-access";
import { changeRole, removeMember } from "@/lib/teams/teams";
import { memberUpdateSchema } from "@/lib/validation/teams";

type Context = { params: Promise<{ teamId: string; userId: string }> };

export const PATCH = route<Context>(async (request, { params }) => {
  const { access, db } = await requireAccess(request);
  const { role } = await parseBody(request, memberUpdateSchema);
  const { teamId, userId } = await params;
  return Response.json(await changeRole(db, access, teamId, userId, role));
});

export const DELETE = route<Context>(async (request, { params }) => {
  const { access, db } = await requireAccess(request);
  const { teamId, userId } = await params;
  await removeMember(db, access, teamId, userId);
  return new Response(null, { status: 204 });
});
