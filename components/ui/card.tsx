import { useId, type ReactNode } from "react";

import { cn } from "./cn";

/** The look of a card, for a surface without a heading (a form that is the whole page). */
export const cardSurface = "rounded-lg border border-slate-200 bg-white shadow-sm";

/**
 * A titled section of a page. The heading names the region (aria-labelledby); `info` sits next to
 * the heading without joining the name. `flush` drops the body padding for tables and lists that
 * run edge to edge.
 */
export function Card({ title, description, info, actions, isFlush = false, className, children }: { title: ReactNode; description?: ReactNode; info?: ReactNode; actions?: ReactNode; isFlush?: boolean; className?: string; children: ReactNode }) {
  const id = useId();
  return (
    <section aria-labelledby={id} className={cn("min-w-0", cardSurface, className)}>
      <div className="flex flex-wrap items-center justify-between gap-2 border-b border-slate-100 px-4 py-2.5">
        <div className="min-w-0">
          <h2 className="flex items-center gap-1.5 font-semibold">
            <span id={id} className="flex flex-wrap items-center gap-x-2">
              {title}
            </span>
            {info}
          </h2>
          {description && <p className="text-xs text-slate-500">{description}</p>}
        </div>
        {actions && <div className="flex shrink-0 flex-wrap items-center gap-2">{actions}</div>}
      </div>
      <div className={isFlush ? undefined : "p-4"}>{children}</div>
    </section>
  );
}
