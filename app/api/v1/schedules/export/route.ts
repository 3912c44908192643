// GET /api/v1/schedules/export: a team's schedules as one YAML or JSON document (docs/schedules-as-code.md)
import { parseQuery } from "@/lib/api/body";
import { route } from "@/lib/api/handler";
import { exportQuerySchema } from "@/lib/schedules-as-code/document";
import { exportSchedules } from "@/lib/schedules-as-code/document-export";
import { requireAccess } from "@/lib/teams/request-access";

export const GET = route(async (request) => {
  const { access, db } = await requireAccess(request);
  const { teamId, format } = parseQuery(request, exportQuerySchema);
  const { fileName, content } = await exportSchedules(db, access, teamId, format);
  return new Response(content, {
    headers: {
      "Content-Type": format === "yaml" ? "application/yaml; charset=utf-8" : "application/json; charset=utf-8",
      "Content-Disposition": `attachment; filename="${fileName}"`,
    },
  });
});
