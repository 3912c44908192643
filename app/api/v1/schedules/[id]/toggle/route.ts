// PATCH /api/v1/schedules/[id]/toggle: flip isEnabled, or set it with {"isEnabled": bool}
import { parseBody } from "@/lib/api/body";
import { route } from "@/lib/api/handler";
import { toggleSchedule } from "@/lib/schedules/schedules";
import { toggleSchema } from "@/lib/validation/schedules";
import { requireAccess } from "@/lib/teams/request-access";

export const PATCH = route<{ params: Promise<{ id: string }> }>(async (request, { params }) => {
  const { access, db } = await requireAccess(request);
  const { isEnabled } = await parseBody(request, toggleSchema, { allowEmpty: true });
  return Response.json(await toggleSchedule(db, access, (await params).id, isEnabled));
});
