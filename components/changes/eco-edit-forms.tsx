"use client";

import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";

import { useTRPC } from "@/components/trpc/client";
import { Button } from "@/components/ui/button";
import { Field, Input, Select, Textarea } from "@/components/ui/field";

import { EffectivityFields, type EffectivityValue } from "./effectivity-fields";

import { VoidConfirmation } from "./void-confirmation";

export function EcoHeaderForm({ eco, signatureCount }: { eco: { number: string; title: string; description: string } & EffectivityValue; signatureCount: number }) {
  const trpc = useTRPC();
  const router = useRouter();
  const [title, setTitle] = useState(eco.title);
  const [description, setDescription] = useState(eco.description);
  const [effectivity, setEffectivity] = useState<EffectivityValue>({ effectivity: eco.effectivity, effectivityValue: eco.effectivityValue });
  const [isConfirmed, setConfirmed] = useState(false);
  const update = useMutation(trpc.changes.updateEco.mutationOptions({ onSuccess: () => (setConfirmed(false), router.refresh()) }));

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    update.mutate({ number: eco.number, title, description, ...effectivity, confirmVoidSignatures: isConfirmed });
  }
  return (
    <form onSubmit={onSubmit} aria-label={`Edit ${eco.number}`} className="space-y-3">
      <Field label="Title">
        <Input value={title} onChange={(e) => setTitle(e.target.value)} />
      </Field>
      <Field label="Description">
        <Textarea value={description} onChange={(e) => setDescription(e.target.value)} rows={3} />
      </Field>
      <EffectivityFields value={effectivity} onChange={setEffectivity} />
      <VoidConfirmation count={signatureCount} isConfirmed={isConfirmed} onChange={setConfirmed} />
      {update.error && (
        <p role="alert" className="text-sm text-red-700">
          {update.error.message.startsWith("[") ? "Title (5+ characters), description (10+) and effectivity are required." : update.error.message}
        </p>
      )}
      <Button type="submit" disabled={update.isPending}>
        Save order
      </Button>
    </form>
  );
}

export function AddPartForm({ number, parts, signatureCount }: { number: string; parts: { partNumber: string; name: string }[]; signatureCount: number }) {
  const trpc = useTRPC();
  const router = useRouter();
  const [partNumber, setPartNumber] = useState(parts[0]?.partNumber ?? "");
  const [isConfirmed, setConfirmed] = useState(false);
  const add = useMutation(trpc.changes.addPartChange.mutationOptions({ onSuccess: () => (setConfirmed(false), router.refresh()) }));
  if (parts.length === 0) return null;
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        add.mutate({ number, partNumber, confirmVoidSignatures: isConfirmed });
      }}
      aria-label="Revise another part"
      className="space-y-2"
    >
      <div className="flex flex-wrap items-end gap-2">
        <label className="text-sm">
          <span className="mb-1 block font-medium">Revise another made part</span>
          <Select value={partNumber} onChange={(e) => setPartNumber(e.target.value)}>
            {parts.map((p) => (
              <option key={p.partNumber} value={p.partNumber}>
                {p.partNumber} · {p.name}
              </option>
            ))}
          </Select>
        </label>
        <Button type="submit" disabled={add.isPending} variant="secondary">
          Add draft revision
        </Button>
      </div>
      <VoidConfirmation count={signatureCount} isConfirmed={isConfirmed} onChange={setConfirmed} />
      {add.error && (
        <p role="alert" className="text-sm text-red-700">
          {add.error.message}
        </p>
      )}
    </form>
  );
}
