import type { StationState } from "@/db/schema";
import { machineDownReasons, operatorNames } from "@/db/seed/factory";

import type { FactoryModel, SimOperation, SimProduct, SimStation } from "./factory-model";

export type MessageKind = "state" | "telemetry" | "unit" | "alarm";

/** Where the simulator's messages go: ISA-95 JSON or a Sparkplug edge node, decided per station. */
export interface SimOutput {
  send(station: SimStation, kind: MessageKind, payload: Record<string, unknown>, ts: number): void;
}

export interface SimulatorOptions {
  /** Telemetry messages per second over all stations. */
  telemetryRate: number;
  /** Finished top-level products (pumps) per hour, over all lines. */
  unitsPerHour: number;
  /** >1 makes interruptions shorter and more frequent (tests). */
  timeScale?: number;
  random?: () => number;
}

interface WorkItem {
  product: SimProduct;
  serial: string;
  opIndex: number;
  attempt: number;
  startedAt: number;
  readyAt: number;
  operator: string;
}

interface StationRun {
  station: SimStation;
  state: StationState;
  stateUntil: number;
  reason: string | null;
  queue: WorkItem[];
  current: { item: WorkItem; endsAt: number; startedAt: number } | null;
  drift: number[];
  lastTs: number;
}

const MINUTE = 60_000;
/** What interrupts a run, with its odds and duration range in minutes. */
const interruptions: { state: StationState; p: number; min: number; max: number }[] = [
  { state: "IDLE", p: 0.3, min: 1, max: 4 },
  { state: "STARVED", p: 0.2, min: 1, max: 5 },
  { state: "BLOCKED", p: 0.18, min: 1, max: 4 },
  { state: "DOWN", p: 0.25, min: 2, max: 15 },
  { state: "SETUP", p: 0.07, min: 3, max: 10 },
];
const MEAN_RUN_MINUTES = 15;

export interface SimulatorStats {
  telemetry: number;
  units: { started: number; passed: number; failed: number; scrapped: number; completed: number };
  states: number;
  alarms: number;
}

/**
 * A discrete-event model of the plant running in real time: each line
 * launches units at its takt, each station works one unit at a time through
 * the product's routing, fails some first attempts (rework follows, and a
 * second failure scraps the unit), fits lots and motor serials where the
 * routing installs them, and stops now and then (idle, starved, blocked,
 * down with an alarm, setup). Motors built on their line become the stock
 * the pump lines install.
 */
export class LineSimulator {
  readonly stats: SimulatorStats = { telemetry: 0, units: { started: 0, passed: 0, failed: 0, scrapped: 0, completed: 0 }, states: 0, alarms: 0 };
  private readonly runs = new Map<string, StationRun>();
  private readonly random: () => number;
  private readonly scale: number;
  private readonly launches = new Map<SimProduct, { takt: number; nextAt: number }>();
  private telemetryDebt = 0;
  private telemetryCursor = 0;
  private lastTick = 0;
  private lotCounter = 0;

  constructor(
    private readonly model: FactoryModel,
    private readonly output: SimOutput,
    private readonly options: SimulatorOptions,
  ) {
    this.random = options.random ?? Math.random;
    this.scale = options.timeScale ?? 1;
    for (const station of model.stations) {
      this.runs.set(station.code, { station, state: "RUNNING", stateUntil: 0, reason: null, queue: [], current: null, drift: station.metrics.map(() => 0), lastTs: 0 });
    }
    this.planLaunches();
  }

  /** Sub-assemblies (a product another product installs) are built as fast as their users consume them. */
  private planLaunches() {
    const components = new Set(this.model.products.flatMap((p) => p.routing.flatMap((op) => op.installs.map((i) => i.partNumber))));
    const top = this.model.products.filter((p) => !components.has(p.partNumber));
    const weights = top.map((p) => 1 / Math.max(...p.routing.map((op) => this.runs.get(op.stationCode)?.station.idealCycleSeconds ?? 60)));
    const total = weights.reduce((a, b) => a + b, 0) || 1;
    const perHour = new Map(top.map((p, i) => [p, (this.options.unitsPerHour * (weights[i] ?? 0)) / total]));
    for (const p of this.model.products.filter((p) => components.has(p.partNumber))) {
      const usage = top.reduce((sum, t) => sum + (perHour.get(t) ?? 0) * t.routing.reduce((n, op) => n + op.installs.filter((i) => i.partNumber === p.partNumber).reduce((q, i) => q + i.qty, 0), 0), 0);
      perHour.set(p, usage * 1.1);
    }
    const now = Date.now();
    for (const [product, rate] of perHour) {
      if (rate > 0) this.launches.set(product, { takt: 3_600_000 / rate, nextAt: now + this.random() * 2000 });
    }
  }

  /** Reports every station's current state, as a machine does when it connects. */
  announce(now = Date.now()) {
    for (const run of this.runs.values()) this.sendState(run, now);
  }

  tick(now = Date.now()) {
    const dt = this.lastTick ? Math.min(5000, now - this.lastTick) : 0;
    this.lastTick = now;
    for (const [product, launch] of this.launches) {
      while (launch.nextAt <= now) {
        launch.nextAt += launch.takt * (0.85 + this.random() * 0.3);
        this.launch(product, now);
      }
    }
    for (const run of this.runs.values()) this.advance(run, now, dt);
    this.telemetryDebt += (this.options.telemetryRate * dt) / 1000;
    const stations = [...this.runs.values()];
    while (this.telemetryDebt >= 1 && stations.length) {
      this.telemetryDebt--;
      const run = stations[this.telemetryCursor++ % stations.length];
      if (run) this.sendTelemetry(run, now);
    }
  }

