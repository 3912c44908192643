// POST /api/v1/teams/[teamId]/channels/[channelId]/rotate-secret: a new webhook signing secret,
// shown in this answer only (admins)
import { rotateChannelSecret } from "@/lib/alerts/team-channels";
import { route } from "@/lib/api/handler";
import { requireAccess } from "@/lib/teams/request-access";

export const POST = route<{ params: Promise<{ teamId: string; channelId: string }> }>(async (request, { params }) => {
  const { access, db } = await requireAccess(request);
  const { teamId, channelId } = await params;
  return Response.json(await rotateChannelSecret(db, access, teamId, channelId));
});
