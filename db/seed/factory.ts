import type { Role } from "../schema";

/** The demo plant: Acme Pumps, Hamburg. Static master data the generator builds on. */

export const enterprise = { code: "acme", site: { code: "hamburg", name: "Acme Pumps Hamburg", timeZone: "Europe/Berlin" } };

export interface StationDef {
  code: string;
  name: string;
  idealCycleSeconds: number;
  metrics: { name: string; unit: string; mean: number; sd: number }[];
}

export const areaDefs = [
  {
    code: "motors",
    name: "Motor shop",
    lines: [
      {
        code: "M1",
        name: "Motor line 1",
        targetPerHour: 33,
        stations: [
          { code: "M1-010", name: "Stator press", idealCycleSeconds: 72, metrics: [{ name: "press_force_kn", unit: "kN", mean: 10, sd: 0.4 }, { name: "hydraulic_temp_c", unit: "°C", mean: 42, sd: 1.5 }] },
          { code: "M1-020", name: "Rotor insertion", idealCycleSeconds: 76, metrics: [{ name: "servo_current_a", unit: "A", mean: 3.2, sd: 0.2 }, { name: "vibration_mm_s", unit: "mm/s", mean: 1.8, sd: 0.2 }] },
          { code: "M1-030", name: "Bearing press", idealCycleSeconds: 70, metrics: [{ name: "press_force_kn", unit: "kN", mean: 6, sd: 0.3 }, { name: "spindle_temp_c", unit: "°C", mean: 38, sd: 1.2 }] },
          { code: "M1-040", name: "Hipot test", idealCycleSeconds: 78, metrics: [{ name: "test_voltage_v", unit: "V", mean: 1500, sd: 3 }, { name: "cabinet_temp_c", unit: "°C", mean: 31, sd: 0.8 }] },
          { code: "M1-050", name: "Run-in test", idealCycleSeconds: 80, metrics: [{ name: "bench_temp_c", unit: "°C", mean: 35, sd: 1.1 }, { name: "vibration_mm_s", unit: "mm/s", mean: 2.1, sd: 0.25 }] },
        ],
      },
    ],
  },
  {
    code: "pumps",
    name: "Pump assembly",
    lines: [
      {
        code: "P1",
        name: "Pump line 1 (CP-40)",
        targetPerHour: 22,
        stations: [
          { code: "P1-010", name: "Housing preparation", idealCycleSeconds: 112, metrics: [{ name: "conveyor_speed_m_min", unit: "m/min", mean: 12, sd: 0.3 }] },
          { code: "P1-020", name: "Motor mounting", idealCycleSeconds: 118, metrics: [{ name: "nutrunner_torque_nm", unit: "N·m", mean: 6, sd: 0.15 }, { name: "spindle_temp_c", unit: "°C", mean: 36, sd: 1 }] },
          { code: "P1-030", name: "Impeller fitting", idealCycleSeconds: 115, metrics: [{ name: "press_force_kn", unit: "kN", mean: 2.5, sd: 0.1 }, { name: "vibration_mm_s", unit: "mm/s", mean: 1.5, sd: 0.2 }] },
          { code: "P1-040", name: "Controller fitting", idealCycleSeconds: 110, metrics: [{ name: "esd_ground_mohm", unit: "MΩ", mean: 1.2, sd: 0.1 }] },
          { code: "P1-050", name: "Leak test", idealCycleSeconds: 125, metrics: [{ name: "test_pressure_bar", unit: "bar", mean: 6, sd: 0.05 }, { name: "chamber_temp_c", unit: "°C", mean: 23, sd: 0.6 }] },
          { code: "P1-060", name: "Performance test", idealCycleSeconds: 122, metrics: [{ name: "water_temp_c", unit: "°C", mean: 25, sd: 0.7 }, { name: "supply_voltage_v", unit: "V", mean: 230, sd: 1.2 }, { name: "flow_m3_h", unit: "m³/h", mean: 4.1, sd: 0.12 }] },
        ],
      },
      {
        code: "P2",
        name: "Pump line 2 (CP-60)",
        targetPerHour: 11,
        stations: [
          { code: "P2-010", name: "Housing and motor", idealCycleSeconds: 225, metrics: [{ name: "nutrunner_torque_nm", unit: "N·m", mean: 6, sd: 0.15 }] },
          { code: "P2-020", name: "Impeller and controller", idealCycleSeconds: 232, metrics: [{ name: "press_force_kn", unit: "kN", mean: 3, sd: 0.12 }, { name: "vibration_mm_s", unit: "mm/s", mean: 1.6, sd: 0.2 }] },
          { code: "P2-030", name: "Leak test", idealCycleSeconds: 220, metrics: [{ name: "test_pressure_bar", unit: "bar", mean: 6, sd: 0.05 }] },
          { code: "P2-040", name: "Performance test", idealCycleSeconds: 240, metrics: [{ name: "water_temp_c", unit: "°C", mean: 25, sd: 0.7 }, { name: "flow_m3_h", unit: "m³/h", mean: 6.2, sd: 0.15 }] },
        ],
      },
    ],
  },
] as const satisfies readonly { code: string; name: string; lines: readonly { code: string; name: string; targetPerHour: number; stations: readonly StationDef[] }[] }[];

