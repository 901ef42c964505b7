import type { SqlClient } from "../index";
import { copyRows, row } from "./copy";
import { areaDefs, enterprise, lineDefs, operatorNames, partDefs, revisionDefs, type OperationDef, type RevisionDef } from "./factory";
import type { MasterData } from "./master-data";
import { actualCycleSeconds, buildLineTimeline, linePaceSeconds, type TimelineSegment } from "./plant-operation";
import type { Random } from "./random";

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const WORK_ORDER_SIZE = 250;
const CHUNK_UNITS = 4000;

export interface ProductionPlan {
  now: Date;
  spanDays: number;
  /** When CP40-ASM rev B took over from rev A. */
  cp40RevBFrom: Date;
  onProgress: (message: string) => void;
}

export interface ProductionResult {
  suspectLotNumber: string | null;
  heldUnits: number;
  /** Per line, what it did when: the shop-floor history follows it. */
  timelines: Map<string, TimelineSegment[]>;
}

/**
 * A line's running clock: units flow through it at its pace while it runs,
 * and stand still while it is stopped. Maps running time to wall time.
 */
class RunningClock {
  private readonly runs: { start: number; end: number; offset: number }[] = [];
  readonly total: number;

  constructor(segments: TimelineSegment[]) {
    let offset = 0;
    for (const s of segments) {
      if (s.stop) continue;
      this.runs.push({ start: s.start, end: s.end, offset });
      offset += s.end - s.start;
    }
    this.total = offset;
  }

  /** Wall time at running time `tau`; a start lands at the beginning of the run that follows a stop. */
  wall(tau: number, isEnd: boolean) {
    if (tau > this.total || (!isEnd && tau === this.total)) return Infinity;
    let lo = 0;
    let hi = this.runs.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      const run = this.runs[mid]!;
      const runEnd = run.offset + run.end - run.start;
      if (isEnd ? runEnd < tau : runEnd <= tau) lo = mid + 1;
      else hi = mid;
    }
    const run = this.runs[lo]!;
    return run.start + tau - run.offset;
  }
}

const lineStations = new Map(lineDefs.map((l) => [l.code, l.stations]));

const stationCycles = new Map<string, number>(areaDefs.flatMap((a) => a.lines.flatMap((l) => l.stations.map((s) => [s.code, s.idealCycleSeconds] as const))));
const serialPrefixes = new Map(partDefs.map((p) => [p.partNumber, p.serialPrefix]));
const lotSizes = new Map(partDefs.filter((p) => p.lotSize).map((p) => [p.partNumber, p.lotSize!]));
const suppliers = new Map(partDefs.map((p) => [p.partNumber, p.supplier ?? null]));

/**
 * Generates the as-built history: motors built on M1, pumps on P1 (CP-40) and
 * P2 (CP-60), each line at its pace while it runs (db/seed/plant-operation.ts),
 * with first-pass failures, rework, scrap, motor replacements, lot
 * consumption and a suspect controller-board lot whose pumps are on hold.
 * Motors come from M1's output, oldest first. Streams chunks through COPY so
 * a million units stay within memory.
 */
