// GET /api/v1/teams/[teamId]/members: the team's members and their roles
import { route } from "@/lib/api/handler";
import { requireAccess } from "@/lib/teams/request-access";
import { listMembers } from "@/lib/teams/teams";

export const GET = route<{ params: Promise<{ teamId: string }> }>(async (request, { params }) => {
  const { access, db } = await requireAccess(request);
  return Response.json(await listMembers(db, access, (await params).teamId));
});
