import { TRPCError } from "@trpc/server";
import type { NextRequest } from "next/server";
import { createLoader, parseAsInteger, parseAsString, parseAsStringLiteral } from "nuqs/server";

import { loadKpiSearchParams, toKpiInput } from "@/components/kpis/search-params";
import { createRequestContext } from "@/server/api/context";
import { createCaller } from "@/server/api/root";
import { DomainError } from "@/server/errors";
import { lossStates, unitRecordKinds } from "@/server/kpis/constants";
import { toCsv } from "@/server/kpis/csv";
import { EXPORT_LIMIT, listKpiDowntime, listKpiUnits } from "@/server/kpis/records";

const tables = ["summary", "trend", "lines", "pareto-operations", "pareto-downtime", "pareto-measurements", "units", "downtime", "ecrs", "spc"] as const;
const loadExport = createLoader({
  table: parseAsStringLiteral(tables),
  kind: parseAsStringLiteral(unitRecordKinds),
  state: parseAsStringLiteral(lossStates),
  operation: parseAsString,
  characteristic: parseAsString,
  limit: parseAsInteger,
});

const percent = (v: number | null) => (v === null ? null : Math.round(v * 1e6) / 1e6);

/** CSV of any KPI table, for the same filter as the page; the same role checks as the procedures behind it. */
export async function GET(request: NextRequest) {
  const ctx = await createRequestContext();
  if (!ctx.user) return new Response("Sign in to export.", { status: 401 });
  const caller = createCaller(ctx);
  const params = request.nextUrl.searchParams;
  const filter = toKpiInput(loadKpiSearchParams(params));
  const extra = loadExport(params);
  if (!extra.table) return new Response(`Choose a table: ${tables.join(", ")}.`, { status: 400 });

  try {
    let csv: string;
    switch (extra.table) {
      case "summary": {
        const { figures: f } = await caller.kpis.summary(filter);
        const rows = Object.entries(f).filter((e): e is [string, number | null] => e[0] !== "counts");
        csv = toCsv([...rows, ...Object.entries(f.counts)], [["kpi", (r) => r[0]], ["value", (r) => r[1]]]);
        break;
      }
      case "trend": {
        const { points } = await caller.kpis.trend(filter);
        csv = toCsv(points, [["bucket_start", (p) => p.at], ["first_pass_yield", (p) => percent(p.firstPassYield)], ["oee", (p) => percent(p.oee)], ["availability", (p) => percent(p.availability)], ["performance", (p) => percent(p.performance)], ["quality", (p) => percent(p.quality)], ["scrap_ratio", (p) => percent(p.scrapRatio)], ["throughput_per_hour", (p) => p.throughput], ["good", (p) => p.good]]);
        break;
      }
      case "lines": {
        const rows = await caller.kpis.lines(filter);
        csv = toCsv(rows, [["line", (r) => r.code], ["first_pass_yield", (r) => percent(r.firstPassYield)], ["rolled_throughput_yield", (r) => percent(r.rolledThroughputYield)], ["oee", (r) => percent(r.oee)], ["availability", (r) => percent(r.availability)], ["performance", (r) => percent(r.performance)], ["quality", (r) => percent(r.quality)], ["scrap_ratio", (r) => percent(r.scrapRatio)], ["rework_ratio", (r) => percent(r.reworkRatio)], ["mtbf_s", (r) => r.mtbf], ["mttr_s", (r) => r.mttr], ["throughput_per_hour", (r) => r.throughput], ["units_finished", (r) => r.counts.produced], ["good", (r) => r.counts.good]]);
        break;
      }
      case "pareto-operations":
      case "pareto-downtime":
      case "pareto-measurements": {
        const paretos = await caller.kpis.paretos(filter);
        const rows = extra.table === "pareto-operations" ? paretos.operations : extra.table === "pareto-downtime" ? paretos.downtime : paretos.measurements;
        csv = toCsv<{ label: string; value: number; cumulativeShare: number }>(rows, [["item", (r) => r.label], [extra.table === "pareto-downtime" ? "down_seconds" : "count", (r) => r.value], ["cumulative_share", (r) => percent(r.cumulativeShare)]]);
        break;
      }
      case "units": {
        // Same access as kpis.units (every signed-in user), without its page size.
        const list = await listKpiUnits(ctx.db, filter, extra.kind ?? "first-pass-failures", 1, new Date(), EXPORT_LIMIT);
        csv = toCsv(list.rows, [["serial", (r) => r.serial], ["part_number", (r) => r.partNumber], ["revision", (r) => r.revision], ["line", (r) => r.lineCode], ["operation", (r) => r.operationCode], ["station", (r) => r.stationCode], ["result", (r) => r.result], ["attempt", (r) => r.attempt], ["at", (r) => r.at], ["unit_status", (r) => r.status]]);
        break;
      }
      case "downtime": {
        const list = await listKpiDowntime(ctx.db, filter, extra.state ? [extra.state] : lossStates, 1, new Date(), EXPORT_LIMIT);
        csv = toCsv(list.rows, [["line", (r) => r.lineCode], ["station", (r) => r.stationCode], ["state", (r) => r.state], ["started_at", (r) => r.startedAt], ["ended_at", (r) => r.endedAt], ["seconds_in_window", (r) => Math.round(r.seconds * 1000) / 1000], ["reason", (r) => r.reason]]);
        break;
      }
      case "ecrs": {
        const { items } = await caller.kpis.ecrCycleTimes(filter);
        csv = toCsv(items, [["ecr", (i) => i.ecrNumber], ["title", (i) => i.title], ["eco", (i) => i.ecoNumber], ["submitted_at", (i) => i.submittedAt], ["released_at", (i) => i.releasedAt], ["cycle_days", (i) => Math.round(i.days * 10000) / 10000]]);
        break;
      }
      case "spc": {
        const chart = await caller.kpis.spcChart({ window: filter.window, from: filter.from, to: filter.to, part: filter.part ?? "", operation: extra.operation ?? "", characteristic: extra.characteristic ?? "", limit: extra.limit ?? undefined });
        csv = toCsv(chart.points, [["index", (p) => p.index], ["at", (p) => p.at], ["serial", (p) => p.serial], ["step_id", (p) => p.stepId], ["station", (p) => p.stationCode], ["value", (p) => p.value], ["moving_range", (p) => p.movingRange], ["mean", () => chart.mean], ["ucl", () => chart.ucl], ["lcl", () => chart.lcl], ["lsl", () => chart.spec.lsl], ["usl", () => chart.spec.usl], ["rules_broken", (p) => p.violations.join(" ")]]);
        break;
      }
    }
    return new Response(csv, { headers: { "content-type": "text/csv; charset=utf-8", "content-disposition": `attachment; filename="kpi-${extra.table}${extra.kind ? `-${extra.kind}` : ""}.csv"` } });
  } catch (error) {
    if (error instanceof TRPCError && error.code !== "INTERNAL_SERVER_ERROR") {
      const status = { BAD_REQUEST: 400, UNAUTHORIZED: 401, FORBIDDEN: 403, NOT_FOUND: 404 }[error.code as string] ?? 400;
      return new Response(error.message, { status });
    }
    if (error instanceof DomainError) return new Response(error.message, { status: 400 });
    throw error;
  }
}
