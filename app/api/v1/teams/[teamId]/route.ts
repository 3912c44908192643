// GET /api/v1/teams/[teamId]: the team and the caller's role in it
// PATCH /api/v1/teams/[teamId]: rename it (owners)
// DELETE /api/v1/teams/[teamId]: delete it with its schedules and their runs (owners; not a personal team)
import { parseBody } from "@/lib/api/body";
import { route } from "@/lib/api/handler";
import { requireAccess } from "@/lib/teams/request-access";
import { deleteTeam, getTeam, renameTeam } from "@/lib/teams/teams";
import { teamUpdateSchema } from "@/lib/validation/teams";

type Context = { params: Promise<{ teamId: string }> };

export const GET = route<Context>(async (request, { params }) => {
  const { access, db } = await requireAccess(request);
  return Response.json(await getTeam(db, access, (await params).teamId));
});

export const PATCH = route<Context>(async (request, { params }) => {
  const { access, db } = await requireAccess(request);
  const input = await parseBody(request, teamUpdateSchema);
  return Response.json(await renameTeam(db, access, (await params).teamId, input));
});

export const DELETE = route<Context>(async (request, { params }) => {
  const { access, db } = await requireAccess(request);
  await deleteTeam(db, access, (await params).teamId);
  return new Response(null, { status: 204 });
});
