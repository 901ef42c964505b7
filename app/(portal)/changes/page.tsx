import type { Metadata } from "next";
import Link from "next/link";

import { ChangesFilters, parseChangesFilters } from "@/components/changes/changes-filters";
import { EcoTable, EcrTable } from "@/components/changes/change-tables";

import { WaitingForMe } from "@/components/changes/waiting-for-me";
import { cn } from "@/components/ui/cn";
import { PageHeader } from "@/components/ui/page-header";
import { caller } from "@/server/api/rsc";
import { requireUser } from "@/server/auth/current-user";
import { can } from "@/server/auth/roles";
import { buttonVariants } from "@/components/ui/button";

export const metadata: Metadata = { title: "Changes" };

export default async function ChangesPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const user = await requireUser();
  const api = await caller();
  const filters = parseChangesFilters(await searchParams);
  const common = { partNumber: filters.part, minAgeDays: filters.age, limit: 100 };
  const [timeZone, waiting, parts, owners] = await Promise.all([api.changes.timeZone(), api.changes.waitingForMe(), api.changes.parts(), api.changes.owners()]);
  const isOrders = filters.tab === "ecos";
  const canAuthor = can(user.role, "authorChanges");
  const tabHref = (tab: "ecrs" | "ecos") => (tab === "ecrs" ? "/changes" : "/changes?tab=ecos");

  return (
    <>
      <PageHeader
        title="Changes"
        description="Engineering change requests (ECR) and orders (ECO): raised, signed off and carried to production."
        actions={
          canAuthor && (
            <div className="flex gap-2">
              <Link href="/changes/ecrs/new" className={buttonVariants()}>
                New ECR
              </Link>
              <Link href="/changes/ecos/new" className={buttonVariants({ variant: "secondary" })}>
                New ECO
              </Link>
            </div>
          )
        }
      />
      <WaitingForMe waiting={waiting} />
      <nav aria-label="Change lists" className="mt-6 mb-3 flex gap-1 border-b border-slate-200">
        {(["ecrs", "ecos"] as const).map((tab) => (
          <Link
            key={tab}
            href={tabHref(tab)}
            aria-current={filters.tab === tab ? "page" : undefined}
            className={cn("-mb-px border-b-2 px-3 py-2 text-sm font-medium", filters.tab === tab ? "border-sky-700 text-sky-800" : "border-transparent text-slate-600 hover:text-slate-900")}
          >
            {tab === "ecrs" ? "Requests (ECR)" : "Orders (ECO)"}
          </Link>
        ))}
      </nav>
      <ChangesFilters filters={filters} parts={parts} owners={owners} />
      {isOrders ? (
        <EcoTable rows={await api.changes.ecos({ ...common, status: filters.ecoStatus, authorId: filters.owner })} timeZone={timeZone} />
      ) : (
        <EcrTable rows={await api.changes.ecrs({ ...common, status: filters.ecrStatus, requesterId: filters.owner })} timeZone={timeZone} />
      )}
    </>
  );
}
