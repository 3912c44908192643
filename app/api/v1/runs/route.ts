// GET /api/v1/runs: runs across all of the user's schedules, newest first
import { parseQuery } from "@/lib/api/body";
import { route } from "@/lib/api/handler";
import { requireUser } from "@/lib/auth/require-user";
import { getDb } from "@/lib/db/client";
import { listRuns } from "@/lib/runs/runs";
import { runListQuerySchema } from "@/lib/validation/schedules";

export const GET = route(async (request) => {
  const user = await requireUser(request);
  return Response.json(await listRuns(await getDb(), user.id, parseQuery(request, runListQuerySchema)));
});
