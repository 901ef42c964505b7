import type { StationState } from "@/db/schema";
import { operatorNames } from "@/db/seed/factory";
import { actualCycleSeconds, calendarStops, linePaceSeconds, type CalendarStop, pickUnplannedStop, runMinutes, stationStatesDuring } from "@/db/seed/plant-operation";

import type { FactoryModel, SimOperation, SimProduct, SimStation } from "./factory-model";

export type MessageKind = "state" | "telemetry" | "unit" | "alarm";

/** Where the simulator's messages go: ISA-95 JSON or a Sparkplug edge node, decided per station. */
export interface SimOutput {
  send(station: SimStation, kind: MessageKind, payload: Record<string, unknown>, ts: number): void;
}

export interface SimulatorOptions {
  /** Telemetry messages per second over all stations. */
  telemetryRate: number;
  /** Plant time per wall-clock time: 60 runs an hour of production in a minute (tests, benchmarks). */
  timeScale?: number;
  /** Whether the lines keep the plant's shift calendar (start-up checks, breaks); off for accelerated runs. */
  hasCalendar?: boolean;
  random?: () => number;
}

interface WorkItem {
  product: SimProduct;
  serial: string;
  /** Operations already passed (a unit resumed from an earlier run): the line carries it past them. */
  passed: Set<string>;
  attempts: Record<string, number>;
  isNew: boolean;
  operator: string;
}

interface Slot {
  item: WorkItem;
  op: SimOperation | null;
  attempt: number;
  /** Plant clock (ms of running time) when the current attempt ends. */
  endsAt: number;
  startedAt: number;
  isDone: boolean;
  motor: string | null;
}

interface StationRun {
  station: SimStation;
  state: StationState;
  reason: string | null;
  drift: number[];
  lastTs: number;
}

interface LineRun {
  code: string;
  product: SimProduct;
  stations: StationRun[];
  slots: (Slot | null)[];
  /** Ms of plant time the line has run: units move by it, and stand still while the line is stopped. */
  clock: number;
  paceMs: number;
  indexAt: number;
  nextStopAt: number;
  stop: { until: number; state: StationState; reason: string; stationIndex: number | null; isCalendar: boolean } | null;
  resume: WorkItem[];
}

const MINUTE = 60_000;

export interface SimulatorStats {
  telemetry: number;
  units: { started: number; resumed: number; passed: number; failed: number; scrapped: number; completed: number };
  states: number;
  alarms: number;
}

/**
 * The plant running in real time, as db/seed/plant-operation.ts describes
 * it, so the live picture continues the seeded history: each line indexes
 * its units one station on at its pace while it runs; every station works on
 * the unit in front of it; a failed test is repeated once after rework (a
 * second failure scraps the unit); unplanned stops and the shift calendar
 * stop the whole line, the station at fault reporting the cause, those
 * upstream blocked and those downstream starved. Motors built on M1 become
 * the stock the pump lines install. Units an earlier run left on the line
 * enter first and are carried past what they have done.
 */
export class LineSimulator {
  readonly stats: SimulatorStats = { telemetry: 0, units: { started: 0, resumed: 0, passed: 0, failed: 0, scrapped: 0, completed: 0 }, states: 0, alarms: 0 };
  /** Units an earlier run left in progress, to be carried on. */
  readonly resumable: number;
  private readonly lines: LineRun[] = [];
  private readonly random: () => number;
  private readonly scale: number;
  private readonly hasCalendar: boolean;
  private telemetryDebt = 0;
  private telemetryCursor = 0;
  private lastTick = 0;
  private lotCounter = 0;
  /** Per time zone: lines of sites in different zones keep their own shifts. */
  private readonly calendars = new Map<string, { until: number; stops: CalendarStop[] }>();

