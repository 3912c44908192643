// GET /api/v1/schedules/[id]/runs: the schedule's runs, newest first
import { parseQuery } from "@/lib/api/body";
import { route } from "@/lib/api/handler";
import { requireUser } from "@/lib/auth/require-user";
import { getDb } from "@/lib/db/client";
import { listRuns } from "@/lib/runs/runs";
import { runListQuerySchema } from "@/lib/validation/schedules";

export const GET = route<{ params: Promise<{ id: string }> }>(async (request, { params }) => {
  const user = await requireUser(request);
  const query = parseQuery(request, runListQuerySchema);
  return Response.json(await listRuns(await getDb(), user.id, query, (await params).id));
});
