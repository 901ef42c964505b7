import type { Metadata } from "next";
import Link from "next/link";

import { AuditVerification } from "@/components/admin/audit-verification";
import { DowntimeReasons } from "@/components/admin/downtime-reasons";
import { buttonVariants } from "@/components/ui/button";
import { NotAllowed } from "@/components/ui/not-allowed";
import { PageHeader } from "@/components/ui/page-header";
import { caller } from "@/server/api/rsc";
import { requirePermission } from "@/server/auth/current-user";
import { roleLabels } from "@/server/auth/roles";

export const metadata: Metadata = { title: "Admin" };

export default async function AdminPage() {
  const { isAllowed } = await requirePermission("administer");
  if (!isAllowed) return <NotAllowed what="Administration is for administrators." />;
  const api = await caller();
  const [users, reasons] = await Promise.all([api.admin.users(), api.admin.downtimeReasons()]);
  return (
    <>
      <PageHeader
        title="Admin"
        description="Users and roles, the downtime reasons supervisors choose from, and the integrity of the audit log."
        actions={
          <div className="flex gap-2">
            <Link href="/admin/equipment" className={buttonVariants({ variant: "secondary", size: "sm" })}>
              Equipment
            </Link>
            <Link href="/admin/ingestion" className={buttonVariants({ variant: "secondary", size: "sm" })}>
              Ingestion health
            </Link>
          </div>
        }
      />
      <div className="grid gap-6 xl:grid-cols-2">
        <section aria-labelledby="users" className="rounded-lg border border-slate-200 bg-white">
          <h2 id="users" className="border-b border-slate-100 px-4 py-3 font-semibold">
            Users
          </h2>
          <table className="w-full text-left text-sm">
            <thead className="text-xs text-slate-500 uppercase">
              <tr>
                <th className="px-4 py-2">Name</th>
                <th className="px-4 py-2">E-mail</th>
                <th className="px-4 py-2">Role</th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {users.map((u) => (
                <tr key={u.id} className={u.isActive ? "" : "text-slate-400"}>
                  <td className="px-4 py-2">{u.name}</td>
                  <td className="px-4 py-2 font-mono text-xs">{u.email}</td>
                  <td className="px-4 py-2">{roleLabels[u.role]}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
        <div className="space-y-6">
          <section aria-labelledby="downtime-reasons" className="rounded-lg border border-slate-200 bg-white">
            <h2 id="downtime-reasons" className="border-b border-slate-100 px-4 py-3 font-semibold">
              Downtime reasons
            </h2>
            <DowntimeReasons reasons={reasons} />
          </section>
          <section aria-labelledby="audit" className="rounded-lg border border-slate-200 bg-white p-4">
            <h2 id="audit" className="mb-1 font-semibold">
              Audit log
            </h2>
            <p className="mb-3 text-sm text-slate-600">
              Every entry holds the hash of the one before it and a MAC under a key the database never sees; the chain&apos;s head is anchored outside the database. An altered, rewritten or deleted entry is found.
            </p>
            <AuditVerification />
          </section>
        </div>
      </div>
    </>
  );
}
