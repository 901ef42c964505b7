import { sql } from "drizzle-orm";
import { z } from "zod";

import type { DbOrTx } from "@/db";
import { NotFoundError, ValidationError } from "@/server/errors";
import { text } from "@/server/input";

import { resolveScope } from "./scope";
import { individualsChart } from "./spc";
import { pgArray } from "./sql-array";
import { kpiFilterInput } from "./windows";

const code = text(80).trim().min(1);

export const spcCharacteristicsInput = z.object({ part: code });

export const spcChartInput = kpiFilterInput.pick({ window: true, from: true, to: true }).extend({
  part: code,
  operation: code,
  characteristic: code,
  /** The most recent measurements in the window, at most this many. */
  limit: z.number().int().min(10).max(2000).default(250),
});
export type SpcChartInput = z.input<typeof spcChartInput>;

/** Characteristics the part's routings measure, with their specification limits (latest revision first). */
export async function listSpcCharacteristics(db: DbOrTx, partNumber: string) {
  const rows = await db.execute<{ operation_code: string; description: string; name: string; unit: string | null; lsl: number | null; usl: number | null }>(sql`
    select distinct on (ro.operation_code, oc.name) ro.operation_code, ro.description, oc.name, oc.unit, oc.lsl::float8 as lsl, oc.usl::float8 as usl
    from parts p
    join part_revisions pr on pr.part_id = p.id
    join routing_operations ro on ro.part_revision_id = pr.id
    join operation_characteristics oc on oc.routing_operation_id = ro.id
    where p.part_number = ${partNumber}
    order by ro.operation_code, oc.name, pr.id desc`);
  return rows.map((r) => ({ operationCode: r.operation_code, operationDescription: r.description, name: r.name, unit: r.unit, lsl: r.lsl, usl: r.usl }));
}

/** An individuals / moving-range chart of one characteristic of a part at one operation. */
export async function getSpcChart(db: DbOrTx, rawInput: SpcChartInput, now = new Date()) {
  const input = spcChartInput.parse(rawInput);
  const scope = await resolveScope(db, { window: input.window, from: input.from, to: input.to, part: input.part }, now);
  const characteristics = await listSpcCharacteristics(db, input.part);
  const characteristic = characteristics.find((c) => c.operationCode === input.operation && c.name === input.characteristic);
  if (!characteristic) throw new NotFoundError(`${input.part} has no characteristic "${input.characteristic}" at ${input.operation}.`);
  const revisionIds = scope.partRevisionIds ?? [];
  if (revisionIds.length === 0) throw new ValidationError(`${input.part} has no revisions.`);

  // Steps are found through the stations the routing names, so the (station, ended_at) index does the work.
  const rows = await db.execute<{ value: number; lsl: number | null; usl: number | null; is_pass: boolean; step_id: number; ended_at: string | Date; serial: string; station_code: string }>(sql`
    select m.value, m.lsl, m.usl, m.is_pass, s.id as step_id, s.ended_at, u.serial, st.code as station_code
    from process_steps s
    join units u on u.id = s.unit_id
    join measurements m on m.step_id = s.id and m.name = ${input.characteristic}
    join stations st on st.id = s.station_id
    where s.station_id in (
        select ro.station_id from routing_operations ro
        where ro.part_revision_id = any(${pgArray(revisionIds)}::int[]) and ro.operation_code = ${input.operation} and ro.station_id is not null)
      and s.operation_code = ${input.operation}
      and u.part_revision_id = any(${pgArray(revisionIds)}::int[])
      and s.ended_at >= ${scope.window.from.toISOString()}::timestamptz and s.ended_at < ${scope.window.to.toISOString()}::timestamptz
    order by s.ended_at desc, s.id desc
    limit ${input.limit}`);
  const samples = rows.reverse();
  const latest = samples[samples.length - 1];
  const spec = { lsl: latest?.lsl ?? characteristic.lsl, usl: latest?.usl ?? characteristic.usl };
  const chart = individualsChart(samples.map((s) => s.value), spec);
  return {
    part: input.part,
    operation: input.operation,
    characteristic: { name: characteristic.name, unit: characteristic.unit, description: characteristic.operationDescription },
    window: { from: scope.window.from, to: scope.window.to, label: scope.window.label, timeZone: scope.window.timeZone },
    spec,
    n: chart.n,
    mean: chart.mean,
    mrBar: chart.mrBar,
    sigma: chart.sigma,
    ucl: chart.ucl,
    lcl: chart.lcl,
    mrUcl: chart.mrUcl,
    capability: chart.capability,
    points: samples.map((s, i) => ({
      index: i + 1,
      at: new Date(s.ended_at),
      value: s.value,
      movingRange: chart.movingRanges[i] ?? null,
      serial: s.serial,
      stepId: Number(s.step_id),
      stationCode: s.station_code,
      isPass: s.is_pass,
      violations: chart.violations[i] ?? [],
    })),
  };
}
