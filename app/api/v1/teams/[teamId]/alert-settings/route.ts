// GET /api/v1/teams/[teamId]/alert-settings: default alert rules for new schedules, and whether
// worker alerts reach this team (any member); PATCH: change them (admins)
import { getAlertSettings, updateAlertSettings } from "@/lib/alerts/settings";
import { parseBody } from "@/lib/api/body";
import { route } from "@/lib/api/handler";
import { requireAccess } from "@/lib/teams/request-access";
import { alertSettingsUpdateSchema } from "@/lib/validation/alerts";

type Context = { params: Promise<{ teamId: string }> };

export const GET = route<Context>(async (request, { params }) => {
  const { access, db } = await requireAccess(request);
  return Response.json(await getAlertSettings(db, access, (await params).teamId));
});

export const PATCH = route<Context>(async (request, { params }) => {
  const { access, db } = await requireAccess(request);
  const input = await parseBody(request, alertSettingsUpdateSchema);
  return Response.json(await updateAlertSettings(db, access, (await params).teamId, input));
});
