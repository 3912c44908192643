// GET /api/v1/teams/[teamId]/llm-endpoint: the team's model endpoint for llm jobs, or the operator's
// default (any member); PUT: set it (admins); DELETE: back to the operator's default (admins)
import { parseBody } from "@/lib/api/body";
import { route } from "@/lib/api/handler";
import { deleteTeamLlmEndpoint, getTeamLlmEndpoint, putTeamLlmEndpoint } from "@/lib/llm/team-endpoint";
import { requireAccess } from "@/lib/teams/request-access";
import { llmEndpointPutSchema } from "@/lib/validation/llm-endpoint";

type Context = { params: Promise<{ teamId: string }> };

export const GET = route<Context>(async (request, { params }) => {
  const { access, db } = await requireAccess(request);
  return Response.json(await getTeamLlmEndpoint(db, access, (await params).teamId));
});

export const PUT = route<Context>(async (request, { params }) => {
  const { access, db } = await requireAccess(request);
  const input = await parseBody(request, llmEndpointPutSchema);
  return Response.json(await putTeamLlmEndpoint(db, access, (await params).teamId, input));
});

export const DELETE = route<Context>(async (request, { params }) => {
  const { access, db } = await requireAccess(request);
  await deleteTeamLlmEndpoint(db, access, (await params).teamId);
  return new Response(null, { status: 204 });
});
