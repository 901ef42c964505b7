import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";

import { ShiftCalendarEditor } from "@/components/admin/shift-calendar-editor";
import { buttonVariants } from "@/components/ui/button";
import { NotAllowed } from "@/components/ui/not-allowed";
import { PageHeader } from "@/components/ui/page-header";
import { caller } from "@/server/api/rsc";
import { requirePermission } from "@/server/auth/current-user";
import { INT4_MAX } from "@/server/input";

export const metadata: Metadata = { title: "Shift calendar" };

export default async function ShiftCalendarPage({ params }: { params: Promise<{ id: string }> }) {
  const { isAllowed } = await requirePermission("administer");
  if (!isAllowed) return <NotAllowed what="Shift calendars are set up by administrators." />;
  const lineId = Number((await params).id);
  if (!Number.isInteger(lineId) || lineId < 1 || lineId > INT4_MAX) notFound();
  const calendar = await (await caller()).equipment.shiftCalendar({ lineId }).catch(() => null);
  if (!calendar) notFound();
  const { line } = calendar;
  return (
    <>
      <PageHeader
        title={`Shift calendar: ${line.code} ${line.name}`}
        description={`${line.siteName}, times in ${line.timeZone}. The current shift on the live views, the shift's output target (${line.targetPerHour} per hour, less planned stops) and the KPI shift window follow it.`}
        actions={
          <Link href="/admin/equipment" className={buttonVariants({ variant: "secondary", size: "sm" })}>
            Back to equipment
          </Link>
        }
      />
      <ShiftCalendarEditor calendar={calendar} />
    </>
  );
}
