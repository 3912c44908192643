// GET /api/v1/teams/[teamId]/alerts: the team's alerts with their deliveries, newest first (any member)
import { listTeamAlerts } from "@/lib/alerts/history";
import { parseQuery } from "@/lib/api/body";
import { route } from "@/lib/api/handler";
import { requireAccess } from "@/lib/teams/request-access";
import { alertListQuerySchema } from "@/lib/validation/alerts";

export const GET = route<{ params: Promise<{ teamId: string }> }>(async (request, { params }) => {
  const { access, db } = await requireAccess(request);
  return Response.json(await listTeamAlerts(db, access, (await params).teamId, parseQuery(request, alertListQuerySchema)));
});
