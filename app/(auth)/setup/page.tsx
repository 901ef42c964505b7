import type { Metadata } from "next";
import { notFound } from "next/navigation";

import { Logo } from "@/components/shell/logo";
import { isSetupPending } from "@/server/auth/setup";
import { getDb } from "@/server/db";

import { SetupForm } from "./setup-form";

export const metadata: Metadata = { title: "Set up Threadline" };

/** The first visit to a portal without users (README, "An empty start"); afterwards not found. */
export default async function SetupPage() {
  if (!(await isSetupPending(getDb()))) notFound();
  return (
    <main className="flex min-h-screen items-center justify-center bg-gradient-to-br from-slate-900 via-slate-800 to-sky-900 p-4">
      <div className="w-full max-w-md space-y-6 rounded-xl bg-white p-8 shadow-2xl">
        <div className="space-y-2">
          <Logo className="text-xl text-slate-900" />
          <h1 className="text-lg font-semibold">Set up Threadline</h1>
          <p className="text-sm text-slate-600">
            This portal has no users yet. Enter the setup code from the web server&apos;s console and create the first administrator; they add everyone else under
            Admin.
          </p>
        </div>
        <SetupForm />
      </div>
    </main>
  );
}
