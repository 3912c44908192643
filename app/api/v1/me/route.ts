// GET /api/v1/me: who the credentials belong to
import { route } from "@/lib/api/handler";
import { requireUser } from "@/lib/auth/require-user";

export const GET = route(async (request) => {
  const { id, email, name, via } = await requireUser(request);
  return Response.json({ id, email, name, authenticatedBy: via });
});
