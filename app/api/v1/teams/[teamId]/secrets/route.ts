// GET /api/v1/teams/[teamId]/secrets: the team's secrets, names only, with who set each and when (any member)
// POST /api/v1/teams/[teamId]/secrets: add one, {name, value} (admins; checked by the domain, after the role); the value is never shown again
import { readJson } from "@/lib/api/body";
import { route } from "@/lib/api/handler";
import { createSecret, listSecrets } from "@/lib/secrets/team-secrets";
import { requireAccess } from "@/lib/teams/request-access";

type Context = { params: Promise<{ teamId: string }> };

export const GET = route<Context>(async (request, { params }) => {
  const { access, db } = await requireAccess(request);
  return Response.json(await listSecrets(db, access, (await params).teamId));
});

export const POST = route<Context>(async (request, { params }) => {
  const { access, db } = await requireAccess(request);
  const input = await readJson(request);
  return Response.json(await createSecret(db, access, (await params).teamId, input), { status: 201 });
});
