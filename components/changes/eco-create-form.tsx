"use client";

import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";

import { useTRPC } from "@/components/trpc/client";
import { Button } from "@/components/ui/button";
import { Field, Input, Textarea } from "@/components/ui/field";
import { cardSurface } from "@/components/ui/card";
import { cn } from "@/components/ui/cn";

import { EffectivityFields, type EffectivityValue } from "./effectivity-fields";

export function EcoCreateForm({ approved, preselected }: { approved: { number: string; title: string }[]; preselected: string[] }) {
  const trpc = useTRPC();
  const router = useRouter();
  const [title, setTitle] = useState("");
  const [description, setDescription] = useState("");
  const [ecrNumbers, setEcrNumbers] = useState(preselected);
  const [effectivity, setEffectivity] = useState<EffectivityValue>({ effectivity: "date", effectivityValue: "" });
  const create = useMutation(trpc.changes.createEco.mutationOptions({ onSuccess: (eco) => router.push(`/changes/ecos/${eco.number}`) }));

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    create.mutate({ title, description, ecrNumbers, ...effectivity });
  }

  return (
    <form onSubmit={onSubmit} aria-label="New change order" className={cn(cardSurface, "max-w-3xl space-y-4 p-4")}>
      <fieldset className="text-sm">
        <legend className="mb-1 font-medium">Implements approved requests</legend>
        {approved.length === 0 ? (
          <p className="text-slate-600">No approved change requests wait for an order.</p>
        ) : (
          <div className="space-y-1">
            {approved.map((r) => (
              <label key={r.number} className="flex items-center gap-2">
                <input type="checkbox" checked={ecrNumbers.includes(r.number)} onChange={() => setEcrNumbers((n) => (n.includes(r.number) ? n.filter((x) => x !== r.number) : [...n, r.number]))} />
                <span className="font-mono">{r.number}</span>
                <span className="truncate">{r.title}</span>
              </label>
            ))}
          </div>
        )}
      </fieldset>
      <Field label="Title">
        <Input value={title} onChange={(e) => setTitle(e.target.value)} required minLength={5} />
      </Field>
      <Field label="Description">
        <Textarea value={description} onChange={(e) => setDescription(e.target.value)} required minLength={10} rows={4} />
      </Field>
      <EffectivityFields value={effectivity} onChange={setEffectivity} />
      <p className="text-xs text-slate-600">Made parts named in the requests get a new draft revision, copied from the released one, for you to edit.</p>
      {create.error && (
        <p role="alert" className="text-sm text-red-700">
          {create.error.message.startsWith("[") ? "Check the fields: title, description and effectivity are required." : create.error.message}
        </p>
      )}
      <div className="flex gap-2">
        <Button type="submit" disabled={create.isPending}>
          Create order
        </Button>
        <Button onClick={() => router.back()} variant="secondary">
          Cancel
        </Button>
      </div>
    </form>
  );
}
