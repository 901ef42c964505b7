import type { Metadata } from "next";
import Link from "next/link";

import { AuthPanel } from "@/components/account/auth-panel";
import { ChangePasswordForm } from "@/components/account/change-password-form";
import { requireSignedIn } from "@/server/auth/current-user";

export const metadata: Metadata = { title: "Change password" };

export default async function ChangePasswordPage() {
  const user = await requireSignedIn();
  return (
    <AuthPanel
      title={user.mustChangePassword ? "Choose your own password" : "Change your password"}
      description={user.mustChangePassword ? `${user.name}, an administrator set your current password. Choose one only you know before you go on.` : `${user.name}, enter your current password and a new one.`}
    >
      <ChangePasswordForm email={user.email} />
      {!user.mustChangePassword && (
        <Link href="/lines" className="block text-center text-sm text-sky-700 hover:underline">
          Back to the portal
        </Link>
      )}
    </AuthPanel>
  );
}
