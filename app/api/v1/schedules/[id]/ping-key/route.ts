// POST /api/v1/schedules/[id]/ping-key: a heartbeat check's new ping key; the old ping URL stops working
import { route } from "@/lib/api/handler";
import { rotatePingKey } from "@/lib/schedules/schedules";
import { requireAccess } from "@/lib/teams/request-access";

export const POST = route<{ params: Promise<{ id: string }> }>(async (request, { params }) => {
  const { access, db } = await requireAccess(request);
  return Response.json(await rotatePingKey(db, access, (await params).id));
});
