// GET /api/health: liveness of the web app, its database and the workers (no auth: for probes)
import { getDb } from "@/lib/db/client";
import { workerStatus } from "@/lib/workers/heartbeat";

export const dynamic = "force-dynamic";

export async function GET() {
  try {
    const db = await getDb();
    await db.$queryRawUnsafe("SELECT 1");
    return Response.json({ status: "ok", database: "ok", worker: await workerStatus(db) });
  } catch (err) {
    console.error("[health] database unreachable:", (err as Error).message);
    return Response.json({ status: "error", database: "unreachable", worker: { online: false, lastSeenAt: null } }, { status: 503 });
  }
}