  constructor(
    private readonly model: FactoryModel,
    private readonly output: SimOutput,
    private readonly options: SimulatorOptions,
  ) {
    this.random = options.random ?? Math.random;
    this.scale = options.timeScale ?? 1;
    this.hasCalendar = options.hasCalendar ?? true;
    for (const product of model.products) {
      const stations = model.stations.filter((s) => s.lineCode === product.lineCode);
      if (!stations.length || this.lines.some((l) => l.code === product.lineCode)) continue;
      const resume = model.leftInProgress
        .filter((u) => u.partNumber === product.partNumber)
        .map((u) => ({ product, serial: u.serial, passed: new Set(u.passed), attempts: { ...u.attempts }, isNew: false, operator: this.pickOperator() }));
      // A unit left on the line goes back just before the station of its next operation; the rest enter first.
      const slots: (Slot | null)[] = stations.map(() => null);
      for (const item of [...resume]) {
        const next = product.routing.findIndex((op) => !item.passed.has(op.code));
        if (next < 1 || slots[next - 1]) continue;
        slots[next - 1] = { item, op: null, attempt: 1, endsAt: 0, startedAt: 0, isDone: true, motor: null };
        resume.splice(resume.indexOf(item), 1);
        this.stats.units.resumed++;
      }
      this.lines.push({
        code: product.lineCode,
        product,
        stations: stations.map((station) => ({ station, state: "RUNNING", reason: null, drift: station.metrics.map(() => 0), lastTs: 0 })),
        slots,
        clock: 0,
        paceMs: linePaceSeconds(stations) * 1000,
        indexAt: 0,
        nextStopAt: runMinutes(product.lineCode, this.random) * MINUTE,
        stop: null,
        resume,
      });
    }
    this.resumable = this.stats.units.resumed + this.lines.reduce((n, l) => n + l.resume.length, 0);
  }

  /** Reports every station's current state, as a machine does when it connects. */
  announce(now = Date.now()) {
    for (const line of this.lines) for (const run of line.stations) this.sendState(run, now);
  }

  tick(now = Date.now()) {
    const dt = this.lastTick ? Math.min(5000, now - this.lastTick) : 0;
    this.lastTick = now;
    for (const line of this.lines) this.advance(line, now, dt * this.scale);
    this.telemetryDebt += (this.options.telemetryRate * dt) / 1000;
    const stations = this.lines.flatMap((l) => l.stations);
    while (this.telemetryDebt >= 1 && stations.length) {
      this.telemetryDebt--;
      const run = stations[this.telemetryCursor++ % stations.length];
      if (run) this.sendTelemetry(run, now);
    }
  }

  private advance(line: LineRun, now: number, plantMs: number) {
    const planned = this.hasCalendar ? this.calendarStopAt(now, line.stations[0]?.station.timeZone ?? "UTC") : null;
    if (planned && !line.stop?.isCalendar) this.stopLine(line, now, { until: planned.end, state: planned.state, reason: planned.reason, stationIndex: null, isCalendar: true });
    if (line.stop && now >= line.stop.until) this.restartLine(line, now);
    if (line.stop) return;

    line.clock += plantMs;
    if (line.clock >= line.nextStopAt) {
      const stop = pickUnplannedStop(line.stations.length, this.random);
      line.nextStopAt = line.clock + runMinutes(line.code, this.random) * MINUTE;
      this.stopLine(line, now, { ...stop, until: now + (stop.minutes * MINUTE) / this.scale, isCalendar: false });
      return;
    }
    // Catch up event by event: a late tick must not slow the line down.
    for (;;) {
      for (const [index, slot] of line.slots.entries()) if (slot && !slot.isDone && line.clock >= slot.endsAt) this.finishStep(line, index, slot, now);
      if (line.clock < line.indexAt || line.slots.some((s) => s && !s.isDone)) return;
      if (!this.index(line, now)) return;
    }
  }

  /** The shift calendar's stops, worked out an hour at a time (time-zone arithmetic is slow at ten ticks a second). */
  private calendarStopAt(now: number, timeZone: string) {
    let calendar = this.calendars.get(timeZone);
    if (!calendar || now >= calendar.until) {
      calendar = { until: now + 3600_000, stops: calendarStops(now, now + 3600_000, timeZone) };
      this.calendars.set(timeZone, calendar);
    }
    return calendar.stops.find((s) => s.start <= now && now < s.end) ?? null;
  }

  private stopLine(line: LineRun, now: number, stop: NonNullable<LineRun["stop"]>) {
    line.stop = stop;
    const states = stationStatesDuring(stop, line.stations.length);
    line.stations.forEach((run, i) => this.setState(run, states[i]?.state ?? stop.state, states[i]?.reason ?? null, now));
    const atFault = stop.stationIndex === null ? undefined : line.stations[stop.stationIndex];
    if (stop.state === "DOWN" && atFault) this.sendAlarm(atFault, now, stop.reason, true);
  }

