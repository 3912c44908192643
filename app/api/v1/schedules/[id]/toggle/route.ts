// PATCH /api/v1/schedules/[id]/toggle: flip isEnabled, or set it with {"isEnabled": bool}
import { parseBody } from "@/lib/api/body";
import { route } from "@/lib/api/handler";
import { requireUser } from "@/lib/auth/require-user";
import { getDb } from "@/lib/db/client";
import { toggleSchedule } from "@/lib/schedules/schedules";
import { toggleSchema } from "@/lib/validation/schedules";

export const PATCH = route<{ params: Promise<{ id: string }> }>(async (request, { params }) => {
  const user = await requireUser(request);
  const { isEnabled } = await parseBody(request, toggleSchema, { allowEmpty: true });
  return Response.json(await toggleSchedule(await getDb(), user.id, (await params).id, isEnabled));
});
