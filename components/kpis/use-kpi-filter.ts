"use client";

import { parseAsInteger, useQueryStates } from "nuqs";
import { useTransition } from "react";

import { kpiSearchParams, toKpiInput, type KpiSearchValues } from "./search-params";

const withPage = { ...kpiSearchParams, page: parseAsInteger };

/** The filter from the URL; changing it keeps the current figures on screen until the new ones arrive, and goes back to page 1. */
export function useKpiFilter() {
  const [isPending, startTransition] = useTransition();
  const [values, setAll] = useQueryStates(withPage, { startTransition, history: "push" });
  const setValues = (next: Partial<KpiSearchValues>) => setAll({ ...next, page: null });
  return { values, input: toKpiInput(values), setValues, isPending };
}