export interface LineDef {
  code: string;
  name: string;
  targetPerHour: number;
  stations: readonly StationDef[];
}
export const lineDefs: readonly LineDef[] = areaDefs.flatMap((a): readonly LineDef[] => a.lines);

export type SerialPrefix = "M075" | "CP40" | "CP60";

export interface PartDef {
  partNumber: string;
  name: string;
  makeBuy: "make" | "buy";
  gtin?: string;
  serialPrefix?: SerialPrefix;
  supplier?: string;
  lotSize?: number;
}

export const partDefs: PartDef[] = [
  { partNumber: "CP40-ASM", name: "CP-40 circulation pump", makeBuy: "make", gtin: "04012345000108", serialPrefix: "CP40" },
  { partNumber: "CP60-ASM", name: "CP-60 circulation pump", makeBuy: "make", gtin: "04012345000207", serialPrefix: "CP60" },
  { partNumber: "MTR-075", name: "EC motor 75 W", makeBuy: "make", serialPrefix: "M075" },
  { partNumber: "HSG-40", name: "Pump housing CP-40, cast iron", makeBuy: "buy", supplier: "Gießerei Süd GmbH", lotSize: 300 },
  { partNumber: "HSG-60", name: "Pump housing CP-60, cast iron", makeBuy: "buy", supplier: "Gießerei Süd GmbH", lotSize: 200 },
  { partNumber: "IMP-40", name: "Impeller CP-40, PPS-GF40", makeBuy: "buy", supplier: "Kunststofftechnik Nord", lotSize: 500 },
  { partNumber: "IMP-60", name: "Impeller CP-60, PPS-GF40", makeBuy: "buy", supplier: "Kunststofftechnik Nord", lotSize: 400 },
  { partNumber: "PCB-EC1", name: "EC controller board", makeBuy: "buy", supplier: "Elektronik Werke Lübeck", lotSize: 250 },
  { partNumber: "ORG-40", name: "O-ring 40x3, FKM", makeBuy: "buy", supplier: "Dichtungs-Union", lotSize: 2000 },
  { partNumber: "ORG-40-EPDM", name: "O-ring 40x3, EPDM", makeBuy: "buy", supplier: "Dichtungs-Union", lotSize: 2000 },
  { partNumber: "SCR-M6", name: "Screw M6x16 A2-70", makeBuy: "buy", supplier: "Würth", lotSize: 10000 },
  { partNumber: "STA-075", name: "Stator 75 W, wound", makeBuy: "buy", supplier: "Wickeltechnik Kiel", lotSize: 400 },
  { partNumber: "ROT-075", name: "Rotor 75 W, permanent magnet", makeBuy: "buy", supplier: "Magnetec", lotSize: 400 },
  { partNumber: "BRG-6201", name: "Ball bearing 6201-2RS", makeBuy: "buy", supplier: "SKF", lotSize: 2000 },
];

