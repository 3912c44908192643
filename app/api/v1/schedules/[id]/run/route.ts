// POST /api/v1/schedules/[id]/run: queue a manual run now, enabled or not
import { route } from "@/lib/api/handler";
import { requireUser } from "@/lib/auth/require-user";
import { throttleManualRun } from "@/lib/auth/throttles";
import { getDb } from "@/lib/db/client";
import { queueManualRun } from "@/lib/runs/runs";

export const POST = route<{ params: Promise<{ id: string }> }>(async (request, { params }) => {
  const user = await requireUser(request);
  const run = await queueManualRun(await getDb(), user.id, (await params).id, new Date(), () => throttleManualRun(user.id));
  return Response.json({ run }, { status: 202 });
});
