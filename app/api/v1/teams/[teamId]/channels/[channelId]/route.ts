// GET /api/v1/teams/[teamId]/channels/[channelId]: one channel, secrets masked (any member)
// PATCH: rename it or change its config (admins); DELETE: remove it (admins)
import { deleteChannel, getChannel, updateChannel } from "@/lib/alerts/team-channels";
import { parseBody } from "@/lib/api/body";
import { route } from "@/lib/api/handler";
import { requireAccess } from "@/lib/teams/request-access";
import { channelUpdateSchema } from "@/lib/validation/alerts";

type Context = { params: Promise<{ teamId: string; channelId: string }> };

export const GET = route<Context>(async (request, { params }) => {
  const { access, db } = await requireAccess(request);
  const { teamId, channelId } = await params;
  return Response.json(await getChannel(db, access, teamId, channelId));
});

export const PATCH = route<Context>(async (request, { params }) => {
  const { access, db } = await requireAccess(request);
  const { teamId, channelId } = await params;
  const input = await parseBody(request, channelUpdateSchema);
  return Response.json(await updateChannel(db, access, teamId, channelId, input));
});

export const DELETE = route<Context>(async (request, { params }) => {
  const { access, db } = await requireAccess(request);
  const { teamId, channelId } = await params;
  await deleteChannel(db, access, teamId, channelId);
  return new Response(null, { status: 204 });
});
