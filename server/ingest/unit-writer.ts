import type postgres from "postgres";

import { ValidationError } from "@/server/errors";

import type { UnitPayload } from "./payloads";

type Tx = postgres.TransactionSql;

export interface UnitResultOutcome {
  isDuplicate: boolean;
  unitId: number | null;
}

async function partOf(tx: Tx, partNumber: string): Promise<{ partId: number; revisionId: number | null }> {
  const [row] = await tx<{ partId: number; revisionId: number | null }[]>`
    select p.id as "partId",
      (select pr.id from part_revisions pr where pr.part_id = p.id and pr.status = 'released'
        order by pr.released_at desc nulls last, pr.id desc limit 1) as "revisionId"
    from parts p where p.part_number = ${partNumber}`;
  if (!row) throw new ValidationError(`part number ${partNumber} is unknown`);
  return row;
}

async function releasedRevisionOf(tx: Tx, partNumber: string): Promise<number> {
  const { revisionId } = await partOf(tx, partNumber);
  if (revisionId === null) throw new ValidationError(`part number ${partNumber} has no released revision`);
  return revisionId;
}

async function findOrCreateUnit(tx: Tx, unit: UnitPayload) {
  const [existing] = await tx<{ id: number; partRevisionId: number; status: string }[]>`
    select id, part_revision_id as "partRevisionId", status from units where serial = ${unit.serial} for update`;
  if (existing) return existing;

  let revisionId: number;
  let workOrderId: number | null = null;
  if (unit.workOrder) {
    const [wo] = await tx<{ id: number; partRevisionId: number; partNumber: string }[]>`
      select wo.id, wo.part_revision_id as "partRevisionId", p.part_number as "partNumber"
      from work_orders wo join part_revisions pr on pr.id = wo.part_revision_id join parts p on p.id = pr.part_id
      where wo.number = ${unit.workOrder}`;
    if (!wo) throw new ValidationError(`work order ${unit.workOrder} is unknown`);
    if (unit.partNumber && unit.partNumber !== wo.partNumber) {
      throw new ValidationError(`work order ${unit.workOrder} builds ${wo.partNumber}, not ${unit.partNumber}`);
    }
    revisionId = wo.partRevisionId;
    workOrderId = wo.id;
  } else if (unit.partNumber) {
    revisionId = await releasedRevisionOf(tx, unit.partNumber);
  } else {
    throw new ValidationError(`unit ${unit.serial} is not known yet: its first message must name partNumber or workOrder`);
  }
  await tx`
    insert into units (serial, part_revision_id, work_order_id, status, started_at)
    values (${unit.serial}, ${revisionId}, ${workOrderId}, 'in_progress', ${unit.startedAt ?? unit.ts})
    on conflict (serial) do nothing`;
  const [created] = await tx<{ id: number; partRevisionId: number; status: string }[]>`
    select id, part_revision_id as "partRevisionId", status from units where serial = ${unit.serial} for update`;
  if (!created) throw new Error(`unit ${unit.serial} vanished while it was being created`);
  return created;
}

/**
 * One `unit` message: the unit (created on first sight), its process step with
 * the attempt counted per unit and operation, measurements against their
 * limits, and component installs, all in the caller's transaction. A message
 * whose key was seen before changes nothing.
 */
