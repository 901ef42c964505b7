"use client";

import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState } from "react";

import { useTRPC } from "@/components/trpc/client";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Field, Input } from "@/components/ui/field";
import { SubmitRow } from "@/components/ui/submit-row";
import { RowActions, Table, TableBody, TableCell, TableHeader, TableRow } from "@/components/ui/table";
import type { RouterOutputs } from "@/server/api/root";

import { ActiveToggle } from "./active-toggle";

type Reason = RouterOutputs["admin"]["downtimeReasons"][number];

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
      <Table caption="Downtime reasons">
        <TableHeader columns={["Code", "Reason", "Category", { label: "Used", align: "right" }, { label: "Actions", align: "right" }]} />
        <TableBody>
          {reasons.map((r) => (
            <TableRow key={r.code} className={r.isActive ? "" : "text-slate-500"}>
              <TableCell className="font-mono text-xs">{r.code}</TableCell>
              <TableCell>
                {r.name}
                {!r.isActive && (
                  <Badge tone="muted" className="ml-2">
                    Retired
                  </Badge>
                )}
              </TableCell>
              <TableCell>{r.category}</TableCell>
              <TableCell align="right">{r.uses}</TableCell>
              <RowActions>
                <Button variant="secondary" size="xs" onClick={() => setForm({ code: r.code, name: r.name, category: r.category })}>
                  Edit<span className="sr-only"> {r.code}</span>
                </Button>
                <ActiveToggle isActive={r.isActive} labels={["Retire", "Restore"]} name={r.code} isPending={toggle.isPending} onToggle={(isActive) => toggle.mutate({ code: r.code, isActive })} />
              </RowActions>
            </TableRow>
          ))}
        </TableBody>
      </Table>
      <form
        aria-label="Downtime reason"
        className="grid grid-cols-[6rem_1fr_9rem] items-start gap-3 border-t border-slate-100 p-4"
        onSubmit={(e) => {
          e.preventDefault();
          save.mutate(form);
        }}
      >
        <Field label="Code">
          <Input size="sm" className="font-mono uppercase" value={form.code} onChange={(e) => setForm({ ...form, code: e.target.value })} />
        </Field>
        <Field label="Reason">
          <Input size="sm" value={form.name} onChange={(e) => setForm({ ...form, name: e.target.value })} />
        </Field>
        <Field label="Category">
          <Input size="sm" list="downtime-categories" value={form.category} onChange={(e) => setForm({ ...form, category: e.target.value })} />
        </Field>
        <datalist id="downtime-categories">
          {categories.map((c) => (
            <option key={c} value={c} />
          ))}
        </datalist>
        <SubmitRow className="col-span-3" label={isEditing ? "Save" : "Add"} isPending={save.isPending} error={error} />
      </form>
    </div>
  );
}
