import { BellRing } from "lucide-react";
import Link from "next/link";
import type { ReactNode } from "react";

import { cn } from "@/components/ui/cn";

import { formatDuration, stateStyles, type DisplayState } from "./station-state";

export interface StationTileData {
  code: string;
  name: string;
  state: DisplayState;
  reportedState: string | null;
  since: Date | null;
  reason: string | null;
  activeAlarms: number;
}

export function StationTile({ station, now, href, size = "md", children }: { station: StationTileData; now: number; href?: string; size?: "md" | "xl"; children?: ReactNode }) {
  const style = stateStyles[station.state];
  const isSilent = station.state === "NO_SIGNAL";
  const body = (
    <>
      <div className={cn("flex items-center justify-between font-medium opacity-90", size === "xl" ? "text-2xl" : "text-xs")}>
        <span className="font-mono">{station.code}</span>
        {station.activeAlarms > 0 && (
          <span className="flex items-center gap-0.5" title={`${station.activeAlarms} active alarm(s)`}>
            <BellRing className={size === "xl" ? "size-7" : "size-3.5"} aria-hidden="true" />
            {station.activeAlarms}
          </span>
        )}
      </div>
      <div className={cn("truncate font-semibold", size === "xl" ? "text-3xl" : "text-sm")}>{station.name}</div>
      <div className={cn("mt-1", size === "xl" ? "text-4xl font-bold" : "text-xs")} data-testid="station-state">
        {style.label}
        {!isSilent && station.since && <span className="font-normal"> · {formatDuration(now - station.since.getTime())}</span>}
      </div>
      {isSilent && station.reportedState && <div className={cn("opacity-90", size === "xl" ? "text-2xl" : "text-xs")}>last reported {station.reportedState.toLowerCase().replace("_", " ")}</div>}
      {!isSilent && station.reason && <div className={cn("truncate opacity-90", size === "xl" ? "text-2xl" : "text-xs")}>{station.reason}</div>}
      {children}
    </>
  );
  const className = cn("block rounded-md p-3 shadow-sm", style.tile, isSilent && "bg-[repeating-linear-gradient(135deg,transparent,transparent_8px,rgba(255,255,255,0.15)_8px,rgba(255,255,255,0.15)_16px)]", href && "hover:ring-2 hover:ring-slate-900/30");
  return (
    <li aria-label={`${station.code} ${style.label}`} data-station={station.code} className="flex list-none flex-col *:flex-1">
      {href ? (
        <Link href={href} className={className}>
          {body}
        </Link>
      ) : (
        <div className={className}>{body}</div>
      )}
    </li>
  );
}
