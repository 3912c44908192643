// GET /api/v1/cron/describe: validate an expression and preview its next runs
import { parseQuery } from "@/lib/api/body";
import { route } from "@/lib/api/handler";
import { requireUser } from "@/lib/auth/require-user";
import { previewCron } from "@/lib/schedules/preview";
import { describeQuerySchema } from "@/lib/validation/cron";

export const GET = route(async (request) => {
  await requireUser(request);
  const q = parseQuery(request, describeQuerySchema);
  const preview = previewCron(q.expression, q.timezone, {
    after: q.after ? new Date(q.after) : new Date(),
    count: q.count,
    use24HourTime: q.use24HourTime === "true",
  });
  return Response.json(preview);
});
