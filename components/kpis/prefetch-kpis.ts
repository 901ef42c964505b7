import "server-only";

import { caller } from "@/server/api/rsc";
import type { KpiFilter } from "@/server/kpis/windows";

/**
 * Runs the page's prefetches only for a filter the server accepts: a rejected
 * prefetch would reach the browser with its message redacted, while the
 * browser's own request shows the real one.
 */
export async function prefetchIfValid(input: KpiFilter, prefetch: () => void) {
  const api = await caller();
  const isValid = await api.kpis.scope(input).then(
    () => true,
    () => false,
  );
  if (isValid) prefetch();
}
