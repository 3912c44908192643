// GET /api/v1/teams/[teamId]/audit: who changed what in the team, newest first (any member)
import { parseQuery } from "@/lib/api/body";
import { route } from "@/lib/api/handler";
import { listAudit } from "@/lib/teams/audit";
import { requireAccess } from "@/lib/teams/request-access";
import { auditQuerySchema } from "@/lib/validation/teams";

export const GET = route<{ params: Promise<{ teamId: string }> }>(async (request, { params }) => {
  const { access, db } = await requireAccess(request);
  return Response.json(await listAudit(db, access, (await params).teamId, parseQuery(request, auditQuerySchema)));
});
