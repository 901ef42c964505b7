import type { AsBuiltRecord } from "./as-built-record";
import { toCsv } from "./csv";
import type { WhereUsedUnit } from "./genealogy";

/** The record as one flat table: a row per measurement (or per step without any), then a row per installed component. */
export function asBuiltRecordCsv(record: AsBuiltRecord) {
  const { unit } = record;
  const header = ["serial", "part_number", "revision", "section", "operation", "station", "operator", "started_at", "ended_at", "result", "attempt", "characteristic", "value", "unit", "lsl", "usl", "pass", "level", "component_part", "component_serial", "lot", "supplier", "qty", "installed_at", "removed_at", "removal_reason"];
  const base = [unit.serial, unit.partNumber, unit.revision];
  const rows = [
    ...record.steps.flatMap((s) => {
      const step = [s.operationCode, s.station, s.operator, s.startedAt, s.endedAt, s.result, s.attempt];
      if (s.measurements.length === 0) return [[...base, "step", ...step]];
      return s.measurements.map((m) => [...base, "measurement", ...step, m.name, m.value, m.unit, m.lsl, m.usl, m.isPass]);
    }),
    ...record.genealogy.map((g) => [...base, "component", g.operationCode, null, null, null, null, null, null, null, null, null, null, null, null, g.depth, g.partNumber, g.childSerial, g.lotNumber, g.supplier, g.qty, g.installedAt, g.removedAt, g.removalReason]),
  ];
  return toCsv(header, rows);
}

export function whereUsedCsv(origin: string, rows: WhereUsedUnit[]) {
  return toCsv(
    ["origin", "serial", "part_number", "revision", "status", "level", "finished_product", "contains_now", "work_order", "completed_at"],
    rows.map((r) => [origin, r.serial, r.partNumber, r.revision, r.status, r.level, r.isTopLevel && !r.isRemoved, !r.isRemoved, r.workOrder, r.completedAt]),
  );
}
