import { cn } from "@/components/ui/cn";

import { statusClasses, statusLabels } from "./format";

export function StatusBadge({ status, className }: { status: string; className?: string }) {
  return <span className={cn("inline-flex items-center rounded-full px-2 py-0.5 text-xs font-medium whitespace-nowrap ring-1 ring-inset", statusClasses[status] ?? "bg-slate-100 text-slate-700 ring-slate-200", className)}>{statusLabels[status] ?? status}</span>;
}