  private launch(product: SimProduct, now: number) {
    const first = product.routing[0];
    const run = first && this.runs.get(first.stationCode);
    if (!run) return;
    // A line with a full input buffer does not start more units.
    if (run.queue.length >= 5) return;
    const serial = `${product.serialPrefix}${String(product.nextSerial++).padStart(7, "0")}`;
    run.queue.push({ product, serial, opIndex: 0, attempt: 1, startedAt: now, readyAt: now, operator: operatorNames[Math.floor(this.random() * operatorNames.length)] ?? "operator" });
    this.stats.units.started++;
  }

  private cycleMs(run: StationRun, product: SimProduct) {
    const takt = this.launches.get(product)?.takt ?? run.station.idealCycleSeconds * 1000;
    const cycle = Math.min(run.station.idealCycleSeconds * 1000, takt * 0.8);
    return cycle * (0.85 + this.random() * 0.3);
  }

  private advance(run: StationRun, now: number, dt: number) {
    if (run.state !== "RUNNING" && now >= run.stateUntil && run.reason !== "waiting for motors") {
      if (run.state === "DOWN" && run.reason) this.sendAlarm(run, now, run.reason, false);
      this.setState(run, "RUNNING", null, now, 0);
    }
    if (run.state === "RUNNING" && dt > 0 && this.random() < (dt * this.scale) / (MEAN_RUN_MINUTES * MINUTE)) {
      this.interrupt(run, now);
    }
    if (run.current && now >= run.current.endsAt) {
      this.finish(run, run.current.item, run.current.startedAt, now);
      run.current = null;
    }
    if (!run.current && (run.state === "RUNNING" || run.reason === "waiting for motors")) {
      const index = run.queue.findIndex((w) => w.readyAt <= now);
      const item = index >= 0 ? run.queue[index] : undefined;
      if (!item) return;
      const op = item.product.routing[item.opIndex];
      const needsMotor = item.attempt === 1 && op?.installs.some((i) => i.partNumber === "MTR-075");
      if (needsMotor && this.model.motorStock.length === 0) {
        if (run.state !== "STARVED") this.setState(run, "STARVED", "waiting for motors", now, 0);
        return;
      }
      if (run.state === "STARVED") this.setState(run, "RUNNING", null, now, 0);
      run.queue.splice(index, 1);
      run.current = { item, startedAt: now, endsAt: now + this.cycleMs(run, item.product) };
    }
  }

  private interrupt(run: StationRun, now: number) {
    let x = this.random();
    const next = interruptions.find((i) => (x -= i.p) <= 0) ?? interruptions[0];
    if (!next) return;
    const minutes = next.min + this.random() * (next.max - next.min);
    const reason = next.state === "DOWN" ? (machineDownReasons[Math.floor(this.random() * machineDownReasons.length)] ?? "SENSOR_FAULT") : null;
    this.setState(run, next.state, reason, now, (minutes * MINUTE) / this.scale);
    if (reason) this.sendAlarm(run, now, reason, true);
    // A machine that stops mid-cycle finishes the unit when it runs again.
    if (run.current) run.current.endsAt += (minutes * MINUTE) / this.scale;
  }

  private setState(run: StationRun, state: StationState, reason: string | null, now: number, durationMs: number) {
    run.state = state;
    run.reason = reason;
    run.stateUntil = now + durationMs;
    this.sendState(run, now);
  }

  private finish(run: StationRun, item: WorkItem, startedAt: number, now: number) {
    const op = item.product.routing[item.opIndex];
    if (!op) return;
    const isFailing = this.random() < (item.attempt === 1 ? op.failRate : 0.12);
    const result = !isFailing ? "PASS" : item.attempt >= 2 ? "SCRAP" : "FAIL";
    const components = item.attempt === 1 ? this.install(op) : [];
    const isFirst = item.opIndex === 0 && item.attempt === 1;
    this.send(run, "unit", now, {
      ts: new Date(now).toISOString(),
      serial: item.serial,
      operation: op.code,
      result,
      ...(isFirst ? { partNumber: item.product.partNumber, ...(item.product.workOrders[0] ? { workOrder: item.product.workOrders[0] } : {}) } : {}),
      operator: item.operator,
      startedAt: new Date(startedAt).toISOString(),
      measurements: this.measure(op, isFailing),
      ...(components.length ? { components } : {}),
      messageId: `sim:${item.serial}:${op.code}:${item.attempt}`,
    });
    if (result === "SCRAP") {
      this.stats.units.scrapped++;
      return;
    }
    if (result === "FAIL") {
      this.stats.units.failed++;
      // Rework happens off the line, then the unit is tested again.
      run.queue.push({ ...item, attempt: item.attempt + 1, readyAt: now + this.cycleMs(run, item.product) * 2 });
      return;
    }
    this.stats.units.passed++;
    const nextOp = item.product.routing[item.opIndex + 1];
    if (!nextOp) {
      this.stats.units.completed++;
      if (item.product.partNumber === "MTR-075") this.model.motorStock.push(item.serial);
      return;
    }
    this.runs.get(nextOp.stationCode)?.queue.push({ ...item, opIndex: item.opIndex + 1, attempt: 1, readyAt: now });
  }

  private install(op: SimOperation): { partNumber: string; serial?: string; lot?: string; qty?: number }[] {
    return op.installs.flatMap((inst): { partNumber: string; serial?: string; lot?: string; qty?: number }[] => {
      if (inst.partNumber === "MTR-075") {
        const serial = this.model.motorStock.shift();
        return serial ? [{ partNumber: inst.partNumber, serial }] : [];
      }
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
    const isWorking = run.state === "RUNNING" && run.current !== null;
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
