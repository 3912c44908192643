// POST /api/v1/cron/parse: plain words ("every weekday at 9am") to a schedule draft
import { parseBody } from "@/lib/api/body";
import { route } from "@/lib/api/handler";
import { requireUser } from "@/lib/auth/require-user";
import { draftFromText } from "@/lib/schedules/preview";
import { parseBodySchema } from "@/lib/validation/cron";

export const POST = route(async (request) => {
  await requireUser(request);
  const { text, timezone } = await parseBody(request, parseBodySchema);
  return Response.json(draftFromText(text, timezone));
});
