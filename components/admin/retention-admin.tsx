"use client";

import { useMutation, useQuery } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState } from "react";

import { useTRPC } from "@/components/trpc/client";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { Field, Input } from "@/components/ui/field";
import { formatNumber, formatSize } from "@/components/ui/format";
import { SubmitRow } from "@/components/ui/submit-row";
import { Table, TableBody, TableCell, TableHeader, TableRow } from "@/components/ui/table";
import type { RouterOutputs } from "@/server/api/root";

type DataClass = RouterOutputs["admin"]["retention"][number];
type Partition = DataClass["partitions"][number];

const dataClassLabels: Record<DataClass["dataClass"], string> = { telemetry: "Raw telemetry" };

/** Partitions are months in UTC, so their bounds are shown in UTC. */
const day = new Intl.DateTimeFormat("en-GB", { timeZone: "UTC", day: "2-digit", month: "short", year: "numeric" });

const keptFor = (keepDays: number | null) => (keepDays === null ? "everything (no retention)" : `${formatNumber(keepDays)} days`);

function PartitionTable({ caption, partitions }: { caption: string; partitions: Partition[] }) {
  return (
    <Table caption={caption}>
      <TableHeader columns={["Partition", "From (UTC)", "Until (UTC)", { label: "Rows (estimate)", align: "right" }, { label: "Size", align: "right" }]} />
      <TableBody>
        {partitions.map((p) => (
          <TableRow key={p.name}>
            <TableCell className="font-mono text-xs">{p.name}</TableCell>
            <TableCell className="tabular-nums">{p.from ? day.format(p.from) : "default: any time no month takes"}</TableCell>
            <TableCell className="tabular-nums">{p.to ? day.format(p.to) : ""}</TableCell>
            <TableCell align="right" className="tabular-nums">
              {p.rowEstimate === null ? "not yet counted" : formatNumber(p.rowEstimate)}
            </TableCell>
            <TableCell align="right" className="tabular-nums">
              {formatSize(p.bytes)}
            </TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}

/** One data class: its partitions, and a retention that is previewed before it is saved (docs/data-lifecycle.md). */
function RetentionForm({ data }: { data: DataClass }) {
  const trpc = useTRPC();
  const router = useRouter();
  const [days, setDays] = useState(data.keepDays === null ? "" : String(data.keepDays));
  const [previewed, setPreviewed] = useState<number | null | undefined>(undefined);
  const keepDays = days.trim() === "" ? null : Number(days);
  const preview = useQuery(trpc.admin.previewRetention.queryOptions({ dataClass: data.dataClass, keepDays: previewed ?? null }, { enabled: previewed !== undefined, retry: false }));
  const save = useMutation(trpc.admin.saveRetention.mutationOptions({ onSuccess: () => (setPreviewed(undefined), router.refresh()) }));
  const isPreviewCurrent = previewed === keepDays && preview.isSuccess;
  const label = dataClassLabels[data.dataClass];

  return (
    <Card title={label} description={`Table ${data.table}, one partition per month. Keeps ${keptFor(data.keepDays)}.`} isFlush>
      <PartitionTable caption={`Partitions of ${label.toLowerCase()}`} partitions={data.partitions} />
      <form
        aria-label={`Retention of ${label.toLowerCase()}`}
        className="space-y-3 border-t border-slate-100 p-4"
        onSubmit={(e) => {
          e.preventDefault();
          // Enter in the field previews first: only what was previewed is saved.
          if (isPreviewCurrent) save.mutate({ dataClass: data.dataClass, keepDays });
          else setPreviewed(keepDays);
        }}
      >
        <div className="flex flex-wrap items-end gap-3">
          <Field label="Keep (days)" hint="Empty: keep everything. A month's partition is dropped once its whole month is older than this.">
            <Input type="number" min={1} step={1} inputMode="numeric" value={days} onChange={(e) => setDays(e.target.value)} className="w-40" />
          </Field>
          <Button variant="secondary" onClick={() => setPreviewed(keepDays)}>
            Preview
          </Button>
        </div>
        {preview.error && previewed === keepDays && (
          <p role="alert" className="text-sm text-red-700">
            {preview.error.message}
          </p>
        )}
        {isPreviewCurrent && (
          <div role="status" className="space-y-2">
            {preview.data.partitions.length === 0 ? (
              <p className="text-sm text-slate-700">Keeping {keptFor(keepDays)}, nothing would be dropped now.</p>
            ) : (
              <>
                <p className="text-sm font-medium text-amber-900">
                  Keeping {keptFor(keepDays)}, the next maintenance run drops {preview.data.partitions.length === 1 ? "this partition" : `these ${preview.data.partitions.length} partitions`} for good ({formatSize(preview.data.partitions.reduce((n, p) => n + p.bytes, 0))}):
                </p>
                <PartitionTable caption="Partitions that would be dropped" partitions={preview.data.partitions} />
              </>
            )}
          </div>
        )}
        {isPreviewCurrent ? <SubmitRow label="Save retention" isPending={save.isPending} error={save.error?.message} /> : <p className="text-sm text-slate-600">Preview the retention to save it.</p>}
        {save.isSuccess && !save.isPending && previewed === undefined && <p role="status" className="text-sm text-emerald-800">Saved: {label.toLowerCase()} keeps {keptFor(save.data.keepDays)}.</p>}
      </form>
    </Card>
  );
}

export function RetentionAdmin({ dataClasses }: { dataClasses: DataClass[] }) {
  return (
    <div className="space-y-6">
      {dataClasses.map((d) => (
        <RetentionForm key={d.dataClass} data={d} />
      ))}
    </div>
  );
}
