import { and, asc, eq, inArray, or, sql } from "drizzle-orm";

import type { DbOrTx } from "@/db";
import {
  areas,
  bomLines,
  documentRevisions,
  documents,
  ecoRevisionChanges,
  ecos,
  lines,
  measurements,
  partRevisions,
  parts,
  holdBreaches,
  processSteps,
  routingOperations,
  sites,
  stations,
  units,
  workOrders,
} from "@/db/schema";
import { homeTimeZone } from "@/server/equipment/time-zones";
import { NotFoundError } from "@/server/errors";

import { compareBom } from "./bom-comparison";
import { traceBackward, traceForward } from "./genealogy";

/** Telemetry and alarms are shown for the step's window widened by this much on each side. */
const SIGNAL_PAD_MS = 2 * 60_000;
const MAX_SAMPLES_PER_METRIC = 120;

/** The unit with its part, revision, work order and line; NotFoundError for an unknown serial. */
export async function loadUnitHeader(db: DbOrTx, serial: string) {
  const [unit] = await db
    .select({
      id: units.id,
      serial: units.serial,
      status: units.status,
      startedAt: units.startedAt,
      completedAt: units.completedAt,
      needsDisposition: units.needsDisposition,
      partRevisionId: units.partRevisionId,
      partNumber: parts.partNumber,
      partName: parts.name,
      gtin: parts.gtin,
      revision: partRevisions.revision,
      revisionStatus: partRevisions.status,
      workOrder: workOrders.number,
      line: lines.code,
      lineName: lines.name,
      lineId: lines.id,
    })
    .from(units)
    .innerJoin(partRevisions, eq(partRevisions.id, units.partRevisionId))
    .innerJoin(parts, eq(parts.id, partRevisions.partId))
    .leftJoin(workOrders, eq(workOrders.id, units.workOrderId))
    .leftJoin(lines, eq(lines.id, workOrders.lineId))
    .where(eq(units.serial, serial));
  if (!unit) throw new NotFoundError(`No unit has the serial number "${serial}".`);
  return unit;
}

async function loadSteps(db: DbOrTx, unitId: number) {
  const steps = await db
    .select({
      id: processSteps.id,
      operationCode: processSteps.operationCode,
      stationId: processSteps.stationId,
      station: stations.code,
      stationName: stations.name,
      operator: processSteps.operator,
      startedAt: processSteps.startedAt,
      endedAt: processSteps.endedAt,
      result: processSteps.result,
      attempt: processSteps.attempt,
    })
    .from(processSteps)
    .innerJoin(stations, eq(stations.id, processSteps.stationId))
    .where(eq(processSteps.unitId, unitId))
    .orderBy(asc(processSteps.startedAt), asc(processSteps.id));
  const values = await db
    .select({ stepId: measurements.stepId, name: measurements.name, value: measurements.value, unit: measurements.unit, lsl: measurements.lsl, usl: measurements.usl, isPass: measurements.isPass })
    .from(measurements)
    .innerJoin(processSteps, eq(processSteps.id, measurements.stepId))
    .where(eq(processSteps.unitId, unitId))
    .orderBy(asc(measurements.id));
  const breaches = await db
    .select({ stepId: holdBreaches.stepId, kind: holdBreaches.heldKind, ref: holdBreaches.heldRef })
    .from(holdBreaches)
    .where(eq(holdBreaches.unitId, unitId))
    .orderBy(asc(holdBreaches.id));
  return steps.map((step) => ({
    ...step,
    // A repeated operation is rework: shown apart from the first-pass flow.
    isRework: step.attempt > 1,
    measurements: values.filter((m) => m.stepId === step.id).map(({ stepId: _stepId, ...m }) => m),
    /** Held material this step worked on (docs/holds.md). */
    holdBreaches: breaches.filter((b) => b.stepId === step.id).map(({ stepId: _stepId, ...b }) => b),
  }));
}

type SampleRow = {
  stepId: string;
  metric: string;
  unit: string | null;
  tsMs: number;
  value: number;
};
type AlarmRow = {
  stepId: string;
  code: string;
  severity: string;
  message: string;
  raisedMs: number;
  clearedMs: number | null;
};

