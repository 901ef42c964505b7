import type { Metadata } from "next";
import Link from "next/link";

import { PreferencesForm } from "@/components/notifications/preferences-form";
import { Card } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { caller } from "@/server/api/rsc";
import { mailConfig } from "@/server/notifications/mail";

export const metadata: Metadata = { title: "Notification settings" };

export default async function NotificationSettingsPage() {
  const form = await (await caller()).notifications.preferences();
  const mail = mailConfig();
  return (
    <>
      <PageHeader
        title="Notification settings"
        description={form.preferences.isDefault ? "You follow your role's defaults: requests to act (signatures, administrator alerts). Choose your own below." : "What you are told of, in the inbox and by e-mail."}
        actions={
          <div className="flex gap-4 text-sm">
            <Link href="/inbox" className="text-sky-700 hover:underline">
              Inbox
            </Link>
            <Link href="/account/password" className="text-sky-700 hover:underline">
              Change password
            </Link>
          </div>
        }
      />
      <Card title="Notifications">
        <PreferencesForm form={form} isMailOn={mail.smtpUrl !== null} digestHour={mail.digestHour} />
      </Card>
    </>
  );
}
