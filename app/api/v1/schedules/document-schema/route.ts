// GET /api/v1/schedules/document-schema: the JSON Schema of a schedules document (docs/schedules-as-code.md)
import { route } from "@/lib/api/handler";
import { documentJsonSchema } from "@/lib/schedules-as-code/document";

export const GET = route(async () => Response.json(documentJsonSchema()));
