import type { NextRequest } from "next/server";

import { whereUsedCsv } from "@/server/traceability/record-export";

import { badFormat, download, withCaller } from "@/app/api/caller-response";

const formats = ["csv", "json"];

export async function GET(request: NextRequest) {
  const search = request.nextUrl.searchParams;
  const format = search.get("format") ?? "csv";
  if (!formats.includes(format)) return badFormat(formats);
  const lot = search.get("lot");
  const serial = search.get("serial");
  if (!lot && !serial) return new Response("Say which lot (?lot=) or component serial (?serial=) to trace.", { status: 400 });
  const origin = lot ? { lotNumber: lot } : { serial: serial ?? "" };
  return withCaller(async (caller) => {
    const { origin: info, rows } = await caller.traceability.whereUsedAll({ origin });
    const base = `where-used-${info.label}`;
    if (format === "json") return download(JSON.stringify({ exportedAt: new Date().toISOString(), origin: info, units: rows }, null, 2), "application/json", `${base}.json`);
    return download(whereUsedCsv(info.label, rows), "text/csv; charset=utf-8", `${base}.csv`);
  });
}
