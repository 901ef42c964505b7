import { ArrowDown, ArrowUp, ArrowUpDown } from "lucide-react";
import type { ComponentProps, ReactNode } from "react";

import { cn } from "./cn";

const alignments = { left: "", right: "text-right" } as const;

/**
 * A data table in its horizontal scroll wrapper, so a wide table scrolls inside its card rather
 * than widening the page. `isFramed` draws its own border for a table that stands alone on a page.
 * `isWide` is for a table wider than most screens whose cells hold nothing to focus: its scroll box
 * takes keyboard focus, named after the caption, so that it can be scrolled with the arrow keys.
 */
export function Table({ caption, isCaptionVisible = false, isFramed = false, isWide = false, className, tableClassName, children, ...props }: { caption?: ReactNode; isCaptionVisible?: boolean; isFramed?: boolean; isWide?: boolean; className?: string; tableClassName?: string; children: ReactNode; "aria-label"?: string }) {
  const name = typeof caption === "string" ? caption : props["aria-label"];
  return (
    <div className={cn("overflow-x-auto", isFramed && "rounded-lg border border-slate-200 bg-white shadow-sm", className)} {...(isWide ? { tabIndex: 0, role: "region", "aria-label": `${name ?? "Table"}, scrolls sideways` } : {})}>
      <table className={cn("w-full text-left text-sm", tableClassName)} {...props}>
        {caption && <caption className={isCaptionVisible ? "px-3 pt-2 pb-1 text-left text-xs font-semibold text-slate-500 uppercase" : "sr-only"}>{caption}</caption>}
        {children}
      </table>
    </div>
  );
}

export type Column = string | { label: string; align: keyof typeof alignments };

/** The header row; `columns` writes it from plain labels, children when a header needs more (a sortable column). */
export function TableHeader({ columns, className, children, ...props }: ComponentProps<"thead"> & { columns?: Column[] }) {
  return (
    <thead className={cn("bg-slate-50 text-xs text-slate-500", className)} {...props}>
      {columns ? (
        <tr>
          {columns.map((c) =>
            typeof c === "string" ? (
              <TableHead key={c}>{c}</TableHead>
            ) : (
              <TableHead key={c.label} align={c.align}>
                {c.label}
              </TableHead>
            ),
          )}
        </tr>
      ) : (
        children
      )}
    </thead>
  );
}

export function TableBody({ className, ...props }: ComponentProps<"tbody">) {
  return <tbody className={cn("divide-y divide-slate-100", className)} {...props} />;
}

export function TableRow(props: ComponentProps<"tr">) {
  return <tr {...props} />;
}

export function TableHead({ align = "left", scope = "col", className, ...props }: ComponentProps<"th"> & { align?: keyof typeof alignments }) {
  return <th scope={scope} className={cn("px-3 py-2 font-medium", alignments[align], className)} {...props} />;
}

export function TableCell({ align = "left", className, ...props }: ComponentProps<"td"> & { align?: keyof typeof alignments }) {
  return <td className={cn("px-3 py-2", align === "right" && "text-right tabular-nums", className)} {...props} />;
}

export type SortDirection = "ascending" | "descending";

/** A column header that sorts the table; aria-sort tells screen readers which column orders the rows. */
export function SortableHead({ label, direction, onSort, align = "left", className }: { label: string; direction: SortDirection | null; onSort: () => void; align?: keyof typeof alignments; className?: string }) {
  const Icon = direction === "ascending" ? ArrowUp : direction === "descending" ? ArrowDown : ArrowUpDown;
  return (
    <th scope="col" aria-sort={direction ?? "none"} className={cn("px-3 py-2 font-medium", alignments[align], className)}>
      <button type="button" onClick={onSort} className="inline-flex items-center gap-1 rounded hover:text-slate-900">
        {label}
        <Icon className={cn("size-3", !direction && "opacity-40")} aria-hidden="true" />
      </button>
    </th>
  );
}

/** The last cell of a row: its buttons side by side, on one line. */
export function RowActions({ children }: { children: ReactNode }) {
  return (
    <TableCell align="right" className="whitespace-nowrap">
      <span className="inline-flex gap-2">{children}</span>
    </TableCell>
  );
}
