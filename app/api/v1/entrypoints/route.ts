// GET /api/v1/entrypoints: the job types a schedule can run, with their payload JSON Schemas
import { route } from "@/lib/api/handler";
import { requireUser } from "@/lib/auth/require-user";
import { listEntrypoints } from "@/lib/entrypoints/registry";

export const GET = route(async (request) => {
  await requireUser(request);
  return Response.json({ items: listEntrypoints() });
});
