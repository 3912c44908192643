// POST /api/v1/schedules/apply: make a team's schedules what a document says, all or nothing (docs/schedules-as-code.md)
import { parseBody } from "@/lib/api/body";
import { route } from "@/lib/api/handler";
import { applyDocument } from "@/lib/schedules-as-code/apply";
import { applyBodySchema, APPLY_BODY_MAX_BYTES } from "@/lib/schedules-as-code/document";
import { requireAccess } from "@/lib/teams/request-access";

export const POST = route(async (request) => {
  const { access, db } = await requireAccess(request);
  const input = await parseBody(request, applyBodySchema, { limit: APPLY_BODY_MAX_BYTES });
  const { status, result } = await applyDocument(db, access, input);
  if (status === 200) return Response.json(result);
  // The plan's shape with its errors, inside the usual error envelope's members.
  const code = status === 403 ? "forbidden" : "validation_error";
  const message = `${result.errors.length} problem${result.errors.length === 1 ? "" : "s"} in the document; nothing was written`;
  return Response.json({ error: { code, message }, ...result }, { status });
});
