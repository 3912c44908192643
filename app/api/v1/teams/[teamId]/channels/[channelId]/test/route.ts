// POST /api/v1/teams/[teamId]/channels/[channelId]/test: send a channel.test event now (admins);
// 200 {delivered: true, status}, or 502 with the receiver's answer as the message
import { testChannel } from "@/lib/alerts/team-channels";
import { route } from "@/lib/api/handler";
import { requireAccess } from "@/lib/teams/request-access";

export const POST = route<{ params: Promise<{ teamId: string; channelId: string }> }>(async (request, { params }) => {
  const { access, db } = await requireAccess(request);
  const { teamId, channelId } = await params;
  return Response.json(await testChannel(db, access, teamId, channelId));
});