  private restartLine(line: LineRun, now: number) {
    const stop = line.stop;
    line.stop = null;
    const atFault = stop?.stationIndex == null ? undefined : line.stations[stop.stationIndex];
    if (stop?.state === "DOWN" && atFault) this.sendAlarm(atFault, now, stop.reason, false);
    for (const run of line.stations) this.setState(run, "RUNNING", null, now);
  }

  /** Moves every unit one station on and starts the next; false while the line waits for motors. */
  private index(line: LineRun, now: number) {
    const incoming = [this.nextItem(line), ...line.slots.slice(0, -1).map((s) => s?.item ?? null)];
    const motorStation = line.stations[incoming.findIndex((item, i) => item && this.needsMotor(item, line.product.routing[i]))];
    if (motorStation && this.model.motorStock.length === 0) {
      if (incoming[0]) line.resume.unshift(incoming[0]);
      this.setState(motorStation, "STARVED", "waiting for motors", now);
      line.indexAt = line.clock;
      return false;
    }
    if (motorStation?.reason === "waiting for motors") this.setState(motorStation, "RUNNING", null, now);
    const leaving = line.slots.at(-1);
    if (leaving) this.complete(leaving.item);
    // The line moves at its pace, or when its slowest step of this cycle is done (a retest takes longer).
    const at = Math.max(line.indexAt, ...line.slots.map((s) => s?.endsAt ?? 0));
    line.slots = incoming.map((item, i) => (item ? this.startStep(line, item, i, at, now) : null));
    line.indexAt = at + line.paceMs;
    return true;
  }

  private nextItem(line: LineRun): WorkItem {
    const resumed = line.resume.shift();
    if (resumed) {
      if (!resumed.isNew) this.stats.units.resumed++;
      return resumed;
    }
    const product = line.product;
    this.stats.units.started++;
    return { product, serial: `${product.serialPrefix}${String(product.nextSerial++).padStart(7, "0")}`, passed: new Set(), attempts: {}, isNew: true, operator: this.pickOperator() };
  }

  private pickOperator() {
    return operatorNames[Math.floor(this.random() * operatorNames.length)] ?? "operator";
  }

  private needsMotor(item: WorkItem, op: SimOperation | undefined) {
    return Boolean(op && !item.passed.has(op.code) && !item.attempts[op.code] && op.installs.some((i) => i.partNumber === "MTR-075"));
  }

  private startStep(line: LineRun, item: WorkItem, index: number, at: number, now: number): Slot {
    const op = line.product.routing[index] ?? null;
    const isDone = !op || item.passed.has(op.code);
    const motor = op && this.needsMotor(item, op) ? (this.model.motorStock.shift() ?? null) : null;
    const attempt = op ? (item.attempts[op.code] ?? 0) + 1 : 1;
    const ideal = line.stations[index]?.station.idealCycleSeconds ?? 60;
    return { item, op, attempt, endsAt: at + actualCycleSeconds(ideal, this.random) * 1000, startedAt: now, isDone, motor };
  }

  private finishStep(line: LineRun, index: number, slot: Slot, now: number) {
    const op = slot.op;
    if (!op) return;
    const { item } = slot;
    const isFailing = this.random() < (slot.attempt === 1 ? op.failRate : 0.12);
    const result = !isFailing ? "PASS" : slot.attempt >= 2 ? "SCRAP" : "FAIL";
    const components = item.attempts[op.code] ? [] : this.install(op, slot.motor);
    item.attempts[op.code] = slot.attempt;
    const run = line.stations[index];
    if (!run) return;
    this.send(run, "unit", now, {
      serial: item.serial,
      operation: op.code,
      result,
      ...(item.isNew && index === 0 && slot.attempt === 1 ? { partNumber: item.product.partNumber, ...(item.product.workOrders[0] ? { workOrder: item.product.workOrders[0] } : {}) } : {}),
      operator: item.operator,
      startedAt: new Date(slot.startedAt).toISOString(),
      measurements: this.measure(op, isFailing),
      ...(components.length ? { components } : {}),
      messageId: `sim:${item.serial}:${op.code}:${slot.attempt}`,
    });
    if (result === "SCRAP") {
      this.stats.units.scrapped++;
      line.slots[index] = null;
    } else if (result === "FAIL") {
      // Reworked at the station, then tested again before the line moves on.
      this.stats.units.failed++;
      slot.attempt++;
      slot.startedAt = now;
      slot.endsAt = line.clock + actualCycleSeconds(run.station.idealCycleSeconds, this.random) * 1000;
    } else {
      this.stats.units.passed++;
      item.passed.add(op.code);
      slot.isDone = true;
    }
  }

