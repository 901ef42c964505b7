import { LogOut, Search } from "lucide-react";
import Link from "next/link";
import type { ReactNode } from "react";

import { InboxBell } from "@/components/notifications/inbox-bell";
import { Button } from "@/components/ui/button";
import { controlVariants } from "@/components/ui/control";
import { can, roleLabels, type SessionUser } from "@/server/auth/roles";
import { signOut } from "@/server/auth";

import { Logo } from "./logo";
import { NavLinks, type NavItem } from "./nav-links";

async function signOutAction() {
  "use server";
  await signOut({ redirectTo: "/sign-in" });
}

export function AppShell({ user, children }: { user: SessionUser; children: ReactNode }) {
  const items: NavItem[] = [
    { href: "/lines", label: "Lines", icon: "lines" },
    { href: "/work-orders", label: "Work orders", icon: "workOrders" },
    ...(can(user.role, "traceability") ? [{ href: "/traceability", label: "Traceability", icon: "traceability" } as const] : []),
    { href: "/changes", label: "Changes", icon: "changes" },
    { href: "/kpis", label: "KPIs", icon: "kpis" },
    ...(can(user.role, "importMasterData") ? [{ href: "/master-data/import", label: "Master data", icon: "masterData" } as const] : []),
    ...(can(user.role, "administer") ? [{ href: "/admin", label: "Admin", icon: "admin" } as const] : []),
  ];
  return (
    <div className="min-h-screen lg:grid lg:grid-cols-[14rem_1fr]">
      {/* The first stop of the Tab key: past the navigation to the page itself. */}
      <a href="#main" className="sr-only z-50 rounded-md bg-white px-3 py-2 text-sm font-medium text-sky-800 shadow-lg focus:not-sr-only focus:fixed focus:top-2 focus:left-2">
        Skip to content
      </a>
      {/* The dark column runs the page's whole height; only its contents stick to the top while the page scrolls. */}
      <aside className="bg-slate-900 px-3 py-3 text-white lg:py-0">
        <div className="flex items-center gap-4 lg:sticky lg:top-0 lg:max-h-screen lg:flex-col lg:items-stretch lg:gap-6 lg:overflow-y-auto lg:py-5">
          <Link href="/lines" className="px-2">
            <Logo className="text-white" />
          </Link>
          <NavLinks items={items} />
        </div>
      </aside>
      <div className="flex min-w-0 flex-col">
        <header className="flex flex-wrap items-center gap-3 border-b border-slate-200 bg-white px-4 py-2">
          {can(user.role, "traceability") && (
            <form action="/traceability" role="search" className="relative min-w-0 flex-1 sm:max-w-md">
              <Search className="pointer-events-none absolute top-1/2 left-2.5 size-4 -translate-y-1/2 text-slate-400" aria-hidden="true" />
              <input name="q" type="search" aria-label="Search serial, lot, work order or part" placeholder="Serial, lot, work order, part…" className={controlVariants({ size: "sm", className: "py-1.5 pl-8" })} />
            </form>
          )}
          <div className="ml-auto flex items-center gap-3">
            <InboxBell />
            <div className="text-right leading-tight">
              <Link href="/account/password" className="block text-sm font-medium hover:underline" data-testid="user-name" title="Change your password">
                {user.name}
              </Link>
              <div className="text-xs text-slate-500" data-testid="user-role">
                {roleLabels[user.role]}
              </div>
            </div>
            <form action={signOutAction}>
              <Button type="submit" variant="secondary" size="sm">
                <LogOut className="size-4" aria-hidden="true" />
                Sign out
              </Button>
            </form>
          </div>
        </header>
        <main id="main" tabIndex={-1} className="min-w-0 flex-1 p-4 focus:outline-none lg:p-6">
          {children}
        </main>
      </div>
    </div>
  );
}