export interface CharacteristicDef {
  name: string;
  unit: string;
  lsl: number | null;
  usl: number | null;
  nominal: number;
  sd: number;
}
export interface OperationDef {
  code: string;
  description: string;
  station: string;
  /** Chance that the first attempt fails (a measurement out of limits). */
  failRate: number;
  characteristics: CharacteristicDef[];
  installs: { partNumber: string; qty: number }[];
}
export interface RevisionDef {
  revision: string;
  status: "released" | "superseded" | "draft";
  description: string;
  line: string;
  bom: { partNumber: string; qty: number; refDes?: string }[];
  routing: OperationDef[];
}

const c = (name: string, unit: string, lsl: number | null, usl: number | null, nominal: number, sd: number): CharacteristicDef => ({ name, unit, lsl, usl, nominal, sd });

const motorRouting: OperationDef[] = [
  { code: "OP10", description: "Press stator into frame", station: "M1-010", failRate: 0.006, characteristics: [c("press_force_kn", "kN", 8, 12, 10, 0.55)], installs: [{ partNumber: "STA-075", qty: 1 }] },
  { code: "OP20", description: "Insert rotor", station: "M1-020", failRate: 0.008, characteristics: [c("air_gap_mm", "mm", 0.35, 0.55, 0.45, 0.028)], installs: [{ partNumber: "ROT-075", qty: 1 }] },
  { code: "OP30", description: "Press bearings", station: "M1-030", failRate: 0.01, characteristics: [c("press_depth_mm", "mm", 12.4, 12.6, 12.5, 0.027)], installs: [{ partNumber: "BRG-6201", qty: 2 }] },
  { code: "OP40", description: "High-voltage insulation test", station: "M1-040", failRate: 0.015, characteristics: [c("leakage_current_ma", "mA", null, 5, 1.8, 0.7), c("insulation_mohm", "MΩ", 100, null, 420, 60)], installs: [] },
  { code: "OP50", description: "Run-in test", station: "M1-050", failRate: 0.02, characteristics: [c("no_load_current_a", "A", 0.3, 0.45, 0.375, 0.02), c("speed_rpm", "rpm", 2750, 2950, 2850, 28)], installs: [] },
];

function pumpRouting(line: "P1" | "P2", housing: string, impeller: string, oring: string, screws: number): OperationDef[] {
  const performance = line === "P1"
    ? [c("flow_m3_h", "m³/h", 3.8, 4.4, 4.1, 0.09), c("head_m", "m", 5.6, 6.4, 6, 0.12), c("power_w", "W", 60, 75, 67, 2.2)]
    : [c("flow_m3_h", "m³/h", 5.8, 6.6, 6.2, 0.12), c("head_m", "m", 7.5, 8.5, 8, 0.15), c("power_w", "W", 80, 98, 88, 2.8)];
  if (line === "P1") {
    return [
      { code: "OP10", description: "Prepare housing, fit O-ring", station: "P1-010", failRate: 0.004, characteristics: [], installs: [{ partNumber: housing, qty: 1 }, { partNumber: oring, qty: 1 }] },
      { code: "OP20", description: "Mount motor", station: "P1-020", failRate: 0.012, characteristics: [c("screw_torque_nm", "N·m", 5.5, 6.5, 6, 0.15)], installs: [{ partNumber: "MTR-075", qty: 1 }, { partNumber: "SCR-M6", qty: screws }] },
      { code: "OP30", description: "Fit impeller", station: "P1-030", failRate: 0.01, characteristics: [c("impeller_runout_mm", "mm", null, 0.08, 0.035, 0.012)], installs: [{ partNumber: impeller, qty: 1 }] },
      { code: "OP40", description: "Fit controller board", station: "P1-040", failRate: 0.006, characteristics: [c("ground_resistance_mohm", "mΩ", null, 100, 42, 12)], installs: [{ partNumber: "PCB-EC1", qty: 1 }] },
      { code: "OP50", description: "Leak test", station: "P1-050", failRate: 0.03, characteristics: [c("leak_rate_mbar_l_s", "mbar·l/s", null, 0.05, 0.018, 0.008)], installs: [] },
      { code: "OP60", description: "Performance test", station: "P1-060", failRate: 0.025, characteristics: performance, installs: [] },
    ];
  }
  return [
    { code: "OP10", description: "Prepare housing, mount motor", station: "P2-010", failRate: 0.012, characteristics: [c("screw_torque_nm", "N·m", 5.5, 6.5, 6, 0.15)], installs: [{ partNumber: housing, qty: 1 }, { partNumber: oring, qty: 1 }, { partNumber: "MTR-075", qty: 1 }, { partNumber: "SCR-M6", qty: screws }] },
    { code: "OP20", description: "Fit impeller and controller board", station: "P2-020", failRate: 0.012, characteristics: [c("impeller_runout_mm", "mm", null, 0.08, 0.035, 0.012)], installs: [{ partNumber: impeller, qty: 1 }, { partNumber: "PCB-EC1", qty: 1 }] },
    { code: "OP30", description: "Leak test", station: "P2-030", failRate: 0.03, characteristics: [c("leak_rate_mbar_l_s", "mbar·l/s", null, 0.05, 0.018, 0.008)], installs: [] },
    { code: "OP40", description: "Performance test", station: "P2-040", failRate: 0.025, characteristics: performance, installs: [] },
  ];
}

