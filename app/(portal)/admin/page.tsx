import type { Metadata } from "next";
import Link from "next/link";

import { AuditVerification } from "@/components/admin/audit-verification";
import { DowntimeReasons } from "@/components/admin/downtime-reasons";
import { UsersAdmin } from "@/components/admin/users-admin";
import { buttonVariants } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { NotAllowed } from "@/components/ui/not-allowed";
import { PageHeader } from "@/components/ui/page-header";
import { caller } from "@/server/api/rsc";
import { requirePermission } from "@/server/auth/current-user";
import { mailConfig } from "@/server/notifications/mail";

export const metadata: Metadata = { title: "Admin" };

export default async function AdminPage() {
  const { user, isAllowed } = await requirePermission("administer");
  if (!isAllowed) return <NotAllowed what="Administration is for administrators." />;
  const api = await caller();
  const [users, reasons] = await Promise.all([api.admin.users(), api.admin.downtimeReasons()]);
  const mail = mailConfig();
  return (
    <>
      <PageHeader
        title="Admin"
        description={`Users and roles, the downtime reasons supervisors choose from, and the integrity of the audit log. E-mail notifications: ${mail.smtpUrl ? `on, from ${mail.from} through ${new URL(mail.smtpUrl).host}` : "off (SMTP_URL is not set); the inbox works without it"}.`}
        actions={
          <div className="flex gap-2">
            <Link href="/admin/equipment" className={buttonVariants({ variant: "secondary", size: "sm" })}>
              Equipment
            </Link>
            <Link href="/admin/ingestion" className={buttonVariants({ variant: "secondary", size: "sm" })}>
              Ingestion health
            </Link>
            <Link href="/admin/api-tokens" className={buttonVariants({ variant: "secondary", size: "sm" })}>
              API tokens
            </Link>
            <Link href="/admin/retention" className={buttonVariants({ variant: "secondary", size: "sm" })}>
              Data retention
            </Link>
            <Link href="/admin/webhooks" className={buttonVariants({ variant: "secondary", size: "sm" })}>
              Webhooks
            </Link>
          </div>
        }
      />
      <div className="space-y-6">
        <Card title="Users" isFlush>
          <UsersAdmin users={users} currentUserId={user.id} />
        </Card>
        <div className="grid gap-6 xl:grid-cols-2">
          <Card title="Downtime reasons" isFlush>
            <DowntimeReasons reasons={reasons} />
          </Card>
          <Card title="Audit log" description="Every entry holds the hash of the one before it and a MAC under a key the database never sees; the chain's head is anchored outside the database. An altered, rewritten or deleted entry is found.">
            <AuditVerification />
          </Card>
        </div>
      </div>
    </>
  );
}