/**
 * The station's own signals while the unit was on it: no system joins these
 * to the unit by itself, so we do, by station and time window.
 */
async function loadStepSignals(db: DbOrTx, unitId: number) {
  const pad = sql.raw(`interval '${SIGNAL_PAD_MS / 1000} seconds'`);
  const [samples, alarmRows] = await Promise.all([
    db.execute<SampleRow>(sql`
      select ps.id::text as "stepId", m.name as metric, m.unit, (extract(epoch from s.ts) * 1000)::float8 as "tsMs", s.value
      from process_steps ps
      cross join telemetry_metrics m
      cross join lateral (
        select t.ts, t.value from telemetry_samples t
        where t.station_id = ps.station_id and t.metric_id = m.id and t.ts between ps.started_at - ${pad} and ps.ended_at + ${pad}
        order by t.ts limit ${MAX_SAMPLES_PER_METRIC}
      ) s
      where ps.unit_id = ${unitId}
      order by ps.id, m.name, s.ts`),
    db.execute<AlarmRow>(sql`
      select ps.id::text as "stepId", a.code, a.severity, a.message, (extract(epoch from a.raised_at) * 1000)::float8 as "raisedMs", (extract(epoch from a.cleared_at) * 1000)::float8 as "clearedMs"
      from process_steps ps
      cross join lateral (
        select * from alarms a
        where a.station_id = ps.station_id and a.raised_at <= ps.ended_at + ${pad} and a.raised_at >= ps.started_at - interval '7 days'
          and (a.cleared_at is null or a.cleared_at >= ps.started_at - ${pad})
        union
        select * from alarms a
        where a.station_id = ps.station_id and a.cleared_at is null and a.raised_at <= ps.ended_at + ${pad}
      ) a
      where ps.unit_id = ${unitId}
      order by ps.id, a.raised_at`),
  ]);
  const telemetry = new Map<number, { metric: string; unit: string | null; points: { ts: Date; value: number }[] }[]>();
  for (const s of samples) {
    const stepId = Number(s.stepId);
    const series = telemetry.get(stepId) ?? [];
    let metric = series.find((x) => x.metric === s.metric);
    if (!metric) {
      metric = { metric: s.metric, unit: s.unit, points: [] };
      series.push(metric);
      telemetry.set(stepId, series);
    }
    metric.points.push({ ts: new Date(Number(s.tsMs)), value: Number(s.value) });
  }
  const alarmsByStep = new Map<number, { code: string; severity: string; message: string; raisedAt: Date; clearedAt: Date | null }[]>();
  for (const a of alarmRows) {
    const stepId = Number(a.stepId);
    alarmsByStep.set(stepId, [...(alarmsByStep.get(stepId) ?? []), { code: a.code, severity: a.severity, message: a.message, raisedAt: new Date(Number(a.raisedMs)), clearedAt: a.clearedMs === null ? null : new Date(Number(a.clearedMs)) }]);
  }
  return { telemetry, alarmsByStep };
}

async function loadDesign(db: DbOrTx, partRevisionId: number) {
  return Promise.all([
    db
      .select({ findNumber: bomLines.findNumber, partId: bomLines.childPartId, partNumber: parts.partNumber, partName: parts.name, qty: bomLines.qty, referenceDesignator: bomLines.referenceDesignator })
      .from(bomLines)
      .innerJoin(parts, eq(parts.id, bomLines.childPartId))
      .where(eq(bomLines.parentRevisionId, partRevisionId))
      .orderBy(asc(bomLines.findNumber)),
    db
      .select({
        sequence: routingOperations.sequence,
        operationCode: routingOperations.operationCode,
        description: routingOperations.description,
        station: stations.code,
        documentNumber: documents.documentNumber,
        documentTitle: documents.title,
        documentRevision: documentRevisions.revision,
        documentStatus: documentRevisions.status,
        fileName: documentRevisions.fileName,
        sha256: documentRevisions.sha256,
      })
      .from(routingOperations)
      .leftJoin(stations, eq(stations.id, routingOperations.stationId))
      .leftJoin(documentRevisions, eq(documentRevisions.id, routingOperations.workInstructionRevisionId))
      .leftJoin(documents, eq(documents.id, documentRevisions.documentId))
      .where(eq(routingOperations.partRevisionId, partRevisionId))
      .orderBy(asc(routingOperations.sequence)),
    db
      .select({
        number: ecos.number,
        title: ecos.title,
        status: ecos.status,
        effectivity: ecos.effectivity,
        effectivityValue: ecos.effectivityValue,
        releasedAt: ecos.releasedAt,
        toRevisionId: ecoRevisionChanges.toRevisionId,
      })
      .from(ecoRevisionChanges)
      .innerJoin(ecos, eq(ecos.id, ecoRevisionChanges.ecoId))
      .where(or(eq(ecoRevisionChanges.toRevisionId, partRevisionId), eq(ecoRevisionChanges.fromRevisionId, partRevisionId)))
      .orderBy(asc(ecos.number)),
  ]);
}