export async function seedProduction(sql: SqlClient, master: MasterData, random: Random, plan: ProductionPlan): Promise<ProductionResult> {
  const endAt = plan.now.getTime();
  const spanMs = plan.spanDays * 24 * HOUR;
  const startAt = endAt - spanMs;
  // The motor line starts ahead of the pump lines, so there are motors in stock when they need the first.
  const motorsFrom = startAt - Math.min(8 * HOUR, spanMs * 0.3);
  const timelines = new Map<string, TimelineSegment[]>();
  for (const [code, stations] of lineStations) {
    timelines.set(code, buildLineTimeline(code, stations.length, code === "M1" ? motorsFrom : startAt, endAt, enterprise.site.timeZone, random.next));
  }
  const clocks = new Map([...timelines].map(([code, segments]) => [code, new RunningClock(segments)]));
  const paces = new Map([...lineStations].map(([code, stations]) => [code, linePaceSeconds(stations) * 1000]));
  const suspectFrom = endAt - Math.min(5 * 24 * HOUR, spanMs / 2);

  const ids = { unit: 0, step: 0, measurement: 0, install: 0, lot: 0, workOrder: 0 };
  const buffers = { lots: [] as string[], workOrders: [] as string[], units: [] as string[], steps: [] as string[], measurements: [] as string[], installs: [] as string[] };
  const currentLots = new Map<string, { id: number; used: number }>();
  const workOrders = new Map<string, { id: number; count: number }>();
  const serialCounters = new Map<string, number>();
  let suspectLot: { id: number; number: string } | null = null;
  let heldUnits = 0;

  function workOrderFor(partNumber: string, revision: RevisionDef, at: number) {
    const key = `${partNumber}/${revision.revision}`;
    let wo = workOrders.get(key);
    if (!wo || wo.count >= WORK_ORDER_SIZE) {
      wo = { id: ++ids.workOrder, count: 0 };
      workOrders.set(key, wo);
      // Statuses are settled from the units once everything is loaded.
      buffers.workOrders.push(row(wo.id, `WO-${100000 + wo.id}`, master.revisionIds.get(key), master.lineIds.get(revision.line), WORK_ORDER_SIZE, "released", new Date(at), null, new Date(at - 24 * HOUR)));
    }
    wo.count++;
    return wo.id;
  }

  function lotFor(partNumber: string, qty: number, at: number) {
    let lot = currentLots.get(partNumber);
    if (!lot || lot.used + qty > lotSizes.get(partNumber)!) {
      lot = { id: ++ids.lot, used: 0 };
      currentLots.set(partNumber, lot);
      const lotNumber = `${partNumber}-L${String(lot.id).padStart(5, "0")}`;
      let status = "available";
      // The first controller-board lot opened in the last five days is suspect: its finished pumps go on hold.
      if (partNumber === "PCB-EC1" && !suspectLot && at >= suspectFrom) {
        suspectLot = { id: lot.id, number: lotNumber };
        status = "on_hold";
      }
      buffers.lots.push(row(lot.id, lotNumber, master.partIds.get(partNumber), suppliers.get(partNumber), lotSizes.get(partNumber), new Date(at - random.int(2, 6) * 24 * HOUR), status));
    }
    lot.used += qty;
    return lot.id;
  }

  function nextSerial(partNumber: string) {
    const prefix = serialPrefixes.get(partNumber)!;
    const n = (serialCounters.get(prefix) ?? 0) + 1;
    serialCounters.set(prefix, n);
    return `${prefix}-${String(n).padStart(7, "0")}`;
  }

  function measure(op: OperationDef, failing: boolean) {
    const failIndex = failing ? random.int(0, op.characteristics.length - 1) : -1;
    return op.characteristics.map((c, i) => {
      const inLimits = (v: number) => (c.lsl === null || v >= c.lsl) && (c.usl === null || v <= c.usl);
      let value = random.normal(c.nominal, c.sd);
      if (i === failIndex) {
        const width = c.usl !== null && c.lsl !== null ? c.usl - c.lsl : c.sd * 6;
        const high = c.usl !== null && (c.lsl === null || random.chance(0.6));
        value = high ? c.usl! + c.sd * 0.1 + random.next() * width * 0.15 : c.lsl! - c.sd * 0.1 - random.next() * width * 0.15;
      } else {
        for (let tries = 0; !inLimits(value) && tries < 10; tries++) value = random.normal(c.nominal, c.sd);
        if (!inLimits(value)) value = c.nominal;
      }
      value = Math.round(value * 10000) / 10000;
      return { ...c, value, isPass: inLimits(value) };
    });
  }

  function installRow(parentId: number, partNumber: string, childUnitId: number | null, lotId: number | null, qty: number, stepId: number, at: number, removedAt: number | null = null, reason: string | null = null) {
    return row(++ids.install, parentId, master.partIds.get(partNumber), childUnitId, lotId, qty, stepId, new Date(at), removedAt === null ? null : new Date(removedAt), reason);
  }

  /**
   * Builds one unit along its routing, entering its line at running time
   * `entry`: station i works on it one pace after station i-1, a failed step
   * is tested again after rework. `fitMotor` is called where the routing
   * installs a motor; it returns the motor's unit id.
   */
  function buildUnit(partNumber: string, revision: RevisionDef, entry: number, fitMotor?: (at: number) => { unitId: number; at: number } | null) {
    const clock = clocks.get(revision.line)!;
    const pace = paces.get(revision.line)!;
    const unitId = ++ids.unit;
    const serial = nextSerial(partNumber);
    const startedAt = clock.wall(entry, false);
    const workOrderId = workOrderFor(partNumber, revision, startedAt);
    const operator = random.pick(operatorNames);
    let status: "in_progress" | "complete" | "scrapped" = "complete";
    let cursor = entry;
    let pcbLotId = 0;
    let motor: { unitId: number; at: number; stepId: number } | null = null;
    let completedAt = startedAt;

    for (const [index, op] of revision.routing.entries()) {
      const stationId = master.stationIds.get(op.station);
      const cycle = (stationCycles.get(op.station) ?? 60) * 1000;
      let finished = false;
      for (let attempt = 1; !finished; attempt++) {
        const beginTau = attempt > 1 ? cursor + random.int(10, 40) * MINUTE : Math.max(cursor, entry + index * pace);
        const endTau = beginTau + actualCycleSeconds(cycle, random.next);
        let begin = clock.wall(beginTau, false);
        let end = clock.wall(endTau, true);
        const needsMotor = attempt === 1 && fitMotor && op.installs.some((i) => i.partNumber === "MTR-075");
        const motorId = needsMotor ? fitMotor(begin) : null;
        if (needsMotor && motorId === null) end = Infinity;
        else if (motorId && motorId.at > begin) {
          // Waiting for a motor: the step starts when the next one comes off the motor line.
          end += motorId.at - begin;
          begin = motorId.at;
        }
        if (end > endAt) {
          status = "in_progress";
          break;
        }
        const failing = random.chance(attempt === 1 ? op.failRate : 0.12);
        const result = !failing ? "PASS" : attempt >= 2 ? "SCRAP" : "FAIL";
        const stepId = ++ids.step;
        buffers.steps.push(row(stepId, unitId, op.code, stationId, operator, new Date(begin), new Date(end), result, attempt, null));
        for (const m of measure(op, failing && op.characteristics.length > 0)) {
          buffers.measurements.push(row(++ids.measurement, stepId, m.name, m.value, m.unit, m.lsl, m.usl, m.isPass));
        }
        if (attempt === 1) {
          for (const inst of op.installs) {
            if (inst.partNumber === "MTR-075" && motorId) {
              motor = { unitId: motorId.unitId, at: begin, stepId };
            } else {
              const lotId = lotFor(inst.partNumber, inst.qty, begin);
              if (inst.partNumber === "PCB-EC1") pcbLotId = lotId;
              buffers.installs.push(installRow(unitId, inst.partNumber, null, lotId, inst.qty, stepId, begin));
            }
          }
        }
        cursor = endTau;
        completedAt = end;
        if (result === "SCRAP") status = "scrapped";
        // A pump failing its performance test on power draw gets a new motor; the old install stays in history.
        if (result === "FAIL" && motor && fitMotor && op.characteristics.some((c) => c.name === "power_w") && random.chance(0.5)) {
          buffers.installs.push(installRow(unitId, "MTR-075", motor.unitId, null, 1, motor.stepId, motor.at, end, `Motor replaced after ${op.code} failure (power draw)`));
          replacedMotors.push(motor.unitId);
          const replacement = fitMotor(end);
          if (replacement) motor = { unitId: replacement.unitId, at: Math.max(end, replacement.at) + MINUTE, stepId };
        }
        finished = result !== "FAIL";
      }
      if (status !== "complete") break;
    }
    if (motor) buffers.installs.push(installRow(unitId, "MTR-075", motor.unitId, null, 1, motor.stepId, motor.at));
    const isHeld = status === "complete" && suspectLot !== null && pcbLotId === suspectLot.id;
    if (isHeld) heldUnits++;
    buffers.units.push(row(unitId, serial, master.revisionIds.get(`${partNumber}/${revision.revision}`), workOrderId, isHeld ? "on_hold" : status, new Date(startedAt), status === "in_progress" ? null : new Date(completedAt), false));
    return { unitId, status, completedAt };
  }

  const replacedMotors: number[] = [];
  /** Finished motors not yet fitted, in the order they were finished. */
  const motorStock: { unitId: number; at: number }[] = [];
  let motorsFitted = 0;
  /** The oldest motor in stock; the stock runs dry only at the very end of a short history. */
  function fitMotor(at: number) {
    const motor = motorStock[motorsFitted];
    if (!motor || motor.at > at + 8 * HOUR) return null;
    motorsFitted++;
    return motor;
  }

  async function flush() {
    await copyRows(sql, "material_lots", ["id", "lot_number", "part_id", "supplier", "qty", "received_at", "status"], buffers.lots);
    await copyRows(sql, "work_orders", ["id", "number", "part_revision_id", "line_id", "qty", "status", "planned_start", "planned_end", "created_at"], buffers.workOrders);
    await copyRows(sql, "units", ["id", "serial", "part_revision_id", "work_order_id", "status", "started_at", "completed_at", "needs_disposition"], buffers.units);
    await copyRows(sql, "process_steps", ["id", "unit_id", "operation_code", "station_id", "operator", "started_at", "ended_at", "result", "attempt", "message_id"], buffers.steps);
    await copyRows(sql, "measurements", ["id", "step_id", "name", "value", "unit", "lsl", "usl", "is_pass"], buffers.measurements);
    await copyRows(sql, "component_installs", ["id", "parent_unit_id", "part_id", "child_unit_id", "material_lot_id", "qty", "step_id", "installed_at", "removed_at", "removal_reason"], buffers.installs);
    if (replacedMotors.length) {
      await sql`update units set status = 'scrapped' where id = any(${sql.array(replacedMotors)}::bigint[])`;
      replacedMotors.length = 0;
    }
    for (const list of Object.values(buffers)) list.length = 0;
  }

  const started = Date.now();
  let built = 0;
  async function progress() {
    if (++built % CHUNK_UNITS !== 0) return;
    await flush();
    const seconds = (Date.now() - started) / 1000;
    plan.onProgress(`  units ${ids.unit.toLocaleString("en")} (${Math.round(ids.unit / seconds).toLocaleString("en")} units/s)`);
  }

  const motorRevision = revisionDefs["MTR-075"]!.at(-1)!;
  const m1 = clocks.get("M1")!;
  for (let entry = 0; entry < m1.total; entry += paces.get("M1")!) {
    const motor = buildUnit("MTR-075", motorRevision, entry);
    if (motor.status === "complete") motorStock.push({ unitId: motor.unitId, at: motor.completedAt });
    await progress();
  }
  motorStock.sort((a, b) => a.at - b.at);

  // Both pump lines draw on the same motor stock: build their units in the order they start.
  const pumpLines = (["CP40-ASM", "CP60-ASM"] as const).map((product) => {
    const line = revisionDefs[product]!.at(-1)!.line;
    return { product, clock: clocks.get(line)!, pace: paces.get(line)!, entry: 0 };
  });
  for (;;) {
    const open = pumpLines.filter((l) => l.entry < l.clock.total);
    const next = open.sort((a, b) => a.clock.wall(a.entry, false) - b.clock.wall(b.entry, false))[0];
    if (!next) break;
    const revisions = revisionDefs[next.product]!;
    const revision = next.product === "CP40-ASM" && next.clock.wall(next.entry, false) < plan.cp40RevBFrom.getTime() ? revisions[0]! : revisions.at(-1)!;
    buildUnit(next.product, revision, next.entry, fitMotor);
    next.entry += next.pace;
    await progress();
  }
  await flush();

  for (const table of ["material_lots", "work_orders", "units", "process_steps", "measurements", "component_installs"]) {
    await sql`select setval(pg_get_serial_sequence(${table}, 'id'), greatest(1, (select coalesce(max(id), 0) from ${sql(table)})))`;
  }
  // What comes next on each line: a released work order and a planned one per current revision.
  const upcoming: string[] = [];
  for (const [partNumber, revisions] of Object.entries(revisionDefs)) {
    const current = revisions[revisions.length - 1]!;
    for (const [n, status] of (["released", "planned"] as const).entries()) {
      const id = ++ids.workOrder;
      const plannedStart = new Date(endAt + (n + 1) * 8 * HOUR);
      upcoming.push(row(id, `WO-${100000 + id}`, master.revisionIds.get(`${partNumber}/${current.revision}`), master.lineIds.get(current.line), WORK_ORDER_SIZE, status, plannedStart, new Date(plannedStart.getTime() + 16 * HOUR), plan.now));
    }
  }
  await copyRows(sql, "work_orders", ["id", "number", "part_revision_id", "line_id", "qty", "status", "planned_start", "planned_end", "created_at"], upcoming);
  await sql`select setval(pg_get_serial_sequence('work_orders', 'id'), ${ids.workOrder})`;

  // Work order status follows its units: all finished → completed; some still open → in progress.
  await sql`
    update work_orders wo set status = s.status::work_order_status
    from (
      select work_order_id, case when bool_and(status <> 'in_progress') then 'completed' else 'in_progress' end as status
      from units group by work_order_id
    ) s
    where s.work_order_id = wo.id`;
  return { suspectLotNumber: (suspectLot as { number: string } | null)?.number ?? null, heldUnits, timelines };
}
