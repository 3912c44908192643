// POST /api/v1/schedules/import/crontab: a crontab's entries as shell schedules (or, with dryRun, what they would be)
import { parseBody } from "@/lib/api/body";
import { route } from "@/lib/api/handler";
import { importCrontab } from "@/lib/schedules-as-code/crontab-import";
import { requireAccess } from "@/lib/teams/request-access";
import { crontabImportSchema } from "@/lib/validation/crontab";

export const POST = route(async (request) => {
  const { access, db } = await requireAccess(request);
  const input = await parseBody(request, crontabImportSchema);
  const result = await importCrontab(db, access, input);
  return Response.json(result, { status: !input.dryRun && result.imported.length > 0 ? 201 : 200 });
});
