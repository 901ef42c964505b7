"use client";

import { Search } from "lucide-react";
import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";

import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/field";

import { ScanButton } from "./scan-button";

/** The search box of the traceability page; a camera scan fills it and searches at once. */
export function SearchForm({ initialQuery }: { initialQuery: string }) {
  const router = useRouter();
  const [query, setQuery] = useState(initialQuery);
  function go(q: string) {
    if (q.trim()) router.push(`/traceability?q=${encodeURIComponent(q.trim())}`);
  }
  function submit(event: FormEvent) {
    event.preventDefault();
    go(query);
  }
  return (
    <form role="search" onSubmit={submit} className="flex max-w-3xl flex-wrap gap-2">
      <label className="relative min-w-0 flex-1">
        <span className="sr-only">Serial, lot, work order, part number or barcode</span>
        <Search className="pointer-events-none absolute top-1/2 left-2.5 size-4 -translate-y-1/2 text-slate-400" aria-hidden="true" />
        <Input name="q" value={query} onChange={(e) => setQuery(e.target.value)} autoFocus autoComplete="off" placeholder="e.g. CP40-0000123, PCB-EC1-L00032, WO-100001, (01)…(21)…" className="pl-8" />
      </label>
      <Button type="submit">Search</Button>
      <ScanButton
        onScan={(text) => {
          setQuery(text);
          go(text);
        }}
      />
    </form>
  );
}
