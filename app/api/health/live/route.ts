export const dynamic = "force-dynamic";

/** Liveness (docs/operations.md): the process answers. It depends on nothing else, so a database outage never gets a healthy web process restarted. */
export function GET() {
  return Response.json({ status: "alive", uptimeSeconds: Math.round(process.uptime()) }, { headers: { "cache-control": "no-store" } });
}
