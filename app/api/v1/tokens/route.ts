// GET /api/v1/tokens: the user's API tokens (never the tokens themselves)
// POST /api/v1/tokens: create one; the token is in this response and nowhere else. A Bearer
// credential may create only a token that expires no later than itself (403 otherwise).
import { parseBody } from "@/lib/api/body";
import { route } from "@/lib/api/handler";
import { createApiToken, listApiTokens, tokenCreator, tokenExpiry } from "@/lib/auth/api-tokens";
import { requireUser } from "@/lib/auth/require-user";
import { getDb } from "@/lib/db/client";
import { apiTokenCreateSchema } from "@/lib/validation/auth";

export const GET = route(async (request) => {
  const user = await requireUser(request);
  return Response.json({ items: await listApiTokens(await getDb(), user.id) });
});

export const POST = route(async (request) => {
  const user = await requireUser(request);
  const input = await parseBody(request, apiTokenCreateSchema);
  const db = await getDb();
  const expiresAt = tokenExpiry(input, await tokenCreator(db, request, user.via));
  return Response.json(await createApiToken(db, user.id, input, expiresAt), { status: 201 });
});