/** Units that contain this one now or did once (a replaced motor keeps its old pump). */
async function loadContainedIn(db: DbOrTx, unitId: number) {
  const rows = await traceForward(db, { unitId });
  return rows.map((r) => ({ serial: r.serial, partNumber: r.partNumber, revision: r.revision, status: r.status, level: r.level, isRemoved: r.isRemoved }));
}

/** Revisions of the parts installed as child units, to tell whether each was the released one when fitted. */
async function loadChildRevisions(db: DbOrTx, partNumbers: string[]) {
  if (partNumbers.length === 0) return [];
  return db
    .select({ partNumber: parts.partNumber, revision: partRevisions.revision, status: partRevisions.status, releasedAt: partRevisions.releasedAt })
    .from(partRevisions)
    .innerJoin(parts, eq(parts.id, partRevisions.partId))
    .where(and(inArray(parts.partNumber, partNumbers)));
}

/** Times of a unit show in the zone of the site it was built at (its work order's line), else the home site's. */
async function unitTimeZone(db: DbOrTx, lineId: number | null) {
  if (lineId === null) return homeTimeZone(db);
  const [row] = await db.select({ timeZone: sites.timeZone }).from(lines).innerJoin(areas, eq(areas.id, lines.areaId)).innerJoin(sites, eq(sites.id, areas.siteId)).where(eq(lines.id, lineId));
  return row?.timeZone ?? homeTimeZone(db);
}

/** A unit's whole life: how it was made, what is in it, what it was designed to be, and the thread between them. */
export async function getAsBuiltRecord(db: DbOrTx, rawSerial: string) {
  const serial = rawSerial.trim();
  const unit = await loadUnitHeader(db, serial);
  const [steps, signals, genealogy, [bom, routing, ecoRows], containedIn, timeZone] = await Promise.all([
    loadSteps(db, unit.id),
    loadStepSignals(db, unit.id),
    traceBackward(db, unit.id),
    loadDesign(db, unit.partRevisionId),
    loadContainedIn(db, unit.id),
    unitTimeZone(db, unit.lineId),
  ]);
  const childPartNumbers = [...new Set(genealogy.filter((g) => g.depth === 1 && g.childUnitId !== null).map((g) => g.partNumber))];
  const childRevisions = await loadChildRevisions(db, childPartNumbers);
  const workInstructions = new Map(routing.map((op) => [op.operationCode, op]));

  return {
    unit: { ...unit, id: unit.id },
    timeZone,
    steps: steps.map((step) => {
      const instruction = workInstructions.get(step.operationCode);
      return {
        ...step,
        workInstruction: instruction?.documentNumber ? { documentNumber: instruction.documentNumber, revision: instruction.documentRevision, status: instruction.documentStatus } : null,
        telemetry: signals.telemetry.get(step.id) ?? [],
        alarms: signals.alarmsByStep.get(step.id) ?? [],
      };
    }),
    genealogy,
    containedIn,
    bomComparison: compareBom(
      bom,
      genealogy.filter((g) => g.depth === 1),
      childRevisions,
      unit.status === "in_progress",
    ),
    routing,
    ecos: ecoRows.map(({ toRevisionId, ...eco }) => ({ ...eco, relation: toRevisionId === unit.partRevisionId ? ("introduced this revision" as const) : ("changes this revision" as const) })),
  };
}

export type AsBuiltRecord = Awaited<ReturnType<typeof getAsBuiltRecord>>;
