// PUT /api/v1/teams/[teamId]/secrets/[name]: replace a secret's value, {value} (admins)
// DELETE: remove it (admins); refused with 409 while a schedule or the team's LLM endpoint uses it
import { readJson } from "@/lib/api/body";
import { route } from "@/lib/api/handler";
import { deleteSecret, replaceSecret } from "@/lib/secrets/team-secrets";
import { requireAccess } from "@/lib/teams/request-access";

type Context = { params: Promise<{ teamId: string; name: string }> };

export const PUT = route<Context>(async (request, { params }) => {
  const { access, db } = await requireAccess(request);
  const { teamId, name } = await params;
  const input = await readJson(request);
  return Response.json(await replaceSecret(db, access, teamId, name, input));
});

export const DELETE = route<Context>(async (request, { params }) => {
  const { access, db } = await requireAccess(request);
  const { teamId, name } = await params;
  await deleteSecret(db, access, teamId, name);
  return new Response(null, { status: 204 });
});
