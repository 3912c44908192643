// GET /api/v1/openapi.json: the OpenAPI 3.1 description of this API
import { openApiDocument } from "@/lib/openapi/document";

export function GET() {
  return Response.json(openApiDocument());
}
