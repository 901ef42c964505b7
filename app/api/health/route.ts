import { getSql } from "@/server/db";
import { readiness } from "@/server/health/readiness";
import { getRealtimeHub } from "@/server/realtime/hub-instance";

export const dynamic = "force-dynamic";

/** Readiness for load balancers and Kubernetes (docs/operations.md): 200 when this process can serve, 503 otherwise. Public: it holds no plant data. */
export async function GET() {
  const result = await readiness(getSql(), getRealtimeHub());
  return Response.json(result, { status: result.status === "ready" ? 200 : 503, headers: { "cache-control": "no-store" } });
}
