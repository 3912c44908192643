// GET /api/v1/schedules/[id]: one schedule
// PATCH /api/v1/schedules/[id]: change any of its fields
// DELETE /api/v1/schedules/[id]: delete it with its runs
import { parseBody } from "@/lib/api/body";
import { route } from "@/lib/api/handler";
import { scheduleById } from "@/lib/schedules/schedule-reads";
import { deleteSchedule, shownSchedule, updateSchedule } from "@/lib/schedules/schedules";
import { scheduleUpdateSchema } from "@/lib/validation/schedules";
import { requireAccess } from "@/lib/teams/request-access";

type Context = { params: Promise<{ id: string }> };

export const GET = route<Context>(async (request, { params }) => {
  // The row is read with the caller's credentials: one round trip to PostgreSQL.
  const { access, planned } = await requireAccess(request, scheduleById((await params).id));
  return Response.json(shownSchedule(access, planned));
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
