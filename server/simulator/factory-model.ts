import type { SqlClient } from "@/db";
import { areaDefs, revisionDefs } from "@/db/seed/factory";

export interface SimStation {
  id: number;
  code: string;
  lineCode: string;
  /** The zone of the line's site: its shifts and breaks follow it. */
  timeZone: string;
  /** `acme/hamburg/pumps/P1/P1-050`: the ISA-95 topic prefix. */
  path: string;
  position: number;
  idealCycleSeconds: number;
  metrics: { name: string; mean: number; sd: number }[];
  /** Set when the station reports through a Sparkplug B edge node. */
  sparkplug: { group: string; edge: string; device: string } | null;
}

export interface SimCharacteristic {
  name: string;
  unit: string | null;
  lsl: number | null;
  usl: number | null;
  nominal: number;
  sd: number;
}

export interface SimOperation {
  code: string;
  stationCode: string;
  failRate: number;
  characteristics: SimCharacteristic[];
  installs: { partNumber: string; qty: number }[];
}

export interface SimProduct {
  partNumber: string;
  revision: string;
  lineCode: string;
  serialPrefix: string;
  /** Next free number after the serials already in the database with this prefix. */
  nextSerial: number;
  workOrders: string[];
  routing: SimOperation[];
}

export interface SimLot {
  lotNumber: string;
  remaining: number;
}

/** A unit an earlier run (or the seed) left on the line: what it still needs is done when it is resumed. */
export interface LeftInProgress {
  serial: string;
  partNumber: string;
  /** Operations it has passed. */
  passed: string[];
  /** Attempts made so far per operation, so a resumed attempt gets a message id of its own. */
  attempts: Record<string, number>;
}

export interface FactoryModel {
  stations: SimStation[];
  products: SimProduct[];
  /** Part number → current lot, for parts tracked by lot. */
  lots: Map<string, SimLot>;
  lotSizes: Map<string, number>;
  /** Completed motors not yet installed anywhere, oldest first: the pump lines' stock. */
  motorStock: string[];
  leftInProgress: LeftInProgress[];
}

/** Simulated serials get their own prefix so they never meet the seed's (CP40-0000001 …). */
export const simulatedPrefix = (partNumber: string) => `${partNumber.replace(/-ASM$/, "").replace(/^MTR-0*/, "M0")}-S`;

const knownMetrics = new Map<string, { name: string; mean: number; sd: number }[]>(
  areaDefs.flatMap((a) => a.lines.flatMap((l) => l.stations.map((s) => [s.code, s.metrics.map((m) => ({ name: m.name, mean: m.mean, sd: m.sd }))] as const))),
);

/**
 * The plant as the database knows it: stations and their topics, Sparkplug
 * mappings, the routings and characteristics of released revisions, open
 * work orders, lots in use, motors in stock and the units left in progress. Which operation installs
 * which component is not in the schema; the demo plant's definition says so
 * where it can, otherwise the whole BOM is fitted at the first operation.
 */
/**
 * The orders each product's new units are reported against: released or in progress only, the
 * states the worker takes new units for (docs/work-orders.md). Without one, units name their part only.
 */
export async function refreshWorkOrders(sql: SqlClient, products: SimProduct[]) {
  const orders = await sql<{ number: string; partNumber: string; revision: string }[]>`
    select wo.number, p.part_number as "partNumber", pr.revision from work_orders wo
    join part_revisions pr on pr.id = wo.part_revision_id join parts p on p.id = pr.part_id
    where wo.status in ('released', 'in_progress')
    order by wo.planned_start nulls last, wo.id`;
  for (const product of products) product.workOrders = orders.filter((o) => o.partNumber === product.partNumber && o.revision === product.revision).map((o) => o.number);
}

