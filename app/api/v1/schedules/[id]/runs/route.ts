// GET /api/v1/schedules/[id]/runs: the schedule's runs, newest first
import { parseQuery } from "@/lib/api/body";
import { route } from "@/lib/api/handler";
import { listRuns } from "@/lib/runs/runs";
import { runListQuerySchema } from "@/lib/validation/schedules";
import { requireAccess } from "@/lib/teams/request-access";

export const GET = route<{ params: Promise<{ id: string }> }>(async (request, { params }) => {
  const { access, db } = await requireAccess(request);
  const query = parseQuery(request, runListQuerySchema);
  return Response.json(await listRuns(db, access, query, (await params).id));
});
