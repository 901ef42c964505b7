"use client";

import { Suspense, type ReactNode } from "react";

import { KpiCards } from "./kpi-cards";
import { KpiErrorBoundary } from "./kpi-error-boundary";
import { KpiParetos } from "./kpi-paretos";
import { KpiTrendChart } from "./kpi-trend-chart";
import { LineComparison } from "./line-comparison";
import { useKpiFilter } from "./use-kpi-filter";

export function KpiWidget({ children, height = "h-40" }: { children: ReactNode; height?: string }) {
  const { input } = useKpiFilter();
  return (
    <KpiErrorBoundary resetKey={JSON.stringify(input)}>
      <Suspense fallback={<div className={`${height} animate-pulse rounded-lg border border-slate-200 bg-slate-100`} aria-label="Loading" />}>{children}</Suspense>
    </KpiErrorBoundary>
  );
}

export function KpiDashboard() {
  return (
    <div className="space-y-4">
      <KpiWidget>
        <KpiCards />
      </KpiWidget>
      <div className="grid gap-4 xl:grid-cols-2">
        <KpiWidget height="h-72">
          <KpiTrendChart />
        </KpiWidget>
        <KpiWidget height="h-72">
          <LineComparison />
        </KpiWidget>
      </div>
      <KpiWidget height="h-64">
        <KpiParetos />
      </KpiWidget>
    </div>
  );
}
