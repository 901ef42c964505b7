import type { ReactNode } from "react";

import { Logo } from "@/components/shell/logo";

/** The frame of the pages outside the portal's shell (sign-in, change password): one card on the dark backdrop. */
export function AuthPanel({ title, description, children }: { title: string; description: ReactNode; children: ReactNode }) {
  return (
    <main className="flex min-h-screen items-center justify-center bg-gradient-to-br from-slate-900 via-slate-800 to-sky-900 p-4">
      <div className="w-full max-w-sm space-y-6 rounded-xl bg-white p-8 shadow-2xl">
        <div className="space-y-2">
          <Logo className="text-xl text-slate-900" />
          <h1 className="text-lg font-semibold">{title}</h1>
          <p className="text-sm text-slate-600">{description}</p>
        </div>
        {children}
      </div>
    </main>
  );
}
