import { cn } from "@/components/ui/cn";

const styles: Record<string, string> = {
  draft: "bg-slate-100 text-slate-700 ring-slate-300",
  submitted: "bg-sky-50 text-sky-800 ring-sky-200",
  in_review: "bg-amber-50 text-amber-800 ring-amber-200",
  approved: "bg-green-50 text-green-800 ring-green-200",
  released: "bg-green-700 text-white ring-green-700",
  rejected: "bg-red-50 text-red-800 ring-red-200",
  cancelled: "bg-slate-100 text-slate-500 ring-slate-200",
  superseded: "bg-slate-100 text-slate-500 ring-slate-200",
};

export function StatusBadge({ status, className }: { status: string; className?: string }) {
  return (
    <span className={cn("inline-flex items-center rounded-full px-2 py-0.5 text-xs font-medium whitespace-nowrap ring-1 ring-inset", styles[status] ?? styles.draft, className)}>
      {status.replace("_", " ")}
    </span>
  );
}

const priorityStyles: Record<string, string> = { low: "text-slate-600", medium: "text-slate-800", high: "font-semibold text-amber-700", critical: "font-semibold text-red-700" };

export function PriorityLabel({ priority }: { priority: string }) {
  return <span className={priorityStyles[priority]}>{priority}</span>;
}
