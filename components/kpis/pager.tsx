"use client";

import { parseAsInteger, useQueryState } from "nuqs";
import { useTransition } from "react";

export function usePage() {
  const [isPending, startTransition] = useTransition();
  const [page, setPage] = useQueryState("page", parseAsInteger.withDefault(1).withOptions({ startTransition, history: "push" }));
  return { page: Math.max(1, page), setPage, isPending };
}

export function Pager({ page, pageSize, total, onPage }: { page: number; pageSize: number; total: number; onPage: (page: number) => void }) {
  const first = total === 0 ? 0 : (page - 1) * pageSize + 1;
  const last = Math.min(total, page * pageSize);
  const button = "rounded-md border border-slate-300 bg-white px-3 py-1 text-sm disabled:opacity-40 hover:bg-slate-50";
  return (
    <nav aria-label="Pages" className="mt-3 flex items-center justify-between gap-2 text-sm text-slate-600">
      <span>
        {first.toLocaleString("en")}–{last.toLocaleString("en")} of {total.toLocaleString("en")}
      </span>
      <span className="flex gap-2">
        <button type="button" className={button} disabled={page <= 1} onClick={() => onPage(page - 1)}>
          Previous
        </button>
        <button type="button" className={button} disabled={last >= total} onClick={() => onPage(page + 1)}>
          Next
        </button>
      </span>
    </nav>
  );
}
