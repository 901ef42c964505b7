/** The import files and their columns (docs/master-data-import.md). Headers are matched without regard to case. */
export const fileColumns = {
  parts: {
    required: ["part_number", "name", "make_buy", "serialized", "unit_of_measure"],
    optional: ["gtin"],
  },
  bom: {
    required: ["parent", "child", "find_number", "qty"],
    optional: ["reference_designator"],
  },
  routing: {
    required: ["part", "op_code", "sequence", "station_code", "description"],
    optional: ["work_instruction"],
  },
  characteristics: {
    required: ["part", "op_code", "name", "unit"],
    optional: ["lsl", "usl", "nominal"],
  },
  documents: {
    required: ["document_number", "title", "kind", "revision"],
    optional: ["location", "text"],
  },
} as const;

export type FileKind = keyof typeof fileColumns;
export const fileKinds = Object.keys(fileColumns) as FileKind[];

/** Units a part is counted in. */
export const unitsOfMeasure = ["ea", "pair", "set", "kit", "roll", "mm", "m", "m2", "m3", "g", "kg", "ml", "l"] as const;

/** Units a characteristic is measured in; written as the shop floor writes them, with ASCII spellings accepted. */
export const measurementUnits = [
  "mm",
  "µm",
  "m",
  "kN",
  "N",
  "N·m",
  "bar",
  "kPa",
  "MPa",
  "V",
  "mV",
  "A",
  "mA",
  "MΩ",
  "Ω",
  "°C",
  "rpm",
  "s",
  "ms",
  "%",
  "g",
  "kg",
  "l/min",
  "m³/h",
  "mm/s",
  "ml/min",
  "W",
  "Hz",
  "dB",
] as const;
const unitAliases: Record<string, string> = {
  um: "µm",
  Nm: "N·m",
  "N.m": "N·m",
  MOhm: "MΩ",
  Mohm: "MΩ",
  ohm: "Ω",
  degC: "°C",
  "m3/h": "m³/h",
};

/** The canonical spelling of a measurement unit, or null when it is not one. */
export function parseMeasurementUnit(value: string): string | null {
  const unit = unitAliases[value] ?? value;
  return (measurementUnits as readonly string[]).includes(unit) ? unit : null;
}

export const documentKinds = ["work_instruction", "drawing", "cad", "specification"] as const;

export const MAX_FILE_BYTES = 50 * 1024 * 1024;

/** parts.csv, Parts.xlsx → "parts"; anything else is not an import file. */
export function kindOfFile(fileName: string): FileKind | null {
  const match = /^([a-z]+)\.(csv|xlsx)$/i.exec(fileName.split(/[\\/]/).pop() ?? "");
  const base = match?.[1]?.toLowerCase();
  return base && base in fileColumns ? (base as FileKind) : null;
}

export interface Problem {
  file: string;
  /** The row as a spreadsheet numbers it (the header is row 1); null for the whole file. */
  row: number | null;
  column: string | null;
  message: string;
}

/** How far a long step got, for the upload page and the benchmark. */
export type Progress = (step: { phase: string; done: number; total: number }) => void;
