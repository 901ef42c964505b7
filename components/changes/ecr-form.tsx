"use client";

import { useMutation } from "@tanstack/react-query";
import { Plus, Trash2 } from "lucide-react";
import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";

import { useTRPC } from "@/components/trpc/client";
import type { RouterInputs } from "@/server/api/root";
import { evidenceKinds } from "@/server/changes/evidence-kinds";
import { Button } from "@/components/ui/button";
import { Field, Input, Select, Textarea } from "@/components/ui/field";
import { cardSurface } from "@/components/ui/card";
import { cn } from "@/components/ui/cn";

import type { Evidence } from "./evidence";

type EcrInput = RouterInputs["changes"]["createEcr"];
const reasons: EcrInput["reason"][] = ["defect", "cost", "supplier", "customer", "regulatory"];
const priorities: EcrInput["priority"][] = ["low", "medium", "high", "critical"];

export interface EcrFormValues {
  number?: string;
  title: string;
  problem: string;
  reason: EcrInput["reason"];
  priority: EcrInput["priority"];
  affectedPartNumbers: string[];
  evidence: Evidence[];
}

export function EcrForm({ initial, parts }: { initial: EcrFormValues; parts: { partNumber: string; name: string }[] }) {
  const trpc = useTRPC();
  const router = useRouter();
  const [values, setValues] = useState(initial);
  const create = useMutation(trpc.changes.createEcr.mutationOptions({ onSuccess: (ecr) => router.push(`/changes/ecrs/${ecr.number}`) }));
  const update = useMutation(trpc.changes.updateEcr.mutationOptions({ onSuccess: (ecr) => router.push(`/changes/ecrs/${ecr.number}`) }));
  const mutation = initial.number ? update : create;
  const fieldErrors = (mutation.error?.data as { fieldErrors?: Record<string, string[] | undefined> } | undefined)?.fieldErrors ?? {};
  const set = <K extends keyof EcrFormValues>(key: K, value: EcrFormValues[K]) => setValues((v) => ({ ...v, [key]: value }));

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    const input = { title: values.title, problem: values.problem, reason: values.reason, priority: values.priority, affectedPartNumbers: values.affectedPartNumbers, evidence: values.evidence.filter((e) => e.ref.trim()) };
    if (initial.number) update.mutate({ ...input, number: initial.number });
    else create.mutate(input);
  }

  const togglePart = (partNumber: string) =>
    set("affectedPartNumbers", values.affectedPartNumbers.includes(partNumber) ? values.affectedPartNumbers.filter((p) => p !== partNumber) : [...values.affectedPartNumbers, partNumber]);

  return (
    <form onSubmit={onSubmit} className={cn(cardSurface, "max-w-3xl space-y-4 p-4")} aria-label={initial.number ? `Edit ${initial.number}` : "New change request"}>
      <Field label="Title" error={fieldErrors.title?.[0]}>
        <Input value={values.title} onChange={(e) => set("title", e.target.value)} required minLength={5} maxLength={200} />
      </Field>
      <Field label="Problem" error={fieldErrors.problem?.[0]}>
        <Textarea value={values.problem} onChange={(e) => set("problem", e.target.value)} rows={5} required minLength={10} />
      </Field>
      <div className="grid gap-4 sm:grid-cols-2">
        <Field label="Reason">
          <Select value={values.reason} onChange={(e) => set("reason", e.target.value as EcrInput["reason"])}>
            {reasons.map((r) => (
              <option key={r} value={r}>
                {r}
              </option>
            ))}
          </Select>
        </Field>
        <Field label="Priority">
          <Select value={values.priority} onChange={(e) => set("priority", e.target.value as EcrInput["priority"])}>
            {priorities.map((p) => (
              <option key={p} value={p}>
                {p}
              </option>
            ))}
          </Select>
        </Field>
      </div>
      <fieldset className="text-sm">
        <legend className="mb-1 font-medium">Affected parts</legend>
        <div className="grid grid-cols-1 gap-x-4 gap-y-1 sm:grid-cols-2">
          {parts.map((p) => (
            <label key={p.partNumber} className="flex items-center gap-2">
              <input type="checkbox" checked={values.affectedPartNumbers.includes(p.partNumber)} onChange={() => togglePart(p.partNumber)} />
              <span className="font-mono">{p.partNumber}</span>
              <span className="truncate text-slate-500">{p.name}</span>
            </label>
          ))}
        </div>
      </fieldset>
      <fieldset className="text-sm">
        <legend className="mb-1 font-medium">Evidence</legend>
        <ul className="space-y-2">
          {values.evidence.map((e, i) => (
            <li key={i} className="flex gap-2">
              <Select
                aria-label={`Evidence ${i + 1} kind`}
                value={e.kind}
                onChange={(ev) => set("evidence", values.evidence.map((x, j) => (j === i ? { ...x, kind: ev.target.value as Evidence["kind"] } : x)))} className="w-36"
              >
                {evidenceKinds.map((k) => (
                  <option key={k} value={k}>
                    {k}
                  </option>
                ))}
              </Select>
              <Input
                aria-label={`Evidence ${i + 1} reference`}
                value={e.ref}
                placeholder="serial, lot number, step:measurement…"
                onChange={(ev) => set("evidence", values.evidence.map((x, j) => (j === i ? { ...x, ref: ev.target.value } : x)))}
              />
              <Button aria-label={`Remove evidence ${i + 1}`} onClick={() => set("evidence", values.evidence.filter((_, j) => j !== i))} variant="secondary">
                <Trash2 className="size-4" aria-hidden="true" />
              </Button>
            </li>
          ))}
        </ul>
        <Button onClick={() => set("evidence", [...values.evidence, { kind: "unit", ref: "" }])} variant="secondary" className="mt-2">
          <Plus className="size-4" aria-hidden="true" /> Add evidence
        </Button>
      </fieldset>
      {mutation.error && (
        <p role="alert" className="text-sm text-red-700">
          {mutation.error.message.startsWith("[") ? "Check the highlighted fields." : mutation.error.message}
        </p>
      )}
      <div className="flex gap-2">
        <Button type="submit" disabled={mutation.isPending}>
          {initial.number ? "Save request" : "Create request"}
        </Button>
        <Button onClick={() => router.back()} variant="secondary">
          Cancel
        </Button>
      </div>
    </form>
  );
}
