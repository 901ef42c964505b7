import type { Metadata } from "next";
import Link from "next/link";

import { ApiTokensAdmin } from "@/components/admin/api-tokens-admin";
import { Card } from "@/components/ui/card";
import { NotAllowed } from "@/components/ui/not-allowed";
import { PageHeader } from "@/components/ui/page-header";
import { caller } from "@/server/api/rsc";
import { requirePermission } from "@/server/auth/current-user";

export const metadata: Metadata = { title: "API tokens" };

export default async function ApiTokensPage() {
  const { isAllowed } = await requirePermission("administer");
  if (!isAllowed) return <NotAllowed what="API tokens are for administrators." />;
  const api = await caller();
  const [tokens, timeZone] = await Promise.all([api.admin.apiTokens(), api.changes.timeZone()]);
  return (
    <>
      <PageHeader
        title="API tokens"
        description="Service accounts for ERP, MES and BI systems on the REST API (/api/v1). A token acts with its role, limited to its scopes when it has any; what it changes is audited under its name."
        actions={
          <div className="flex gap-4 text-sm">
            <Link href="/api-reference" className="text-sky-700 hover:underline">
              API reference
            </Link>
            <Link href="/admin" className="text-sky-700 hover:underline">
              Back to admin
            </Link>
          </div>
        }
      />
      <Card title="Tokens" isFlush>
        <ApiTokensAdmin tokens={tokens} timeZone={timeZone} />
      </Card>
    </>
  );
}
