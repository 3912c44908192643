// GET /api/v1/schedules/[id]: one schedule
// PATCH /api/v1/schedules/[id]: change any of its fields
// DELETE /api/v1/schedules/[id]: delete it with its runs
import { parseBody } from "@/lib/api/body";
import { route } from "@/lib/api/handler";
import { deleteSchedule, getSchedule, updateSchedule } from "@/lib/schedules/schedules";
import { scheduleUpdateSchema } from "@/lib/validation/schedules";
import { requireAccess } from "@/lib/teams/request-access";

type Context = { params: Promise<{ id: string }> };

export const GET = route<Context>(async (request, { params }) => {
  const { access, db } = await requireAccess(request);
  return Response.json(await getSchedule(db, access, (await params).id));
});

export const PATCH = route<Context>(async (request, { params }) => {
  const { access, db } = await requireAccess(request);
  const input = await parseBody(request, scheduleUpdateSchema);
  return Response.json(await updateSchedule(db, access, (await params).id, input));
});

export const DELETE = route<Context>(async (request, { params }) => {
  const { access, db } = await requireAccess(request);
  await deleteSchedule(db, access, (await params).id);
  return new Response(null, { status: 204 });
});
