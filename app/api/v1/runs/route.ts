// GET /api/v1/runs: runs across the schedules of every team of the caller's (or of ?teamId=), newest first
import { parseQuery } from "@/lib/api/body";
import { route } from "@/lib/api/handler";
import { listRuns } from "@/lib/runs/runs";
import { allRunsQuerySchema } from "@/lib/validation/schedules";
import { requireAccess } from "@/lib/teams/request-access";

export const GET = route(async (request) => {
  const { access, db } = await requireAccess(request);
  return Response.json(await listRuns(db, access, parseQuery(request, allRunsQuerySchema)));
});
