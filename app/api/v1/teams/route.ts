// GET /api/v1/teams: the caller's teams and their role in each
// POST /api/v1/teams: a new team, the caller its owner
import { parseBody } from "@/lib/api/body";
import { route } from "@/lib/api/handler";
import { requireAccess } from "@/lib/teams/request-access";
import { createTeam, listTeams } from "@/lib/teams/teams";
import { teamCreateSchema } from "@/lib/validation/teams";

export const GET = route(async (request) => {
  const { access, db } = await requireAccess(request);
  return Response.json(await listTeams(db, access));
});

export const POST = route(async (request) => {
  const { access, db } = await requireAccess(request);
  const team = await createTeam(db, access, await parseBody(request, teamCreateSchema));
  return Response.json(team, { status: 201, headers: { Location: `/api/v1/teams/${team.id}` } });
});
