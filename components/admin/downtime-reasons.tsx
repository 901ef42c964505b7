"use client";

import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState } from "react";

import { useTRPC } from "@/components/trpc/client";
import type { RouterOutputs } from "@/server/api/root";

type Reason = RouterOutputs["admin"]["downtimeReasons"][number];

const input = "w-full rounded-md border border-slate-300 bg-white px-2 py-1.5 text-sm focus:border-sky-600 focus:outline-none";
const empty = { code: "", name: "", category: "" };

/** The list supervisors pick from when they explain a downtime; retired reasons stay on the intervals that carry them. */
export function DowntimeReasons({ reasons }: { reasons: Reason[] }) {
  const trpc = useTRPC();
  const router = useRouter();
  const [form, setForm] = useState(empty);
  const isEditing = reasons.some((r) => r.code === form.code.trim().toUpperCase());
  const save = useMutation(
    trpc.admin.saveDowntimeReason.mutationOptions({
      onSuccess: () => {
        setForm(empty);
        router.refresh();
      },
    }),
  );
  const toggle = useMutation(trpc.admin.setDowntimeReasonActive.mutationOptions({ onSuccess: () => router.refresh() }));
  const categories = [...new Set(reasons.map((r) => r.category))];
  const error = (save.error ?? toggle.error)?.message;

  return (
    <div>
      <table className="w-full text-left text-sm">
        <thead className="text-xs text-slate-500 uppercase">
          <tr>
            <th className="px-4 py-2">Code</th>
            <th className="px-4 py-2">Reason</th>
            <th className="px-4 py-2">Category</th>
            <th className="px-4 py-2 text-right">Used</th>
            <th className="px-4 py-2">
              <span className="sr-only">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {reasons.map((r) => (
            <tr key={r.code} className={r.isActive ? "" : "text-slate-400"}>
              <td className="px-4 py-2 font-mono text-xs">{r.code}</td>
              <td className="px-4 py-2">
                {r.name}
                {!r.isActive && <span className="ml-2 text-xs">(retired)</span>}
              </td>
              <td className="px-4 py-2">{r.category}</td>
              <td className="px-4 py-2 text-right tabular-nums">{r.uses}</td>
              <td className="px-4 py-2 text-right whitespace-nowrap">
                <button type="button" className="mr-3 text-sky-700 hover:underline" onClick={() => setForm({ code: r.code, name: r.name, category: r.category })}>
                  Edit<span className="sr-only"> {r.code}</span>
                </button>
                <button type="button" className="text-sky-700 hover:underline disabled:opacity-60" disabled={toggle.isPending} onClick={() => toggle.mutate({ code: r.code, isActive: !r.isActive })}>
                  {r.isActive ? "Retire" : "Restore"}
                  <span className="sr-only"> {r.code}</span>
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <form
        aria-label="Downtime reason"
        className="grid grid-cols-[6rem_1fr_9rem_auto] items-end gap-2 border-t border-slate-100 px-4 py-3"
        onSubmit={(e) => {
          e.preventDefault();
          save.mutate(form);
        }}
      >
        <label className="text-xs text-slate-600">
          Code
          <input className={`${input} font-mono uppercase`} value={form.code} onChange={(e) => setForm({ ...form, code: e.target.value })} />
        </label>
        <label className="text-xs text-slate-600">
          Reason
          <input className={input} value={form.name} onChange={(e) => setForm({ ...form, name: e.target.value })} />
        </label>
        <label className="text-xs text-slate-600">
          Category
          <input className={input} list="downtime-categories" value={form.category} onChange={(e) => setForm({ ...form, category: e.target.value })} />
          <datalist id="downtime-categories">
            {categories.map((c) => (
              <option key={c} value={c} />
            ))}
          </datalist>
        </label>
        <button type="submit" disabled={save.isPending} className="rounded-md bg-sky-700 px-3 py-1.5 text-sm font-medium text-white hover:bg-sky-800 disabled:opacity-60">
          {isEditing ? "Save" : "Add"}
        </button>
      </form>
      {error && (
        <p role="alert" className="px-4 pb-3 text-sm text-red-700">
          {error}
        </p>
      )}
    </div>
  );
}
