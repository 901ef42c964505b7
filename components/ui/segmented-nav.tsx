import Link from "next/link";

import { cn } from "./cn";

/** A row of links of which one is the current choice (a time window, an area). */
export function SegmentedNav({ label, items, className }: { label: string; items: { href: string; label: string; isCurrent: boolean }[]; className?: string }) {
  return (
    <nav aria-label={label} className={cn("flex flex-wrap gap-1 rounded-lg bg-white p-1 shadow-sm ring-1 ring-slate-200", className)}>
      {items.map((item) => (
        <Link key={item.href} href={item.href} aria-current={item.isCurrent ? "page" : undefined} className={cn("rounded-md px-3 py-1.5 text-sm", item.isCurrent ? "bg-slate-900 text-white" : "text-slate-700 hover:bg-slate-100")}>
          {item.label}
        </Link>
      ))}
    </nav>
  );
}
