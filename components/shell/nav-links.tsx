"use client";

import { Activity, BarChart3, ClipboardList, FileDiff, FileUp, ScanSearch, ShieldCheck } from "lucide-react";
import Link from "next/link";
import { usePathname } from "next/navigation";

import { cn } from "@/components/ui/cn";

const icons = { lines: Activity, workOrders: ClipboardList, traceability: ScanSearch, changes: FileDiff, kpis: BarChart3, masterData: FileUp, admin: ShieldCheck };

export interface NavItem {
  href: string;
  label: string;
  icon: keyof typeof icons;
}

export function NavLinks({ items }: { items: NavItem[] }) {
  const pathname = usePathname();
  return (
    <nav aria-label="Main" className="flex gap-1 overflow-x-auto lg:flex-col">
      {items.map((item) => {
        const Icon = icons[item.icon];
        const isActive = pathname === item.href || pathname.startsWith(`${item.href}/`);
        return (
          <Link
            key={item.href}
            href={item.href}
            aria-current={isActive ? "page" : undefined}
            className={cn(
              "flex shrink-0 items-center gap-3 rounded-md px-3 py-2 text-sm font-medium",
              isActive ? "bg-slate-700 text-white" : "text-slate-300 hover:bg-slate-800 hover:text-white",
            )}
          >
            <Icon className="size-4" aria-hidden="true" />
            {item.label}
          </Link>
        );
      })}
    </nav>
  );
}
