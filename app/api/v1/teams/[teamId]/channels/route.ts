// GET /api/v1/teams/[teamId]/channels: the team's alert channels, secrets masked (any member)
// POST /api/v1/teams/[teamId]/channels: add one (admins); a webhook's signing secret is in this answer only
import { createChannel, listChannels } from "@/lib/alerts/team-channels";
import { parseBody } from "@/lib/api/body";
import { route } from "@/lib/api/handler";
import { requireAccess } from "@/lib/teams/request-access";
import { channelCreateSchema } from "@/lib/validation/alerts";

type Context = { params: Promise<{ teamId: string }> };

export const GET = route<Context>(async (request, { params }) => {
  const { access, db } = await requireAccess(request);
  return Response.json(await listChannels(db, access, (await params).teamId));
});

export const POST = route<Context>(async (request, { params }) => {
  const { access, db } = await requireAccess(request);
  const input = await parseBody(request, channelCreateSchema);
  return Response.json(await createChannel(db, access, (await params).teamId, input), { status: 201 });
});
