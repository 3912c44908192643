// GET /api/v1/schedules: the schedules of every team of the caller's (or of ?teamId=) by name, searchable and filterable
// POST /api/v1/schedules: create a schedule
import { parseBody, parseQuery } from "@/lib/api/body";
import { route } from "@/lib/api/handler";
import { createSchedule, listSchedules } from "@/lib/schedules/schedules";
import { scheduleCreateSchema, scheduleListQuerySchema } from "@/lib/validation/schedules";
import { requireAccess } from "@/lib/teams/request-access";

export const GET = route(async (request) => {
  const { access, db } = await requireAccess(request);
  const query = parseQuery(request, scheduleListQuerySchema);
  return Response.json(await listSchedules(db, access, query));
});

export const POST = route(async (request) => {
  const { access, db } = await requireAccess(request);
  const input = await parseBody(request, scheduleCreateSchema);
  const schedule = await createSchedule(db, access, input);
  return Response.json(schedule, { status: 201, headers: { Location: `/api/v1/schedules/${schedule.id}` } });
});
