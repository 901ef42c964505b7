import { Badge } from "@/components/ui/badge";

import { statusLabels, statusTones } from "./format";

export function StatusBadge({ status, className }: { status: string; className?: string }) {
  return (
    <Badge tone={statusTones[status] ?? "neutral"} className={className}>
      {statusLabels[status] ?? status}
    </Badge>
  );
}
