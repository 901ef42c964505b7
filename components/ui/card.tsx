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
  // The heading is a child of the section itself (a grid), so that "the heading's section" is one step up.
  return (
    <section aria-labelledby={id} className={cn("grid min-w-0 grid-cols-[minmax(0,1fr)_auto] content-start", cardSurface, className)}>
      <h2 className="flex items-center gap-1.5 px-4 pt-2.5 font-semibold">
        <span id={id} className="flex flex-wrap items-center gap-x-2">
          {title}
        </span>
        {info}
      </h2>
      {actions ? <div className="flex flex-wrap items-center justify-end gap-2 px-4 pt-2.5">{actions}</div> : <span />}
      {description && <p className="col-span-2 px-4 text-xs text-slate-500">{description}</p>}
      <div className={cn("col-span-2 mt-2.5 border-t border-slate-100", !isFlush && "p-4")}>{children}</div>
    </section>
  );
}
