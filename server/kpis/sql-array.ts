/**
 * A Postgres array literal, for `${pgArray(values)}::timestamptz[]`: postgres.js
 * serialises JS arrays only for some element types, a literal works for all.
 */
export function pgArray(values: readonly (string | number)[]) {
  return `{${values.map((v) => `"${String(v).replace(/(["\\])/g, "\\$1")}"`).join(",")}}`;
}
