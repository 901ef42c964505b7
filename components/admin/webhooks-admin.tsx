"use client";

import { useMutation, useQuery } from "@tanstack/react-query";
import { Webhook } from "lucide-react";
import { useRouter } from "next/navigation";
import { useEffect, useState } from "react";

import { useTRPC } from "@/components/trpc/client";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import { Field, Input } from "@/components/ui/field";
import { formatDateTime } from "@/components/ui/format";
import { SubmitRow } from "@/components/ui/submit-row";
import { Table, TableBody, TableCell, TableHeader, TableRow } from "@/components/ui/table";
import type { RouterOutputs } from "@/server/api/root";
import { eventLabels, subscribableEventTypes, type SubscribableEventType } from "@/server/events/catalog";

type Subscription = RouterOutputs["webhooks"]["list"][number];
type Form = { id: number | null; name: string; url: string; eventTypes: SubscribableEventType[]; lines: string };

const emptyForm: Form = { id: null, name: "", url: "", eventTypes: [], lines: "" };

function status(s: Subscription) {
  if (!s.isEnabled) return <Badge tone="muted">Disabled</Badge>;
  if (s.failingSince) return <Badge tone="danger">Failing</Badge>;
  return <Badge tone="success">Active</Badge>;
}

/** Subscriptions (the secret shown once), their delivery log, replay and test events (docs/webhooks.md). */
export function WebhooksAdmin({ webhooks, timeZone }: { webhooks: Subscription[]; timeZone: string }) {
  const trpc = useTRPC();
  const router = useRouter();
  const [form, setForm] = useState<Form>(emptyForm);
  const [shown, setShown] = useState<{ name: string; secret: string } | null>(null);
  const [logOf, setLogOf] = useState<Subscription | null>(null);
  const when = (date: Date | null) => (date ? formatDateTime(date, timeZone) : "never");
  const deliveries = useQuery({ ...trpc.webhooks.deliveries.queryOptions({ id: logOf?.id ?? 1 }), enabled: logOf !== null, refetchInterval: 2000 });
  // Deliveries happen in the worker: a new attempt in the log means the list's "last attempt" and status moved too.
  const newestAttempt = deliveries.data?.[0]?.id;
  useEffect(() => {
    if (newestAttempt !== undefined) router.refresh();
  }, [newestAttempt, router]);
  const saved = () => (setForm(emptyForm), router.refresh());
  const create = useMutation(trpc.webhooks.create.mutationOptions({ onSuccess: (c) => (setShown({ name: c.name, secret: c.secret }), saved()) }));
  const update = useMutation(trpc.webhooks.update.mutationOptions({ onSuccess: saved }));
  const setEnabled = useMutation(trpc.webhooks.setEnabled.mutationOptions({ onSuccess: () => router.refresh() }));
  const sendTest = useMutation(trpc.webhooks.sendTest.mutationOptions({ onSuccess: () => void deliveries.refetch() }));
  const replay = useMutation(trpc.webhooks.replay.mutationOptions({ onSuccess: () => void deliveries.refetch() }));
  const save = form.id === null ? create : update;
  const actionError = setEnabled.error ?? sendTest.error ?? replay.error;

  return (
    <div>
      {shown && (
        <div role="status" className="space-y-2 border-b border-amber-200 bg-amber-50 p-4">
          <p className="text-sm font-medium text-amber-900">Copy the signing secret of {shown.name} now: it is shown only this once. The receiver verifies each delivery with it.</p>
          <div className="flex flex-wrap items-center gap-2">
            <Input readOnly aria-label={`Signing secret of ${shown.name}`} value={shown.secret} className="max-w-xl font-mono text-xs" onFocus={(e) => e.currentTarget.select()} />
            <Button size="sm" variant="ghost" onClick={() => setShown(null)}>
              Done
            </Button>
          </div>
        </div>
      )}
      {webhooks.length === 0 ? (
        <EmptyState icon={Webhook} title="No webhooks yet">
          Subscribe the URL of your ERP, MES or chat system to the events it needs.
        </EmptyState>
      ) : (
        <Table caption="Webhook subscriptions">
          <TableHeader columns={["Name", "URL", "Events", "Lines", "Last attempt", "Status", { label: "Actions", align: "right" }]} />
          <TableBody>
            {webhooks.map((w) => (
              <TableRow key={w.id} className={w.isEnabled ? "" : "text-slate-500"}>
                <TableCell>{w.name}</TableCell>
                <TableCell className="max-w-xs truncate font-mono text-xs">{w.url}</TableCell>
                <TableCell className="text-xs">{w.eventTypes.join(", ")}</TableCell>
                <TableCell className="text-xs">{w.lines.length ? w.lines.join(", ") : "all"}</TableCell>
                <TableCell className="whitespace-nowrap tabular-nums">{when(w.lastAttemptAt)}</TableCell>
                <TableCell>{status(w)}</TableCell>
                <TableCell align="right">
                  <div className="flex justify-end gap-1">
                    <Button variant="secondary" size="xs" onClick={() => setLogOf(w)}>
                      Deliveries<span className="sr-only"> of {w.name}</span>
                    </Button>
                    <Button variant="secondary" size="xs" disabled={sendTest.isPending} onClick={() => (setLogOf(w), sendTest.mutate({ id: w.id }))}>
                      Send test event<span className="sr-only"> to {w.name}</span>
                    </Button>
                    <Button variant="secondary" size="xs" onClick={() => setForm({ id: w.id, name: w.name, url: w.url, eventTypes: w.eventTypes as SubscribableEventType[], lines: w.lines.join(", ") })}>
                      Edit<span className="sr-only"> {w.name}</span>
                    </Button>
                    <Button variant="secondary" size="xs" disabled={setEnabled.isPending} onClick={() => setEnabled.mutate({ id: w.id, isEnabled: !w.isEnabled })}>
                      {w.isEnabled ? "Disable" : "Enable"}
                      <span className="sr-only"> {w.name}</span>
                    </Button>
                  </div>
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
      {actionError && (
        <p role="alert" className="px-4 py-2 text-sm text-red-700">
          {actionError.message}
        </p>
      )}
      {logOf && (
        <section aria-label={`Deliveries of ${logOf.name}`} className="border-t border-slate-100">
          <h3 className="px-4 pt-4 text-sm font-semibold text-slate-800">Deliveries of {logOf.name}</h3>
          {deliveries.data?.length ? (
            <Table caption={`Delivery attempts of ${logOf.name}`}>
              <TableHeader columns={["Attempted", "Event", "Attempt", "Result", "Response", "Error", { label: "Actions", align: "right" }]} />
              <TableBody>
                {deliveries.data.map((d) => (
                  <TableRow key={d.id}>
                    <TableCell className="whitespace-nowrap tabular-nums">{when(d.attemptedAt)}</TableCell>
                    <TableCell className="text-xs">
                      <span className="font-mono">{d.eventType}</span> <span className="text-slate-600">{d.eventId}</span>
                    </TableCell>
                    <TableCell className="tabular-nums">{d.attempt}</TableCell>
                    <TableCell>{d.isSuccess ? <Badge tone="success">Delivered {d.statusCode}</Badge> : <Badge tone="danger">Failed{d.statusCode ? ` ${d.statusCode}` : ""}</Badge>}</TableCell>
                    <TableCell className="tabular-nums">{d.responseMs === null ? "–" : `${d.responseMs} ms`}</TableCell>
                    <TableCell className="max-w-xs text-xs">{d.error}</TableCell>
                    <TableCell align="right">
                      <Button variant="secondary" size="xs" disabled={replay.isPending} onClick={() => replay.mutate({ subscriptionId: logOf.id, eventId: d.eventId })}>
                        Replay<span className="sr-only"> event {d.eventId}</span>
                      </Button>
                    </TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
          ) : (
            <p className="px-4 py-3 text-sm text-slate-600">{deliveries.isPending ? "Loading…" : "No delivery yet."}</p>
          )}
        </section>
      )}
      <form
        aria-label={form.id === null ? "Create a webhook" : "Edit the webhook"}
        className="grid gap-3 border-t border-slate-100 p-4 sm:grid-cols-3"
        onSubmit={(e) => {
          e.preventDefault();
          const data = { name: form.name, url: form.url, eventTypes: form.eventTypes, lines: form.lines.split(",").map((l) => l.trim()).filter(Boolean) };
          if (form.id === null) create.mutate(data);
          else update.mutate({ id: form.id, ...data });
        }}
      >
        <Field label="Name" hint="The receiving system, e.g. SAP ERP">
          <Input value={form.name} onChange={(e) => setForm({ ...form, name: e.target.value })} required />
        </Field>
        <Field label="URL" hint="https:// (private addresses need WEBHOOK_ALLOWED_HOSTS)">
          <Input type="url" value={form.url} onChange={(e) => setForm({ ...form, url: e.target.value })} required />
        </Field>
        <Field label="Lines" hint="Line codes, comma-separated; empty: all lines">
          <Input value={form.lines} onChange={(e) => setForm({ ...form, lines: e.target.value })} />
        </Field>
        <fieldset className="sm:col-span-3">
          <legend className="text-sm font-medium text-slate-700">Events</legend>
          <div className="mt-1 grid gap-x-4 gap-y-1 sm:grid-cols-2">
            {subscribableEventTypes.map((type) => (
              <label key={type} className="inline-flex items-center gap-1.5 text-sm text-slate-700">
                <input
                  type="checkbox"
                  checked={form.eventTypes.includes(type)}
                  onChange={(e) => setForm({ ...form, eventTypes: e.target.checked ? [...form.eventTypes, type] : form.eventTypes.filter((t) => t !== type) })}
                />
                {eventLabels[type]} <span className="font-mono text-xs text-slate-600">{type}</span>
              </label>
            ))}
          </div>
        </fieldset>
        <SubmitRow label={form.id === null ? "Create webhook" : "Save webhook"} isPending={save.isPending} error={save.error?.message} className="sm:col-span-3" />
        {form.id !== null && (
          <Button variant="ghost" size="sm" onClick={() => setForm(emptyForm)} className="sm:col-span-3 justify-self-start">
            Cancel editing
          </Button>
        )}
      </form>
    </div>
  );
}
