// POST /api/v1/auth/register: create an account
import { ApiError } from "@/lib/api/errors";
import { parseBody } from "@/lib/api/body";
import { clientAddress } from "@/lib/api/client-address";
import { route } from "@/lib/api/handler";
import { throttleRegistration } from "@/lib/auth/throttles";
import { getDb } from "@/lib/db/client";
import { env } from "@/lib/env";
import { assertPasswordLogin, registerUser } from "@/lib/users/accounts";
import { registerSchema } from "@/lib/validation/auth";

export const POST = route(async (request) => {
  if (!env().ALLOW_REGISTRATION) throw new ApiError("forbidden", "Registration is turned off on this server (ALLOW_REGISTRATION=false)");
  assertPasswordLogin("registration"); // before the body and the throttle: nothing is counted
  const input = await parseBody(request, registerSchema);
  await throttleRegistration(clientAddress(request.headers));
  const user = await registerUser(await getDb(), input);
  return Response.json(user, { status: 201 });
});
