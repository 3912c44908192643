// POST /api/v1/auth/token: trade email and password for a Bearer JWT
import { parseBody } from "@/lib/api/body";
import { clientAddress } from "@/lib/api/client-address";
import { route } from "@/lib/api/handler";
import { issueAccessToken } from "@/lib/auth/access-token";
import { getDb } from "@/lib/db/client";
import { env } from "@/lib/env";
import { assertPasswordLogin, login } from "@/lib/users/accounts";
import { credentialsSchema } from "@/lib/validation/auth";

export const POST = route(async (request) => {
  assertPasswordLogin("sign-in"); // before the body: the answer is the same whatever was sent
  const input = await parseBody(request, credentialsSchema);
  const user = await login(await getDb(), input, clientAddress(request.headers));
  const expiresIn = env().ACCESS_TOKEN_TTL_SECONDS;
  const accessToken = await issueAccessToken(user, expiresIn);
  return Response.json({ accessToken, tokenType: "Bearer", expiresIn });
});
