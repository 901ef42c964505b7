/**
 * A Postgres array literal, for `${pgArray(values)}::timestamptz[]`: postgres.js
 * serialises JS arrays only for some element types, a literal works for all. null becomes NULL.
 */
export function pgArray(values: readonly (string | number | null)[]) {
  return `{${values.map((v) => (v === null ? "NULL" : `"${String(v).replace(/(["\\])/g, "\\$1")}"`)).join(",")}}`;
}
