// GET /api/v1/tokens: the user's API tokens (never the tokens themselves)
// POST /api/v1/tokens: create one; the token is in this response and nowhere else. A Bearer
// credential may create only a token that expires no later than itself (403 otherwise). With
// teamId (and role), the token acts only in that team (lib/teams/tokens.ts).
import { parseBody } from "@/lib/api/body";
import { route } from "@/lib/api/handler";
import { listApiTokens, tokenCreator, tokenExpiry } from "@/lib/auth/api-tokens";
import { requireAccess } from "@/lib/teams/request-access";
import { createToken } from "@/lib/teams/tokens";
import { apiTokenCreateSchema } from "@/lib/validation/auth";

export const GET = route(async (request) => {
  const { user, db } = await requireAccess(request);
  return Response.json({ items: await listApiTokens(db, user.id) });
});

export const POST = route(async (request) => {
  const { user, access, db } = await requireAccess(request);
  const input = await parseBody(request, apiTokenCreateSchema);
  const expiresAt = tokenExpiry(input, await tokenCreator(db, request, user.via));
  return Response.json(await createToken(db, access, input, expiresAt), { status: 201 });
});
