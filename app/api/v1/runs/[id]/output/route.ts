// GET /api/v1/runs/[id]/output: a run's output; with Accept: text/event-stream, followed live as
// Server-Sent Events until the run ends (authenticated and found first: errors are JSON)
import { validationError } from "@/lib/api/errors";
import { parseQuery } from "@/lib/api/body";
import { route } from "@/lib/api/handler";
import { findRunForOutput, outputEvents, readOutputPage } from "@/lib/runs/output-read";
import { requireAccess } from "@/lib/teams/request-access";
import { lastEventIdSchema, runOutputQuerySchema } from "@/lib/validation/run-output";

export const GET = route<{ params: Promise<{ id: string }> }>(async (request, { params }) => {
  const { access, db } = await requireAccess(request);
  const query = parseQuery(request, runOutputQuerySchema);
  const run = await findRunForOutput(db, access, (await params).id);
  if (!request.headers.get("accept")?.includes("text/event-stream")) return Response.json(await readOutputPage(db, run, query));
  const lastEventId = request.headers.get("last-event-id");
  let after = query.after;
  if (lastEventId !== null && lastEventId !== "") {
    const parsed = lastEventIdSchema.safeParse(lastEventId);
    if (!parsed.success) throw validationError({ "Last-Event-ID": parsed.error.issues[0].message });
    after = parsed.data;
  }
  return new Response(outputEvents(db, run.id, after, request.signal), {
    headers: { "Content-Type": "text/event-stream; charset=utf-8", "Cache-Control": "no-cache, no-transform", "X-Accel-Buffering": "no" },
  });
});
