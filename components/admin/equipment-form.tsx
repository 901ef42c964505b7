"use client";

import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";

import { useTRPC } from "@/components/trpc/client";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { Field, Input } from "@/components/ui/field";
import type { RouterInputs } from "@/server/api/root";

export type EquipmentKind = "site" | "area" | "line" | "station";

/** What the form edits: a new node under a parent, or an existing one with its current values. */
export type EquipmentDraft = { mode: "create"; kind: EquipmentKind; parentId: number; parentLabel: string; enterprise?: string } | { mode: "edit"; kind: EquipmentKind; id: number; values: Record<string, string> };

const kindLabels: Record<EquipmentKind, string> = { site: "site", area: "area", line: "line", station: "station" };
const extraFields: Record<EquipmentKind, { key: string; label: string; hint?: string; type?: "number"; step?: string }[]> = {
  site: [{ key: "timeZone", label: "Time zone", hint: "An IANA name such as Europe/Berlin or America/Chicago: shifts and KPI days follow it." }],
  area: [],
  line: [{ key: "targetPerHour", label: "Output target per hour", type: "number", hint: "Units per hour; the shift target on the live view." }],
  station: [
    { key: "idealCycleSeconds", label: "Ideal cycle time (s)", type: "number", step: "0.1", hint: "The performance part of OEE." },
    { key: "expectedIntervalSeconds", label: "Expected report interval (s)", type: "number", hint: "Silent longer than this shows as no signal." },
  ],
};
const defaults: Record<string, string> = { timeZone: "UTC", targetPerHour: "0", idealCycleSeconds: "", expectedIntervalSeconds: "60" };

/** Creates or edits one site, area, line or station; the server checks codes and values and says what is wrong. */
export function EquipmentForm({ draft, onDone }: { draft: EquipmentDraft; onDone: () => void }) {
  const trpc = useTRPC();
  const router = useRouter();
  const fields = extraFields[draft.kind];
  const [values, setValues] = useState<Record<string, string>>(() => (draft.mode === "edit" ? draft.values : { code: "", name: "", enterprise: draft.enterprise ?? "", ...Object.fromEntries(fields.map((f) => [f.key, defaults[f.key] ?? ""])) }));
  const finish = () => {
    onDone();
    router.refresh();
  };
  const create = useMutation(trpc.equipment.create.mutationOptions({ onSuccess: finish }));
  const update = useMutation(trpc.equipment.update.mutationOptions({ onSuccess: finish }));
  const remove = useMutation(trpc.equipment.delete.mutationOptions({ onSuccess: finish }));
  const error = (create.error ?? update.error ?? remove.error)?.message;
  const set = (key: string) => (e: { target: { value: string } }) => setValues((v) => ({ ...v, [key]: e.target.value }));

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    const typed = Object.fromEntries(fields.map((f) => [f.key, f.type === "number" ? Number(values[f.key]) : values[f.key]]));
    const common = { code: values.code ?? "", name: values.name ?? "", ...typed };
    if (draft.mode === "edit") update.mutate({ kind: draft.kind, id: draft.id, ...common });
    else create.mutate({ kind: draft.kind, ...(draft.kind === "site" ? { enterprise: values.enterprise } : { parentId: draft.parentId }), ...common } as RouterInputs["equipment"]["create"]);
  }

  const title = draft.mode === "edit" ? `Edit ${kindLabels[draft.kind]} ${draft.values.code ?? ""}` : `New ${kindLabels[draft.kind]}${draft.kind === "site" ? "" : ` in ${draft.parentLabel}`}`;
  return (
    <Card title={title}>
      <form aria-label={title} className="space-y-3" onSubmit={onSubmit}>
        {draft.mode === "create" && draft.kind === "site" && (
          <Field label="Enterprise" hint="The first level of every topic of this site.">
            <Input value={values.enterprise} onChange={set("enterprise")} required />
          </Field>
        )}
        <Field label="Code" hint={'Part of MQTT topics: no spaces, "/", "+" or "#". A new code changes the topic the station is matched by.'}>
          <Input className="font-mono" value={values.code} onChange={set("code")} required />
        </Field>
        <Field label="Name">
          <Input value={values.name} onChange={set("name")} required />
        </Field>
        {fields.map((f) => (
          <Field key={f.key} label={f.label} hint={f.hint}>
            <Input type={f.type} step={f.step} min={f.type === "number" ? 0 : undefined} value={values[f.key]} onChange={set(f.key)} required />
          </Field>
        ))}
        {error && (
          <p role="alert" className="text-sm text-red-700">
            {error}
          </p>
        )}
        <div className="flex flex-wrap gap-2">
          <Button type="submit" disabled={create.isPending || update.isPending}>
            {draft.mode === "edit" ? "Save" : "Add"}
          </Button>
          <Button variant="secondary" onClick={onDone}>
            Cancel
          </Button>
          {draft.mode === "edit" && (
            <Button variant="ghost" className="ml-auto text-red-700" disabled={remove.isPending} onClick={() => remove.mutate({ kind: draft.kind, id: draft.id })}>
              Delete (no history only)
            </Button>
          )}
        </div>
      </form>
    </Card>
  );
}
