"use client";

import { useInfiniteQuery, useMutation, useQueryClient } from "@tanstack/react-query";
import { ClipboardList } from "lucide-react";
import { useState } from "react";

import { useTRPC } from "@/components/trpc/client";
import { Badge, type BadgeTone } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { Field, Input, Select } from "@/components/ui/field";
import { SubmitRow } from "@/components/ui/submit-row";
import { Table, TableBody, TableCell, TableHeader, TableRow } from "@/components/ui/table";
import type { RouterOutputs } from "@/server/api/root";
import type { Role } from "@/server/auth/roles";
import { availableActions, workOrderStatuses, type WorkOrderAction } from "@/server/work-orders/transitions";

type Choices = RouterOutputs["workOrders"]["choices"];
type Status = (typeof workOrderStatuses)[number];
type Order = RouterOutputs["workOrders"]["list"]["items"][number];

const statusTones: Record<Status, BadgeTone> = { planned: "neutral", released: "info", in_progress: "info", completed: "success", closed: "muted", on_hold: "warning", cancelled: "muted" };
const statusLabel = (s: Status) => s.replace("_", " ");

const emptyForm = { number: "", partNumber: "", qty: "", line: "", dueDate: "", serialPrefix: "" };

export function WorkOrdersView({ role, canPlan, choices }: { role: Role; canPlan: boolean; choices: Choices }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [status, setStatus] = useState<Status | "">("");
  const [form, setForm] = useState({ ...emptyForm, partNumber: choices.parts[0]?.partNumber ?? "", line: choices.lines[0]?.code ?? "" });
  const list = useInfiniteQuery(trpc.workOrders.list.infiniteQueryOptions({ status: status || undefined, limit: 50 }, { getNextPageParam: (page) => page.nextCursor ?? undefined }));
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.workOrders.list.pathKey() });
  const create = useMutation(trpc.workOrders.create.mutationOptions({ onSuccess: () => (setForm({ ...form, number: "", qty: "", serialPrefix: "" }), refresh()) }));
  const transition = useMutation(trpc.workOrders.transition.mutationOptions({ onSuccess: refresh }));
  const orders = list.data?.pages.flatMap((p) => p.items) ?? [];

  const act = (order: Order, action: WorkOrderAction) => {
    const reason = action === "hold" || action === "cancel" ? window.prompt(`Why is ${order.number} ${action === "hold" ? "put on hold" : "cancelled"}?`) : undefined;
    if (reason === null) return;
    transition.mutate({ number: order.number, action, reason: reason || undefined });
  };

  return (
    <div className="space-y-6">
      {canPlan && (
        <Card title="New work order">
          <form
            aria-label="New work order"
            className="grid gap-3 sm:grid-cols-2 xl:grid-cols-6"
            onSubmit={(e) => {
              e.preventDefault();
              create.mutate({ number: form.number, partNumber: form.partNumber, qty: Number(form.qty), line: form.line, dueDate: form.dueDate || undefined, serialPrefix: form.serialPrefix || undefined });
            }}
          >
            <Field label="Number">
              <Input required value={form.number} placeholder="WO-2026-0815" onChange={(e) => setForm({ ...form, number: e.target.value })} />
            </Field>
            <Field label="Part">
              <Select value={form.partNumber} onChange={(e) => setForm({ ...form, partNumber: e.target.value })}>
                {choices.parts.map((p) => (
                  <option key={p.partNumber} value={p.partNumber}>
                    {p.partNumber} rev {p.revision} · {p.name}
                  </option>
                ))}
              </Select>
            </Field>
            <Field label="Quantity">
              <Input required type="number" min={1} step={1} value={form.qty} onChange={(e) => setForm({ ...form, qty: e.target.value })} />
            </Field>
            <Field label="Line">
              <Select value={form.line} onChange={(e) => setForm({ ...form, line: e.target.value })}>
                {choices.lines.map((l) => (
                  <option key={l.code} value={l.code}>
                    {l.code} · {l.name}
                  </option>
                ))}
              </Select>
            </Field>
            <Field label="Due date">
              <Input type="date" value={form.dueDate} onChange={(e) => setForm({ ...form, dueDate: e.target.value })} />
            </Field>
            <Field label="Serial prefix" hint="Optional">
              <Input value={form.serialPrefix} onChange={(e) => setForm({ ...form, serialPrefix: e.target.value })} />
            </Field>
            <SubmitRow label="Create work order" isPending={create.isPending} error={create.error?.message} className="sm:col-span-2 xl:col-span-6" />
          </form>
        </Card>
      )}
      <Card
        title="Work orders"
        isFlush
        actions={
          <Select size="sm" aria-label="Status" value={status} onChange={(e) => setStatus(e.target.value as Status | "")}>
            <option value="">All statuses</option>
            {workOrderStatuses.map((s) => (
              <option key={s} value={s}>
                {statusLabel(s)}
              </option>
            ))}
          </Select>
        }
      >
        {transition.error && (
          <p role="alert" className="px-4 py-2 text-sm text-red-700">
            {transition.error.message}
          </p>
        )}
        {orders.length === 0 && !list.isPending ? (
          <EmptyState icon={ClipboardList} title={status ? `No work orders are ${statusLabel(status)}.` : "No work orders yet."}>
            {canPlan ? "Create the first one above." : "Planners create work orders; they appear here."}
          </EmptyState>
        ) : (
          <Table caption="Work orders">
            <TableHeader columns={["Number", "Part", "Line", { label: "Quantity", align: "right" }, { label: "Started", align: "right" }, { label: "Completed", align: "right" }, "Due", "Status", { label: "Actions", align: "right" }]} />
            <TableBody>
              {orders.map((o) => (
                <TableRow key={o.id}>
                  <TableCell className="font-mono text-xs">{o.number}</TableCell>
                  <TableCell>
                    {o.partNumber} <span className="text-slate-500">rev {o.revision}</span>
                  </TableCell>
                  <TableCell>{o.lineCode}</TableCell>
                  <TableCell align="right">{o.qty.toLocaleString("en")}</TableCell>
                  <TableCell align="right">{o.started.toLocaleString("en")}</TableCell>
                  <TableCell align="right">{o.completed.toLocaleString("en")}</TableCell>
                  <TableCell>{o.dueDate ?? "—"}</TableCell>
                  <TableCell>
                    <Badge tone={statusTones[o.status]}>{statusLabel(o.status)}</Badge>
                  </TableCell>
                  <TableCell align="right" className="space-x-2 whitespace-nowrap">
                    {availableActions(role, o.status, o.started).map((action) => (
                      <Button key={action} variant="secondary" size="xs" disabled={transition.isPending} onClick={() => act(o, action)}>
                        {action[0]?.toUpperCase()}
                        {action.slice(1)}
                        <span className="sr-only"> {o.number}</span>
                      </Button>
                    ))}
                  </TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        )}
        {list.hasNextPage && (
          <div className="border-t border-slate-100 p-3 text-center">
            <Button variant="secondary" size="sm" disabled={list.isFetchingNextPage} onClick={() => void list.fetchNextPage()}>
              Older work orders
            </Button>
          </div>
        )}
      </Card>
    </div>
  );
}