  private complete(item: WorkItem) {
    if (item.product.routing.some((op) => !item.passed.has(op.code))) return;
    this.stats.units.completed++;
    if (item.product.partNumber === "MTR-075") this.model.motorStock.push(item.serial);
  }

  private install(op: SimOperation, motor: string | null): { partNumber: string; serial?: string; lot?: string; qty?: number }[] {
    return op.installs.flatMap((inst): { partNumber: string; serial?: string; lot?: string; qty?: number }[] => {
      if (inst.partNumber === "MTR-075") return motor ? [{ partNumber: inst.partNumber, serial: motor }] : [];
      let lot = this.model.lots.get(inst.partNumber);
      if (!lot || lot.remaining < inst.qty) {
        const day = new Date().toISOString().slice(0, 10).replace(/-/g, "");
        lot = { lotNumber: `${inst.partNumber}-S${day}-${String(++this.lotCounter).padStart(3, "0")}`, remaining: this.model.lotSizes.get(inst.partNumber) ?? 500 };
        this.model.lots.set(inst.partNumber, lot);
      }
      lot.remaining -= inst.qty;
      return [{ partNumber: inst.partNumber, lot: lot.lotNumber, qty: inst.qty }];
    });
  }

  private measure(op: SimOperation, isFailing: boolean) {
    const failIndex = isFailing && op.characteristics.length ? Math.floor(this.random() * op.characteristics.length) : -1;
    return op.characteristics.map((c, i) => {
      const inLimits = (v: number) => (c.lsl === null || v >= c.lsl) && (c.usl === null || v <= c.usl);
      let value = c.nominal + this.normal() * c.sd;
      if (i === failIndex) {
        const isHigh = c.usl !== null && (c.lsl === null || this.random() < 0.6);
        value = isHigh ? (c.usl ?? 0) + c.sd * (0.2 + this.random()) : (c.lsl ?? 0) - c.sd * (0.2 + this.random());
      } else {
        for (let tries = 0; !inLimits(value) && tries < 10; tries++) value = c.nominal + this.normal() * c.sd;
        if (!inLimits(value)) value = c.nominal;
      }
      return { name: c.name, value: Math.round(value * 10_000) / 10_000, ...(c.unit ? { unit: c.unit } : {}), ...(c.lsl !== null ? { lsl: c.lsl } : {}), ...(c.usl !== null ? { usl: c.usl } : {}) };
    });
  }

  private normal() {
    return Math.sqrt(-2 * Math.log(1 - this.random())) * Math.cos(2 * Math.PI * this.random());
  }

  private sendTelemetry(run: StationRun, now: number) {
    const isWorking = run.state === "RUNNING";
    const metrics: Record<string, number> = {};
    run.station.metrics.forEach((m, i) => {
      const drift = (run.drift[i] ?? 0) * 0.95 + this.normal() * m.sd * 0.3;
      run.drift[i] = drift;
      // An idle machine cools down and its forces drop.
      const level = isWorking ? 1 : 0.85;
      metrics[m.name] = Math.round((m.mean * level + drift + this.normal() * m.sd * 0.5) * 1000) / 1000;
    });
    this.send(run, "telemetry", now, { metrics });
    this.stats.telemetry++;
  }

  private setState(run: StationRun, state: StationState, reason: string | null, now: number) {
    if (run.state === state && run.reason === reason) return;
    run.state = state;
    run.reason = reason;
    this.sendState(run, now);
  }

  private sendState(run: StationRun, now: number) {
    this.send(run, "state", now, { state: run.state, ...(run.reason ? { reason: run.reason } : {}) });
    this.stats.states++;
  }

  private sendAlarm(run: StationRun, now: number, code: string, active: boolean) {
    const text = code.replace(/_/g, " ").toLowerCase();
    this.send(run, "alarm", now, { code, severity: code === "E-STOP" || code === "PRESS_OVERLOAD" ? "critical" : "warning", message: `${run.station.code}: ${text}`, active });
    this.stats.alarms++;
  }

  /** Timestamps strictly increase per station: telemetry is keyed by (station, metric, ts). */
  private send(run: StationRun, kind: MessageKind, now: number, payload: Record<string, unknown>) {
    const ts = Math.max(now, run.lastTs + 1);
    run.lastTs = ts;
    this.output.send(run.station, kind, { ts: new Date(ts).toISOString(), ...payload }, ts);
  }
}
