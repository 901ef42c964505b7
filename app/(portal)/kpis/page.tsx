import type { Metadata } from "next";

import { PageHeader } from "@/components/ui/page-header";

export const metadata: Metadata = { title: "KPIs" };

export default function KpisPage() {
  return (
    <>
      <PageHeader title="KPIs" description="First-pass yield, OEE, scrap and change cycle time." />
      <p className="rounded-lg border border-dashed border-slate-300 bg-white p-6 text-sm text-slate-600">
        The KPI pages are not built yet (issue #6).
      </p>
    </>
  );
}
