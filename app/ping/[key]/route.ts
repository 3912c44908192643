// GET|POST /ping/{key}: a heartbeat check's success ping (lib/heartbeats/ping.ts); no other authentication.
import { answerPing } from "@/lib/heartbeats/ping";

type Context = { params: Promise<{ key: string }> };

const ping = async (request: Request, { params }: Context) => answerPing(request, (await params).key);

export const GET = ping;
export const POST = ping;
