import type { LucideIcon } from "lucide-react";
import type { ReactNode } from "react";

import { cn } from "./cn";

/** What an empty list or page says instead of nothing: what is missing, why, and what to do next. */
export function EmptyState({ icon: Icon, title, children, action, className }: { icon?: LucideIcon; title: string; children?: ReactNode; action?: ReactNode; className?: string }) {
  return (
    <div className={cn("flex flex-col items-center gap-1 px-4 py-8 text-center text-sm", className)}>
      {Icon && <Icon className="mb-1 size-7 text-slate-400" aria-hidden="true" />}
      <p className="font-medium text-slate-700">{title}</p>
      {children && <div className="max-w-md text-slate-500">{children}</div>}
      {action && <div className="mt-2">{action}</div>}
    </div>
  );
}
