"use client";

import { useMutation } from "@tanstack/react-query";
import { Plus, Trash2 } from "lucide-react";
import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";

import { useTRPC } from "@/components/trpc/client";
import type { RouterOutputs } from "@/server/api/root";

import { VoidConfirmation } from "./void-confirmation";
import { buttonClass, inputClass, secondaryButtonClass } from "./format";

type Change = RouterOutputs["changes"]["eco"]["changes"][number];

interface BomRow {
  findNumber: string;
  partNumber: string;
  qty: string;
  referenceDesignator: string;
}
interface RoutingRow {
  sequence: string;
  operationCode: string;
  description: string;
  station: string;
  workInstructionText: string;
}

const cell = "px-1 py-1";
const small = "w-full rounded border border-slate-300 bg-white px-2 py-1 text-sm focus:border-sky-600 focus:outline-none";

/** Edits the draft revision's BOM and routing as rows; the server replaces both and re-diffs. */
export function RevisionEditor({ number, change, parts, stations, signatureCount }: { number: string; change: Change; parts: { partNumber: string }[]; stations: { code: string; name: string }[]; signatureCount: number }) {
  const trpc = useTRPC();
  const router = useRouter();
  const [bom, setBom] = useState<BomRow[]>(change.bom.map((b) => ({ findNumber: String(b.findNumber), partNumber: b.partNumber, qty: String(b.qty), referenceDesignator: b.referenceDesignator ?? "" })));
  const [routing, setRouting] = useState<RoutingRow[]>(change.routing.map((r) => ({ sequence: String(r.sequence), operationCode: r.operationCode, description: r.description, station: r.station ?? "", workInstructionText: "" })));
  const [isConfirmed, setConfirmed] = useState(false);
  const save = useMutation(trpc.changes.saveRevision.mutationOptions({ onSuccess: () => (setConfirmed(false), router.refresh()) }));
  const prefix = `${change.partNumber} rev ${change.toRevision}`;

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    save.mutate({
      number,
      partNumber: change.partNumber,
      confirmVoidSignatures: isConfirmed,
      bom: bom.map((b) => ({ findNumber: Number(b.findNumber), partNumber: b.partNumber, qty: Number(b.qty), referenceDesignator: b.referenceDesignator || null })),
      routing: routing.map((r) => ({ sequence: Number(r.sequence), operationCode: r.operationCode, description: r.description, station: r.station || null, workInstructionText: r.workInstructionText || null })),
    });
  }
  const setBomField = (i: number, key: keyof BomRow, value: string) => setBom((rows) => rows.map((r, j) => (j === i ? { ...r, [key]: value } : r)));
  const setOpField = (i: number, key: keyof RoutingRow, value: string) => setRouting((rows) => rows.map((r, j) => (j === i ? { ...r, [key]: value } : r)));
  const nextFind = () => String(Math.max(0, ...bom.map((b) => Number(b.findNumber) || 0)) + 10);
  const nextSeq = () => String(Math.max(0, ...routing.map((r) => Number(r.sequence) || 0)) + 10);

  return (
    <form onSubmit={onSubmit} aria-label={`Edit ${prefix}`} className="space-y-4">
      <div className="overflow-x-auto">
        <table className="w-full min-w-[36rem] text-left text-sm">
          <caption className="pb-1 text-left text-xs font-semibold text-slate-500 uppercase">Bill of materials</caption>
          <thead className="text-xs text-slate-500">
            <tr>
              <th className={`${cell} w-20`}>Find</th>
              <th className={cell}>Part</th>
              <th className={`${cell} w-24`}>Qty</th>
              <th className={cell}>Ref. des.</th>
              <th className={`${cell} w-10`} />
            </tr>
          </thead>
          <tbody>
            {bom.map((b, i) => (
              <tr key={i}>
                <td className={cell}>
                  <input aria-label={`Find number, BOM line ${i + 1}`} inputMode="numeric" value={b.findNumber} onChange={(e) => setBomField(i, "findNumber", e.target.value)} className={small} />
                </td>
                <td className={cell}>
                  <select aria-label={`Part, BOM line ${i + 1}`} value={b.partNumber} onChange={(e) => setBomField(i, "partNumber", e.target.value)} className={small}>
                    {!b.partNumber && <option value="">Choose…</option>}
                    {parts.map((p) => (
                      <option key={p.partNumber} value={p.partNumber}>
                        {p.partNumber}
                      </option>
                    ))}
                  </select>
                </td>
                <td className={cell}>
                  <input aria-label={`Quantity, BOM line ${i + 1}`} inputMode="decimal" value={b.qty} onChange={(e) => setBomField(i, "qty", e.target.value)} className={small} />
                </td>
                <td className={cell}>
                  <input aria-label={`Reference designator, BOM line ${i + 1}`} value={b.referenceDesignator} onChange={(e) => setBomField(i, "referenceDesignator", e.target.value)} className={small} />
                </td>
                <td className={cell}>
                  <button type="button" aria-label={`Remove BOM line ${i + 1}`} onClick={() => setBom((rows) => rows.filter((_, j) => j !== i))} className="rounded p-1 text-slate-500 hover:bg-slate-100 hover:text-red-700">
                    <Trash2 className="size-4" aria-hidden="true" />
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        <button type="button" onClick={() => setBom((rows) => [...rows, { findNumber: nextFind(), partNumber: "", qty: "1", referenceDesignator: "" }])} className={`${secondaryButtonClass} mt-1`}>
          <Plus className="size-4" aria-hidden="true" /> Add BOM line
        </button>
      </div>
      <div className="overflow-x-auto">
        <table className="w-full min-w-[40rem] text-left text-sm">
          <caption className="pb-1 text-left text-xs font-semibold text-slate-500 uppercase">Routing</caption>
          <thead className="text-xs text-slate-500">
            <tr>
              <th className={`${cell} w-20`}>Seq</th>
              <th className={`${cell} w-24`}>Operation</th>
              <th className={cell}>Description</th>
              <th className={`${cell} w-32`}>Station</th>
              <th className={`${cell} w-10`} />
            </tr>
          </thead>
          <tbody>
            {routing.map((r, i) => (
              <tr key={i} className="align-top">
                <td className={cell}>
                  <input aria-label={`Sequence, operation ${i + 1}`} inputMode="numeric" value={r.sequence} onChange={(e) => setOpField(i, "sequence", e.target.value)} className={small} />
                </td>
                <td className={cell}>
                  <input aria-label={`Operation code, operation ${i + 1}`} value={r.operationCode} onChange={(e) => setOpField(i, "operationCode", e.target.value)} className={small} />
                </td>
                <td className={cell}>
                  <input aria-label={`Description, operation ${i + 1}`} value={r.description} onChange={(e) => setOpField(i, "description", e.target.value)} className={small} />
                  <details className="mt-1 text-xs">
                    <summary className="cursor-pointer text-sky-700">New work instruction{r.workInstructionText ? " (changed)" : ""}</summary>
                    <textarea
                      aria-label={`Work instruction, operation ${i + 1}`}
                      value={r.workInstructionText}
                      onChange={(e) => setOpField(i, "workInstructionText", e.target.value)}
                      rows={4}
                      placeholder="Leave empty to keep the current instruction."
                      className={`${inputClass} mt-1`}
                    />
                  </details>
                </td>
                <td className={cell}>
                  <select aria-label={`Station, operation ${i + 1}`} value={r.station} onChange={(e) => setOpField(i, "station", e.target.value)} className={small}>
                    <option value="">–</option>
                    {stations.map((s) => (
                      <option key={s.code} value={s.code}>
                        {s.code}
                      </option>
                    ))}
                  </select>
                </td>
                <td className={cell}>
                  <button type="button" aria-label={`Remove operation ${i + 1}`} onClick={() => setRouting((rows) => rows.filter((_, j) => j !== i))} className="rounded p-1 text-slate-500 hover:bg-slate-100 hover:text-red-700">
                    <Trash2 className="size-4" aria-hidden="true" />
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        <button type="button" onClick={() => setRouting((rows) => [...rows, { sequence: nextSeq(), operationCode: "", description: "", station: "", workInstructionText: "" }])} className={`${secondaryButtonClass} mt-1`}>
          <Plus className="size-4" aria-hidden="true" /> Add operation
        </button>
      </div>
      <VoidConfirmation count={signatureCount} isConfirmed={isConfirmed} onChange={setConfirmed} />
      {save.error && (
        <p role="alert" className="text-sm text-red-700">
          {save.error.message.startsWith("[") ? "Every BOM line needs a find number, a part and a quantity above zero; every operation a sequence, code and description." : save.error.message}
        </p>
      )}
      {save.isSuccess && (
        <p role="status" className="text-sm text-green-800">
          Saved {prefix}.
        </p>
      )}
      <button type="submit" disabled={save.isPending} className={buttonClass}>
        Save {prefix}
      </button>
    </form>
  );
}
