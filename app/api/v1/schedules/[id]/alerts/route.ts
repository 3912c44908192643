// GET /api/v1/schedules/[id]/alerts: the schedule's alerts with their deliveries, newest first
import { listScheduleAlerts } from "@/lib/alerts/history";
import { parseQuery } from "@/lib/api/body";
import { route } from "@/lib/api/handler";
import { requireAccess } from "@/lib/teams/request-access";
import { alertListQuerySchema } from "@/lib/validation/alerts";

export const GET = route<{ params: Promise<{ id: string }> }>(async (request, { params }) => {
  const { access, db } = await requireAccess(request);
  return Response.json(await listScheduleAlerts(db, access, (await params).id, parseQuery(request, alertListQuerySchema)));
});
