import type { Metadata } from "next";
import Link from "next/link";

import { ChangePasswordForm } from "@/components/account/change-password-form";
import { Logo } from "@/components/shell/logo";
import { requireSignedIn } from "@/server/auth/current-user";

export const metadata: Metadata = { title: "Change password" };

export default async function ChangePasswordPage() {
  const user = await requireSignedIn();
  return (
    <main className="flex min-h-screen items-center justify-center bg-gradient-to-br from-slate-900 via-slate-800 to-sky-900 p-4">
      <div className="w-full max-w-sm space-y-6 rounded-xl bg-white p-8 shadow-2xl">
        <div className="space-y-2">
          <Logo className="text-xl text-slate-900" />
          <h1 className="text-lg font-semibold">{user.mustChangePassword ? "Choose your own password" : "Change your password"}</h1>
          <p className="text-sm text-slate-600">
            {user.mustChangePassword
              ? `${user.name}, an administrator set your current password. Choose one only you know before you go on.`
              : `${user.name}, enter your current password and a new one.`}
          </p>
        </div>
        <ChangePasswordForm email={user.email} />
        {!user.mustChangePassword && (
          <Link href="/lines" className="block text-center text-sm text-sky-700 hover:underline">
            Back to the portal
          </Link>
        )}
      </div>
    </main>
  );
}
