"use client";

import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";

import { useTRPC } from "@/components/trpc/client";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { Field, Input, Select } from "@/components/ui/field";
import { formatDateTime } from "@/components/ui/format";
import { Table, TableBody, TableCell, TableHeader, TableRow } from "@/components/ui/table";
import type { RouterOutputs } from "@/server/api/root";

type Outputs = RouterOutputs["equipment"];
const empty = { id: undefined as number | undefined, groupId: "", edgeNodeId: "", deviceId: "", stationId: "" };

/** Sparkplug group/edge/device ids → stations, and the ids the worker heard without a mapping. */
export function SparkplugMappings({ mappings, unmapped, stations }: { mappings: Outputs["sparkplugMappings"]; unmapped: Outputs["unmappedSparkplugNodes"]; stations: Outputs["liveStations"] }) {
  const trpc = useTRPC();
  const router = useRouter();
  const [form, setForm] = useState(empty);
  const save = useMutation(trpc.equipment.saveSparkplugMapping.mutationOptions({ onSuccess: () => (setForm(empty), router.refresh()) }));
  const remove = useMutation(trpc.equipment.removeSparkplugMapping.mutationOptions({ onSuccess: () => router.refresh() }));
  const error = (save.error ?? remove.error)?.message;
  const set = (key: keyof typeof empty) => (e: { target: { value: string } }) => setForm((f) => ({ ...f, [key]: e.target.value }));

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    save.mutate({ ...form, stationId: Number(form.stationId) });
  }

  return (
    <div className="space-y-6">
      <Card title="Sparkplug mappings" description="Sparkplug ids are not ISA-95 paths: each group / edge node / device is mapped to a station. The worker picks changes up within seconds." isFlush>
        {mappings.length === 0 ? (
          <EmptyState title="No Sparkplug mappings">Map the ids below, or add one by hand.</EmptyState>
        ) : (
          <Table caption="Sparkplug mappings">
            <TableHeader columns={["Group", "Edge node", "Device", "Station", { label: "Actions", align: "right" }]} />
            <TableBody>
              {mappings.map((m) => (
                <TableRow key={m.id}>
                  <TableCell className="font-mono text-xs whitespace-nowrap">{m.groupId}</TableCell>
                  <TableCell className="font-mono text-xs whitespace-nowrap">{m.edgeNodeId}</TableCell>
                  <TableCell className="font-mono text-xs whitespace-nowrap">{m.deviceId || <span className="text-slate-400">(node)</span>}</TableCell>
                  <TableCell className="font-mono text-xs whitespace-nowrap">
                    {m.station} {m.isStationRetired && <Badge tone="muted">Retired</Badge>}
                  </TableCell>
                  <TableCell align="right" className="whitespace-nowrap">
                    <span className="inline-flex gap-1">
                      <Button variant="secondary" size="xs" aria-label={`Edit mapping ${m.groupId}/${m.edgeNodeId}/${m.deviceId}`} onClick={() => setForm({ id: m.id, groupId: m.groupId, edgeNodeId: m.edgeNodeId, deviceId: m.deviceId, stationId: String(m.stationId) })}>
                        Edit
                      </Button>
                      <Button variant="secondary" size="xs" aria-label={`Remove mapping ${m.groupId}/${m.edgeNodeId}/${m.deviceId}`} disabled={remove.isPending} onClick={() => remove.mutate({ id: m.id })}>
                        Remove
                      </Button>
                    </span>
                  </TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        )}
        <form aria-label="Sparkplug mapping" onSubmit={onSubmit} className="grid grid-cols-2 items-end gap-3 border-t border-slate-100 p-4 lg:grid-cols-[1fr_1fr_1fr_1.5fr_auto]">
          <Field label="Group">
            <Input size="sm" className="font-mono" value={form.groupId} onChange={set("groupId")} required />
          </Field>
          <Field label="Edge node">
            <Input size="sm" className="font-mono" value={form.edgeNodeId} onChange={set("edgeNodeId")} required />
          </Field>
          <Field label="Device">
            <Input size="sm" className="font-mono" value={form.deviceId} onChange={set("deviceId")} placeholder="(node)" />
          </Field>
          <Field label="Station">
            <Select size="sm" value={form.stationId} onChange={set("stationId")} required>
              <option value="">Choose…</option>
              {stations.map((s) => (
                <option key={s.id} value={s.id}>
                  {s.path} · {s.name}
                </option>
              ))}
            </Select>
          </Field>
          <Button type="submit" size="sm" disabled={save.isPending}>
            {form.id ? "Save" : "Add"}
          </Button>
        </form>
        {error && (
          <p role="alert" className="px-4 pb-3 text-sm text-red-700">
            {error}
          </p>
        )}
      </Card>
      <Card title="Unmapped Sparkplug ids" description="Ids the worker received messages from but could not place: their messages are in the dead letters." isFlush>
        {unmapped.length === 0 ? (
          <EmptyState title="Every Sparkplug id heard is mapped" />
        ) : (
          <Table caption="Unmapped Sparkplug ids">
            <TableHeader columns={["Group", "Edge node", "Device", { label: "Messages", align: "right" }, "Last seen (UTC)", { label: "Actions", align: "right" }]} />
            <TableBody>
              {unmapped.map((n) => (
                <TableRow key={`${n.groupId}/${n.edgeNodeId}/${n.deviceId}`}>
                  <TableCell className="font-mono text-xs whitespace-nowrap">{n.groupId}</TableCell>
                  <TableCell className="font-mono text-xs whitespace-nowrap">{n.edgeNodeId}</TableCell>
                  <TableCell className="font-mono text-xs whitespace-nowrap">{n.deviceId || <span className="text-slate-400">(node)</span>}</TableCell>
                  <TableCell align="right">{n.messages}</TableCell>
                  <TableCell className="text-xs">{formatDateTime(n.lastSeen, "UTC")}</TableCell>
                  <TableCell align="right">
                    <Button variant="secondary" size="xs" aria-label={`Map ${n.groupId}/${n.edgeNodeId}/${n.deviceId}`} onClick={() => setForm({ ...empty, groupId: n.groupId, edgeNodeId: n.edgeNodeId, deviceId: n.deviceId })}>
                      Map
                    </Button>
                  </TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        )}
      </Card>
    </div>
  );
}
