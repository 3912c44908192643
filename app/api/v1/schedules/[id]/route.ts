// GET /api/v1/schedules/[id]: one schedule
// PATCH /api/v1/schedules/[id]: change any of its fields
// DELETE /api/v1/schedules/[id]: delete it with its runs
import { parseBody } from "@/lib/api/body";
import { route } from "@/lib/api/handler";
import { requireUser } from "@/lib/auth/require-user";
import { getDb } from "@/lib/db/client";
import { deleteSchedule, getSchedule, updateSchedule } from "@/lib/schedules/schedules";
import { scheduleUpdateSchema } from "@/lib/validation/schedules";

type Context = { params: Promise<{ id: string }> };

export const GET = route<Context>(async (request, { params }) => {
  const user = await requireUser(request);
  return Response.json(await getSchedule(await getDb(), user.id, (await params).id));
});

export const PATCH = route<Context>(async (request, { params }) => {
  const user = await requireUser(request);
  const input = await parseBody(request, scheduleUpdateSchema);
  return Response.json(await updateSchedule(await getDb(), user.id, (await params).id, input));
});

export const DELETE = route<Context>(async (request, { params }) => {
  const user = await requireUser(request);
  await deleteSchedule(await getDb(), user.id, (await params).id);
  return new Response(null, { status: 204 });
});
