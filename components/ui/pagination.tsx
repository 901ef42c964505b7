"use client";

import { parseAsInteger, useQueryState } from "nuqs";
import { useState, useTransition } from "react";

import { Button } from "./button";
import { cn } from "./cn";

/** The page number of a list paged on the server, kept in the URL (`?page=`) so a page can be linked and the back button works. */
export function usePage() {
  const [isPending, startTransition] = useTransition();
  const [page, setPage] = useQueryState("page", parseAsInteger.withDefault(1).withOptions({ startTransition, history: "push" }));
  return { page: Math.max(1, page), setPage, isPending };
}

/** One page of a list that is already in memory (a live panel's rows); the page stays in range when the list shrinks. */
export function usePagedRows<T>(rows: T[], pageSize: number) {
  const [wanted, setPage] = useState(1);
  const pageCount = Math.max(1, Math.ceil(rows.length / pageSize));
  const page = Math.min(wanted, pageCount);
  return { rows: rows.slice((page - 1) * pageSize, page * pageSize), pager: { page, pageSize, total: rows.length, onPage: setPage } };
}

export interface PagerProps {
  page: number;
  pageSize: number;
  total: number;
  onPage: (page: number) => void;
  label?: string;
  className?: string;
}

/** "21–40 of 312" with Previous and Next; nothing when everything fits on one page. */
export function Pager({ page, pageSize, total, onPage, label = "Pages", className }: PagerProps) {
  if (total <= pageSize && page <= 1) return null;
  const first = total === 0 ? 0 : (page - 1) * pageSize + 1;
  const last = Math.min(total, page * pageSize);
  return (
    <nav aria-label={label} className={cn("flex items-center justify-between gap-2 text-sm text-slate-600", className)}>
      <span className="tabular-nums">
        {first.toLocaleString("en")}–{last.toLocaleString("en")} of {total.toLocaleString("en")}
      </span>
      <span className="flex gap-2">
        <Button variant="secondary" size="sm" disabled={page <= 1} onClick={() => onPage(page - 1)}>
          Previous
        </Button>
        <Button variant="secondary" size="sm" disabled={last >= total} onClick={() => onPage(page + 1)}>
          Next
        </Button>
      </span>
    </nav>
  );
}
