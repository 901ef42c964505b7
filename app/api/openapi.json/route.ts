import { openApiDocument } from "@/server/api-rest/document";

/** The OpenAPI 3.1 document of /api/v1, generated from the tRPC procedures (docs/api.md). Public: it holds no data. */
export function GET() {
  return Response.json(openApiDocument(), { headers: { "cache-control": "public, max-age=300" } });
}