export async function loadFactoryModel(sql: SqlClient): Promise<FactoryModel> {
  const stationRows = await sql<{ id: number; code: string; lineCode: string; timeZone: string; path: string; position: number; idealCycleSeconds: number; group: string | null; edge: string | null; device: string | null }[]>`
    select s.id, s.code, l.code as "lineCode", si.time_zone as "timeZone", si.enterprise || '/' || si.code || '/' || a.code || '/' || l.code || '/' || s.code as path,
      s.position, s.ideal_cycle_seconds as "idealCycleSeconds", m.group_id as group, m.edge_node_id as edge, m.device_id as device
    from stations s join lines l on l.id = s.line_id join areas a on a.id = l.area_id join sites si on si.id = a.site_id
    left join sparkplug_mappings m on m.station_id = s.id
    order by l.code, s.position`;
  if (!stationRows.length) throw new Error("The database holds no stations: run `npm run db:seed` first.");
  const stations: SimStation[] = stationRows.map((s) => ({
    id: s.id,
    code: s.code,
    lineCode: s.lineCode,
    timeZone: s.timeZone,
    path: s.path,
    position: s.position,
    idealCycleSeconds: s.idealCycleSeconds,
    metrics: knownMetrics.get(s.code) ?? [{ name: "load_pct", mean: 60, sd: 5 }],
    sparkplug: s.group && s.edge ? { group: s.group, edge: s.edge, device: s.device ?? s.code } : null,
  }));

  const operations = await sql<{ partNumber: string; revision: string; lineCode: string | null; code: string; stationCode: string | null; characteristics: SimCharacteristic[] | null; bom: { partNumber: string; qty: number }[] | null }[]>`
    select p.part_number as "partNumber", pr.revision, l.code as "lineCode", ro.operation_code as code, st.code as "stationCode",
      (select json_agg(json_build_object('name', oc.name, 'unit', oc.unit, 'lsl', oc.lsl, 'usl', oc.usl, 'nominal', oc.nominal) order by oc.id)
        from operation_characteristics oc where oc.routing_operation_id = ro.id) as characteristics,
      (select json_agg(json_build_object('partNumber', cp.part_number, 'qty', b.qty) order by b.find_number)
        from bom_lines b join parts cp on cp.id = b.child_part_id where b.parent_revision_id = pr.id) as bom
    from routing_operations ro join part_revisions pr on pr.id = ro.part_revision_id join parts p on p.id = pr.part_id
    left join lines l on l.id = ro.line_id left join stations st on st.id = ro.station_id
    where pr.status = 'released'
    order by p.part_number, ro.sequence`;

  const products = new Map<string, SimProduct>();
  for (const op of operations) {
    let product = products.get(op.partNumber);
    if (!product) {
      products.set(op.partNumber, (product = { partNumber: op.partNumber, revision: op.revision, lineCode: op.lineCode ?? "", serialPrefix: simulatedPrefix(op.partNumber), nextSerial: 1, workOrders: [], routing: [] }));
    }
    const def = revisionDefs[op.partNumber]?.find((r) => r.revision === op.revision)?.routing.find((r) => r.code === op.code);
    const isFirst = product.routing.length === 0;
    product.routing.push({
      code: op.code,
      stationCode: op.stationCode ?? "",
      failRate: def?.failRate ?? 0.02,
      characteristics: (op.characteristics ?? []).map((c) => {
        const nominal = c.nominal ?? (c.lsl !== null && c.usl !== null ? (Number(c.lsl) + Number(c.usl)) / 2 : Number(c.lsl ?? c.usl ?? 0));
        const spread = c.lsl !== null && c.usl !== null ? (Number(c.usl) - Number(c.lsl)) / 8 : Math.abs(nominal) * 0.05 || 1;
        const sd = def?.characteristics.find((d) => d.name === c.name)?.sd ?? spread;
        return { name: c.name, unit: c.unit, lsl: c.lsl === null ? null : Number(c.lsl), usl: c.usl === null ? null : Number(c.usl), nominal: Number(nominal), sd };
      }),
      installs: def ? def.installs : isFirst ? (op.bom ?? []).map((b) => ({ partNumber: b.partNumber, qty: Number(b.qty) })) : [],
    });
  }
  const simulated = [...products.values()].filter((p) => p.routing.every((op) => op.stationCode));

  for (const product of simulated) {
    const [max] = await sql<{ n: number | null }[]>`
      select max(substring(serial from ${product.serialPrefix.length + 1})::int) as n from units
      where serial like ${product.serialPrefix + "%"} and substring(serial from ${product.serialPrefix.length + 1}) ~ '^[0-9]+$'`;
    product.nextSerial = (max?.n ?? 0) + 1;
  }
  await refreshWorkOrders(sql, simulated);

  const lotRows = await sql<{ partNumber: string; lotNumber: string; qty: number | null }[]>`
    select distinct on (p.part_number) p.part_number as "partNumber", ml.lot_number as "lotNumber", ml.qty::float8 as qty
    from material_lots ml join parts p on p.id = ml.part_id where ml.status = 'available'
    order by p.part_number, ml.id desc`;
  const lots = new Map(lotRows.map((l) => [l.partNumber, { lotNumber: l.lotNumber, remaining: Math.max(10, Math.round((l.qty ?? 500) / 3)) }]));
  const lotSizes = new Map(lotRows.map((l) => [l.partNumber, Math.round(l.qty ?? 500)]));

  const motors = await sql<{ serial: string }[]>`
    select u.serial from units u join part_revisions pr on pr.id = u.part_revision_id join parts p on p.id = pr.part_id
    where p.part_number = 'MTR-075' and u.status = 'complete'
      and not exists (select 1 from component_installs ci where ci.child_unit_id = u.id)
    order by u.completed_at limit 2000`;

  const left = await sql<{ serial: string; partNumber: string; steps: { op: string; result: string }[] }[]>`
    select u.serial, p.part_number as "partNumber",
      coalesce(json_agg(json_build_object('op', s.operation_code, 'result', s.result) order by s.id) filter (where s.id is not null), '[]') as steps
    from units u join part_revisions pr on pr.id = u.part_revision_id join parts p on p.id = pr.part_id
    left join process_steps s on s.unit_id = u.id
    where u.status = 'in_progress' and p.part_number = any(${sql.array(simulated.map((p) => p.partNumber))}::text[])
    group by u.id, p.part_number order by u.started_at, u.id`;
  const leftInProgress = left.map((u) => ({
    serial: u.serial,
    partNumber: u.partNumber,
    passed: u.steps.filter((s) => s.result === "PASS").map((s) => s.op),
    attempts: u.steps.reduce<Record<string, number>>((a, s) => ({ ...a, [s.op]: (a[s.op] ?? 0) + 1 }), {}),
  }));
  return { stations, products: simulated, lots, lotSizes, motorStock: motors.map((m) => m.serial), leftInProgress };
}
