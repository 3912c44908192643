// GET|POST /ping/{key}/start, /fail or /{exit status}: a heartbeat check's other pings (lib/heartbeats/ping.ts).
import { answerPing } from "@/lib/heartbeats/ping";

type Context = { params: Promise<{ key: string; signal: string }> };

const ping = async (request: Request, { params }: Context) => {
  const { key, signal } = await params;
  return answerPing(request, key, signal);
};

export const GET = ping;
export const POST = ping;
