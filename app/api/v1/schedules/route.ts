// GET /api/v1/schedules: the user's schedules by name, searchable and filterable
// POST /api/v1/schedules: create a schedule
import { parseBody, parseQuery } from "@/lib/api/body";
import { route } from "@/lib/api/handler";
import { requireUser } from "@/lib/auth/require-user";
import { getDb } from "@/lib/db/client";
import { createSchedule, listSchedules } from "@/lib/schedules/schedules";
import { scheduleCreateSchema, scheduleListQuerySchema } from "@/lib/validation/schedules";

export const GET = route(async (request) => {
  const user = await requireUser(request);
  const query = parseQuery(request, scheduleListQuerySchema);
  return Response.json(await listSchedules(await getDb(), user.id, query));
});

export const POST = route(async (request) => {
  const user = await requireUser(request);
  const input = await parseBody(request, scheduleCreateSchema);
  const schedule = await createSchedule(await getDb(), user.id, input);
  return Response.json(schedule, { status: 201, headers: { Location: `/api/v1/schedules/${schedule.id}` } });
});
