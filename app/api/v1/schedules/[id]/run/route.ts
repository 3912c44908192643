// POST /api/v1/schedules/[id]/run: queue a manual run now, enabled or not
import { route } from "@/lib/api/handler";
import { throttleManualRun } from "@/lib/auth/throttles";
import { queueManualRun } from "@/lib/runs/runs";
import { requireAccess } from "@/lib/teams/request-access";

export const POST = route<{ params: Promise<{ id: string }> }>(async (request, { params }) => {
  const { user, access, db } = await requireAccess(request);
  const run = await queueManualRun(db, access, (await params).id, new Date(), () => throttleManualRun(user.id));
  return Response.json({ run }, { status: 202 });
});
