import type { ReactNode } from "react";

import { cn } from "./cn";

const tones = {
  neutral: "bg-slate-100 text-slate-700 ring-slate-300",
  muted: "bg-slate-100 text-slate-600 ring-slate-200",
  info: "bg-sky-50 text-sky-800 ring-sky-200",
  success: "bg-green-50 text-green-800 ring-green-200",
  warning: "bg-amber-50 text-amber-900 ring-amber-200",
  danger: "bg-red-50 text-red-800 ring-red-200",
  strong: "bg-green-700 text-white ring-green-700",
  dark: "bg-slate-800 text-white ring-slate-800",
} as const;

export type BadgeTone = keyof typeof tones;

/** A short status word in a coloured pill. */
export function Badge({ tone = "neutral", className, children }: { tone?: BadgeTone; className?: string; children: ReactNode }) {
  return <span className={cn("inline-flex items-center gap-1 rounded-full px-2 py-0.5 text-xs font-medium whitespace-nowrap ring-1 ring-inset", tones[tone], className)}>{children}</span>;
}
