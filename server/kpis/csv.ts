type Cell = string | number | boolean | Date | null | undefined;

function cell(value: Cell) {
  if (value === null || value === undefined) return "";
  const text = value instanceof Date ? value.toISOString() : String(value);
  // Quote what would break the row, and defuse spreadsheet formulas.
  const safe = /^[=+\-@]/.test(text) && typeof value === "string" ? `'${text}` : text;
  return /[",\n\r]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** RFC 4180 CSV with a header row. */
export function toCsv<T>(rows: readonly T[], columns: readonly (readonly [header: string, value: (row: T) => Cell])[]) {
  const lines = [columns.map(([header]) => cell(header)).join(","), ...rows.map((row) => columns.map(([, value]) => cell(value(row))).join(","))];
  return `${lines.join("\r\n")}\r\n`;
}
