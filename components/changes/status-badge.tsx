import { Badge, type BadgeTone } from "@/components/ui/badge";

const tones: Record<string, BadgeTone> = {
  draft: "neutral",
  submitted: "info",
  in_review: "warning",
  approved: "success",
  released: "strong",
  rejected: "danger",
  cancelled: "muted",
  superseded: "muted",
};

export function StatusBadge({ status, className }: { status: string; className?: string }) {
  return (
    <Badge tone={tones[status] ?? "neutral"} className={className}>
      {status.replace("_", " ")}
    </Badge>
  );
}

const priorityStyles: Record<string, string> = { low: "text-slate-600", medium: "text-slate-800", high: "font-semibold text-amber-700", critical: "font-semibold text-red-700" };

export function PriorityLabel({ priority }: { priority: string }) {
  return <span className={priorityStyles[priority]}>{priority}</span>;
}