export async function recordUnitResult(tx: Tx, stationId: number, unit: UnitPayload, messageKey: string): Promise<UnitResultOutcome> {
  const [seen] = await tx`select 1 from process_steps where message_id = ${messageKey}`;
  if (seen) return { isDuplicate: true, unitId: null };

  // The row lock on the unit serialises attempt numbering across workers.
  const target = await findOrCreateUnit(tx, unit);
  const [step] = await tx<{ id: number }[]>`
    insert into process_steps (unit_id, operation_code, station_id, operator, started_at, ended_at, result, attempt, message_id)
    values (${target.id}, ${unit.operation}, ${stationId}, ${unit.operator ?? null}, ${unit.startedAt ?? unit.ts}, ${unit.ts}, ${unit.result},
      (select coalesce(max(attempt), 0) + 1 from process_steps where unit_id = ${target.id} and operation_code = ${unit.operation}),
      ${messageKey})
    on conflict (message_id) do nothing
    returning id`;
  if (!step) return { isDuplicate: true, unitId: target.id };

  const routing = await tx<{ sequence: number; operationCode: string; isLast: boolean }[]>`
    select sequence, operation_code as "operationCode", sequence = max(sequence) over () as "isLast"
    from routing_operations where part_revision_id = ${target.partRevisionId}`;
  const operation = routing.find((r) => r.operationCode === unit.operation);

  if (unit.measurements?.length) {
    const limits = new Map<string, { lsl: number | null; usl: number | null; unit: string | null }>();
    if (operation) {
      const rows = await tx<{ name: string; lsl: string | null; usl: string | null; unit: string | null }[]>`
        select oc.name, oc.lsl, oc.usl, oc.unit from operation_characteristics oc
        join routing_operations ro on ro.id = oc.routing_operation_id
        where ro.part_revision_id = ${target.partRevisionId} and ro.operation_code = ${unit.operation}`;
      for (const r of rows) limits.set(r.name, { lsl: r.lsl === null ? null : Number(r.lsl), usl: r.usl === null ? null : Number(r.usl), unit: r.unit });
    }
    const rows = unit.measurements.map((m) => {
      const spec = limits.get(m.name);
      const lsl = m.lsl ?? spec?.lsl ?? null;
      const usl = m.usl ?? spec?.usl ?? null;
      const isPass = (lsl === null || m.value >= lsl) && (usl === null || m.value <= usl);
      return { name: m.name, value: m.value, unit: m.unit ?? spec?.unit ?? null, lsl, usl, isPass };
    });
    await tx`
      insert into measurements (step_id, name, value, unit, lsl, usl, is_pass)
      select ${step.id}, * from unnest(
        ${tx.array(rows.map((r) => r.name))}::text[], ${tx.array(rows.map((r) => r.value))}::float8[],
        ${tx.array(rows.map((r) => r.unit))}::text[], ${tx.array(rows.map((r) => r.lsl))}::float8[],
        ${tx.array(rows.map((r) => r.usl))}::float8[], ${tx.array(rows.map((r) => r.isPass))}::bool[])`;
  }

  for (const component of unit.components ?? []) {
    // Lot-tracked parts need no released revision; a serialised child unit created here does.
    const part = component.serial
      ? { partId: (await partOf(tx, component.partNumber)).partId, revisionId: await releasedRevisionOf(tx, component.partNumber) }
      : await partOf(tx, component.partNumber);
    let childUnitId: number | null = null;
    let lotId: number | null = null;
    if (component.serial) {
      await tx`
        insert into units (serial, part_revision_id, status, started_at, completed_at)
        values (${component.serial}, ${part.revisionId}, 'complete', ${unit.ts}, ${unit.ts})
        on conflict (serial) do nothing`;
      const [child] = await tx<{ id: number }[]>`select id from units where serial = ${component.serial}`;
      childUnitId = child?.id ?? null;
    } else if (component.lot) {
      await tx`
        insert into material_lots (lot_number, part_id) values (${component.lot}, ${part.partId})
        on conflict (lot_number) do nothing`;
      const [lot] = await tx<{ id: number }[]>`select id from material_lots where lot_number = ${component.lot}`;
      lotId = lot?.id ?? null;
    }
    await tx`
      insert into component_installs (parent_unit_id, part_id, child_unit_id, material_lot_id, qty, step_id, installed_at)
      values (${target.id}, ${part.partId}, ${childUnitId}, ${lotId}, ${component.qty ?? 1}, ${step.id}, ${unit.ts})`;
  }

  if (unit.result === "SCRAP" && target.status !== "scrapped") {
    await tx`update units set status = 'scrapped', completed_at = ${unit.ts} where id = ${target.id}`;
  } else if (unit.result === "PASS" && operation?.isLast && target.status === "in_progress") {
    await tx`update units set status = 'complete', completed_at = ${unit.ts} where id = ${target.id}`;
  }
  return { isDuplicate: false, unitId: target.id };
}
