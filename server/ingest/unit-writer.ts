import type postgres from "postgres";

import { ValidationError } from "@/server/errors";
import { holdAlarmCode } from "@/server/traceability/hold-alarms";

import { emitAlarmEvent } from "./alarm-events";
import type { UnitPayload } from "./payloads";

type Tx = postgres.TransactionSql;

export interface UnitResultOutcome {
  isDuplicate: boolean;
  unitId: number | null;
  /** The work order this message's new unit moved from released to in progress, for the caller to audit. */
  startedWorkOrder: string | null;
  /** Held units and lots this step touched (docs/holds.md): flagged and alarmed, the step stored all the same. */
  breaches: HoldBreach[];
}

export interface HoldBreach {
  kind: "unit" | "component" | "lot";
  ref: string;
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

/**
 * Why a new unit may not be reported against an order in this state (docs/work-orders.md).
 * Released and in-progress orders take new units; the rest are refused, and the message
 * waits in dead letters with its bytes, to be republished once the order takes units.
 */
const refusedStatuses: Record<string, string> = {
  planned: "is planned, not released: new units are taken once a planner releases it",
  on_hold: "is on hold: new units are taken once it is resumed",
  completed: "is completed: units can no longer be reported against it",
  closed: "is closed: units can no longer be reported against it",
  cancelled: "is cancelled: units can no longer be reported against it",
};

interface FoundUnit {
  id: number;
  partRevisionId: number;
  status: string;
}

/** The unit of a message, created on first sight; a work order it starts goes from released to in progress. */
async function findOrCreateUnit(tx: Tx, unit: UnitPayload): Promise<{ unit: FoundUnit; startedWorkOrder: string | null }> {
  const [existing] = await tx<FoundUnit[]>`
    select id, part_revision_id as "partRevisionId", status from units where serial = ${unit.serial} for update`;
  // Steps of a unit that exists are always stored, whatever its order's state: losing them would lose the unit's history.
  if (existing) return { unit: existing, startedWorkOrder: null };

  let revisionId: number;
  let workOrder: { id: number; status: string } | null = null;
  if (unit.workOrder) {
    // Key share: a planner's hold or close waits for this batch, and this batch sees a hold already committed.
    const [wo] = await tx<{ id: number; partRevisionId: number; partNumber: string; status: string; serialPrefix: string | null }[]>`
      select wo.id, wo.part_revision_id as "partRevisionId", p.part_number as "partNumber", wo.status, wo.serial_prefix as "serialPrefix"
      from work_orders wo join part_revisions pr on pr.id = wo.part_revision_id join parts p on p.id = pr.part_id
      where wo.number = ${unit.workOrder}
      for key share of wo`;
    if (!wo) throw new ValidationError(`work order ${unit.workOrder} is unknown`);
    if (unit.partNumber && unit.partNumber !== wo.partNumber) {
      throw new ValidationError(`work order ${unit.workOrder} builds ${wo.partNumber}, not ${unit.partNumber}`);
    }
    const refusal = refusedStatuses[wo.status];
    if (refusal) throw new ValidationError(`work order ${unit.workOrder} ${refusal}`);
    if (wo.serialPrefix !== null && !unit.serial.startsWith(wo.serialPrefix)) {
      throw new ValidationError(`serial ${unit.serial} does not start with ${wo.serialPrefix}, the serial prefix of work order ${unit.workOrder}`);
    }
    revisionId = wo.partRevisionId;
    workOrder = wo;
  } else if (unit.partNumber) {
    revisionId = await releasedRevisionOf(tx, unit.partNumber);
  } else {
    throw new ValidationError(`unit ${unit.serial} is not known yet: its first message must name partNumber or workOrder`);
  }
  await tx`
    insert into units (serial, part_revision_id, work_order_id, status, started_at)
    values (${unit.serial}, ${revisionId}, ${workOrder?.id ?? null}, 'in_progress', ${unit.startedAt ?? unit.ts})
    on conflict (serial) do nothing`;
  const [created] = await tx<FoundUnit[]>`
    select id, part_revision_id as "partRevisionId", status from units where serial = ${unit.serial} for update`;
  if (!created) throw new Error(`unit ${unit.serial} vanished while it was being created`);
  let startedWorkOrder: string | null = null;
  if (workOrder?.status === "released") {
    const started = await tx`update work_orders set status = 'in_progress' where id = ${workOrder.id} and status = 'released'`;
    if (started.count > 0) startedWorkOrder = unit.workOrder ?? null;
  }
  return { unit: created, startedWorkOrder };
}

/**
 * One `unit` message: the unit (created on first sight), its process step with
 * the attempt counted per unit and operation, measurements against their
 * limits, and component installs, all in the caller's transaction. A message
 * whose key was seen before changes nothing.
 */
export async function recordUnitResult(tx: Tx, stationId: number, unit: UnitPayload, messageKey: string): Promise<UnitResultOutcome> {
  const [seen] = await tx`select 1 from process_steps where message_id = ${messageKey}`;
  if (seen) return { isDuplicate: true, unitId: null, startedWorkOrder: null, breaches: [] };

  // The row lock on the unit serialises attempt numbering across workers.
  const { unit: target, startedWorkOrder } = await findOrCreateUnit(tx, unit);
  const [step] = await tx<{ id: number }[]>`
    insert into process_steps (unit_id, operation_code, station_id, operator, started_at, ended_at, result, attempt, message_id)
    values (${target.id}, ${unit.operation}, ${stationId}, ${unit.operator ?? null}, ${unit.startedAt ?? unit.ts}, ${unit.ts}, ${unit.result},
      (select coalesce(max(attempt), 0) + 1 from process_steps where unit_id = ${target.id} and operation_code = ${unit.operation}),
      ${messageKey})
    on conflict (message_id) do nothing
    returning id`;
  if (!step) return { isDuplicate: true, unitId: target.id, startedWorkOrder, breaches: [] };

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

  const breaches: HoldBreach[] = target.status === "on_hold" ? [{ kind: "unit", ref: unit.serial }] : [];
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
      const [child] = await tx<{ id: number; status: string }[]>`select id, status from units where serial = ${component.serial}`;
      childUnitId = child?.id ?? null;
      if (child?.status === "on_hold") breaches.push({ kind: "component", ref: component.serial });
    } else if (component.lot) {
      await tx`
        insert into material_lots (lot_number, part_id) values (${component.lot}, ${part.partId})
        on conflict (lot_number) do nothing`;
      const [lot] = await tx<{ id: number; status: string }[]>`select id, status from material_lots where lot_number = ${component.lot}`;
      lotId = lot?.id ?? null;
      if (lot?.status === "on_hold") breaches.push({ kind: "lot", ref: component.lot });
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
  await flagBreaches(tx, { stepId: step.id, unitId: target.id, stationId, serial: unit.serial, operation: unit.operation, at: unit.ts }, breaches);
  return { isDuplicate: false, unitId: target.id, startedWorkOrder, breaches };
}

const breachMessages: Record<HoldBreach["kind"], (b: HoldBreach, serial: string, operation: string) => string> = {
  unit: (b, _serial, operation) => `Unit ${b.ref} is on hold but was processed at ${operation}: quality must disposition it`,
  component: (b, serial, operation) => `Component ${b.ref} is on hold but was installed in ${serial} at ${operation}: quality must disposition it`,
  lot: (b, serial, operation) => `Lot ${b.ref} is on hold but was consumed by ${serial} at ${operation}: quality must disposition it`,
};

async function flagBreaches(tx: Tx, step: { stepId: number; unitId: number; stationId: number; serial: string; operation: string; at: string }, breaches: HoldBreach[]) {
  for (const breach of breaches) {
    await tx`
      insert into hold_breaches (step_id, unit_id, station_id, held_kind, held_ref, detected_at)
      values (${step.stepId}, ${step.unitId}, ${step.stationId}, ${breach.kind}, ${breach.ref}, ${step.at})`;
    const alarm = { code: holdAlarmCode(breach.ref), severity: "critical", message: breachMessages[breach.kind](breach, step.serial, step.operation), active: true };
    const raised = await tx<{ id: string }[]>`
      insert into alarms (station_id, code, severity, message, raised_at)
      select ${step.stationId}, ${alarm.code}, ${alarm.severity}, ${alarm.message}, ${step.at}
      where not exists (select 1 from alarms where station_id = ${step.stationId} and code = ${alarm.code} and cleared_at is null)
      on conflict do nothing
      returning id::text`;
    for (const { id } of raised) await emitAlarmEvent(tx, "alarm.raised", id, step.stationId, alarm, new Date(step.at));
  }
}
