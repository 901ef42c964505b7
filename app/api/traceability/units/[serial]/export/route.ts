import type { NextRequest } from "next/server";

import { renderDeviceHistoryPdf } from "@/server/traceability/device-history-pdf";
import { asBuiltRecordCsv } from "@/server/traceability/record-export";
import { routeParam } from "@/server/traceability/route-params";

import { badFormat, download, withCaller } from "@/app/api/caller-response";

const formats = ["pdf", "json", "csv"];

export async function GET(request: NextRequest, { params }: { params: Promise<{ serial: string }> }) {
  const serial = routeParam((await params).serial);
  const format = request.nextUrl.searchParams.get("format") ?? "pdf";
  if (!formats.includes(format)) return badFormat(formats);
  return withCaller(async (caller, user) => {
    const record = await caller.traceability.record({ serial });
    const base = `DHR-${record.unit.serial}`;
    if (format === "json") return download(JSON.stringify({ exportedAt: new Date().toISOString(), exportedBy: user?.name, record }, null, 2), "application/json", `${base}.json`);
    if (format === "csv") return download(asBuiltRecordCsv(record), "text/csv; charset=utf-8", `${base}.csv`);
    const pdf = await renderDeviceHistoryPdf(record, { generatedBy: user ? `${user.name} (${user.role})` : "unknown", generatedAt: new Date() });
    return download(new Uint8Array(pdf), "application/pdf", `${base}.pdf`);
  });
}
