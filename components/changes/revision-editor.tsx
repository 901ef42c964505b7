"use client";

import { useMutation } from "@tanstack/react-query";
import { Plus, Trash2 } from "lucide-react";
import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";

import { useTRPC } from "@/components/trpc/client";
import type { RouterOutputs } from "@/server/api/root";
import { Button } from "@/components/ui/button";
import { Input, Select, Textarea } from "@/components/ui/field";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";

import { VoidConfirmation } from "./void-confirmation";

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
      <Table caption="Bill of materials" isCaptionVisible tableClassName="min-w-[36rem]">
          <TableHeader>
            <TableRow>
              <TableHead className="w-20">Find</TableHead>
              <TableHead>Part</TableHead>
              <TableHead className="w-24">Qty</TableHead>
              <TableHead>Ref. des.</TableHead>
              <TableHead className="w-10"/>
            </TableRow>
          </TableHeader>
          <TableBody>
            {bom.map((b, i) => (
              <TableRow key={i}>
                <TableCell>
                  <Input aria-label={`Find number, BOM line ${i + 1}`} inputMode="numeric" value={b.findNumber} onChange={(e) => setBomField(i, "findNumber", e.target.value)} size="sm" />
                </TableCell>
                <TableCell>
                  <Select aria-label={`Part, BOM line ${i + 1}`} value={b.partNumber} onChange={(e) => setBomField(i, "partNumber", e.target.value)} size="sm">
                    {!b.partNumber && <option value="">Choose…</option>}
                    {parts.map((p) => (
                      <option key={p.partNumber} value={p.partNumber}>
                        {p.partNumber}
                      </option>
                    ))}
                  </Select>
                </TableCell>
                <TableCell>
                  <Input aria-label={`Quantity, BOM line ${i + 1}`} inputMode="decimal" value={b.qty} onChange={(e) => setBomField(i, "qty", e.target.value)} size="sm" />
                </TableCell>
                <TableCell>
                  <Input aria-label={`Reference designator, BOM line ${i + 1}`} value={b.referenceDesignator} onChange={(e) => setBomField(i, "referenceDesignator", e.target.value)} size="sm" />
                </TableCell>
                <TableCell>
                  <Button variant="ghost" size="xs" aria-label={`Remove BOM line ${i + 1}`} onClick={() => setBom((rows) => rows.filter((_, j) => j !== i))}>
                    <Trash2 className="size-4" aria-hidden="true" />
                  </Button>
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
        <Button onClick={() => setBom((rows) => [...rows, { findNumber: nextFind(), partNumber: "", qty: "1", referenceDesignator: "" }])} variant="secondary" className="mt-1">
          <Plus className="size-4" aria-hidden="true" /> Add BOM line
        </Button>
      <Table caption="Routing" isCaptionVisible tableClassName="min-w-[40rem]">
          <TableHeader>
            <TableRow>
              <TableHead className="w-20">Seq</TableHead>
              <TableHead className="w-24">Operation</TableHead>
              <TableHead>Description</TableHead>
              <TableHead className="w-32">Station</TableHead>
              <TableHead className="w-10"/>
            </TableRow>
          </TableHeader>
          <TableBody>
            {routing.map((r, i) => (
              <TableRow key={i} className="align-top">
                <TableCell>
                  <Input aria-label={`Sequence, operation ${i + 1}`} inputMode="numeric" value={r.sequence} onChange={(e) => setOpField(i, "sequence", e.target.value)} size="sm" />
                </TableCell>
                <TableCell>
                  <Input aria-label={`Operation code, operation ${i + 1}`} value={r.operationCode} onChange={(e) => setOpField(i, "operationCode", e.target.value)} size="sm" />
                </TableCell>
                <TableCell>
                  <Input aria-label={`Description, operation ${i + 1}`} value={r.description} onChange={(e) => setOpField(i, "description", e.target.value)} size="sm" />
                  <details className="mt-1 text-xs">
                    <summary className="cursor-pointer text-sky-700">New work instruction{r.workInstructionText ? " (changed)" : ""}</summary>
                    <Textarea
                      aria-label={`Work instruction, operation ${i + 1}`}
                      value={r.workInstructionText}
                      onChange={(e) => setOpField(i, "workInstructionText", e.target.value)}
                      rows={4}
                      placeholder="Leave empty to keep the current instruction." className="mt-1"
                    />
                  </details>
                </TableCell>
                <TableCell>
                  <Select aria-label={`Station, operation ${i + 1}`} value={r.station} onChange={(e) => setOpField(i, "station", e.target.value)} size="sm">
                    <option value="">–</option>
                    {stations.map((s) => (
                      <option key={s.code} value={s.code}>
                        {s.code}
                      </option>
                    ))}
                  </Select>
                </TableCell>
                <TableCell>
                  <Button variant="ghost" size="xs" aria-label={`Remove operation ${i + 1}`} onClick={() => setRouting((rows) => rows.filter((_, j) => j !== i))}>
                    <Trash2 className="size-4" aria-hidden="true" />
                  </Button>
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
        <Button onClick={() => setRouting((rows) => [...rows, { sequence: nextSeq(), operationCode: "", description: "", station: "", workInstructionText: "" }])} variant="secondary" className="mt-1">
          <Plus className="size-4" aria-hidden="true" /> Add operation
        </Button>
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
      <Button type="submit" disabled={save.isPending}>
        Save {prefix}
      </Button>
    </form>
  );
}
