import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";

import type { SqlClient } from "../index";

export type Cell = string | number | boolean | Date | null | undefined;

function cell(value: Cell): string {
  if (value === null || value === undefined) return "\\N";
  if (value instanceof Date) return value.toISOString();
  if (typeof value === "boolean") return value ? "t" : "f";
  if (typeof value === "number") return String(value);
  return value.replace(/\\/g, "\\\\").replace(/\t/g, "\\t").replace(/\n/g, "\\n").replace(/\r/g, "\\r");
}

export function row(...values: Cell[]): string {
  return values.map(cell).join("\t") + "\n";
}

/** COPY pre-formatted rows into a table: ~10x faster than multi-row INSERT for bulk loads. */
export async function copyRows(sql: SqlClient, table: string, columns: string[], rows: string[]) {
  if (rows.length === 0) return;
  const writable = await sql`copy ${sql(table)} (${sql(columns)}) from stdin`.writable();
  function* chunks() {
    for (let i = 0; i < rows.length; i += 2000) yield rows.slice(i, i + 2000).join("");
  }
  await pipeline(Readable.from(chunks()), writable);
}