function bomOf(routing: OperationDef[]) {
  return routing.flatMap((op) => op.installs.map((i) => ({ partNumber: i.partNumber, qty: i.qty })));
}

const cp40A = pumpRouting("P1", "HSG-40", "IMP-40", "ORG-40-EPDM", 4);
const cp40B = pumpRouting("P1", "HSG-40", "IMP-40", "ORG-40", 4);
const cp60A = pumpRouting("P2", "HSG-60", "IMP-60", "ORG-40", 4);

/** Per part number, its revisions oldest first. Units are built on the last released one. */
export const revisionDefs: Record<string, RevisionDef[]> = {
  "MTR-075": [{ revision: "B", status: "released", description: "EC motor, 75 W, PM rotor", line: "M1", bom: bomOf(motorRouting), routing: motorRouting }],
  "CP40-ASM": [
    { revision: "A", status: "superseded", description: "Initial release, EPDM O-ring", line: "P1", bom: bomOf(cp40A), routing: cp40A },
    { revision: "B", status: "released", description: "FKM O-ring against leak-test failures (ECO-0001)", line: "P1", bom: bomOf(cp40B), routing: cp40B },
  ],
  "CP60-ASM": [{ revision: "A", status: "released", description: "Initial release", line: "P2", bom: bomOf(cp60A), routing: cp60A }],
};

export const demoPassword = "threadline-demo";

export const userDefs: { email: string; name: string; role: Role }[] = [
  { email: "viewer@threadline.demo", name: "Victor Lang", role: "viewer" },
  { email: "operator@threadline.demo", name: "Olga Novak", role: "operator" },
  { email: "supervisor@threadline.demo", name: "Sam Petersen", role: "supervisor" },
  { email: "quality@threadline.demo", name: "Quinn Adler", role: "quality" },
  { email: "engineer@threadline.demo", name: "Elena Hart", role: "engineer" },
  { email: "engineer2@threadline.demo", name: "Erik Brandt", role: "engineer" },
  { email: "planner@threadline.demo", name: "Paul Richter", role: "planner" },
  { email: "manager@threadline.demo", name: "Mara Vogel", role: "manager" },
  { email: "admin@threadline.demo", name: "Alex Morgan", role: "admin" },
];

export const operatorNames = ["o.novak", "j.schulz", "m.yilmaz", "k.weber", "a.kowalski", "t.nguyen"];

export const downtimeReasonDefs = [
  { code: "MECH", name: "Mechanical failure", category: "Breakdown" },
  { code: "ELEC", name: "Electrical failure", category: "Breakdown" },
  { code: "TOOL", name: "Tool change / wear", category: "Setup" },
  { code: "MAT", name: "Material shortage", category: "Logistics" },
  { code: "QUAL", name: "Quality hold", category: "Quality" },
  { code: "OPER", name: "No operator", category: "Organisation" },
  { code: "PM", name: "Preventive maintenance", category: "Planned" },
];

export const machineDownReasons = ["E-STOP", "PRESS_OVERLOAD", "GUARD_OPEN", "SENSOR_FAULT", "AIR_PRESSURE_LOW", "PART_JAM"];
