"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";

import { useTRPC } from "@/components/trpc/client";
import { Button } from "@/components/ui/button";
import { Field, Input } from "@/components/ui/field";

/**
 * A reasoned hold or release: one form for a unit or a whole where-used set.
 * The server checks the role again; this only hides it from roles that may not.
 */
export function HoldForm({
  label,
  submitLabel,
  tone,
  isSigned = false,
  onSubmit,
  isPending,
  error,
  success,
}: {
  label: string;
  submitLabel: string;
  tone: "hold" | "release";
  /** An electronic signature: the password is re-entered (docs/holds.md). */
  isSigned?: boolean;
  onSubmit: (reason: string, password: string) => void;
  isPending: boolean;
  error: string | null;
  success: string | null;
}) {
  const [isOpen, setIsOpen] = useState(false);
  const [reason, setReason] = useState("");
  const [password, setPassword] = useState("");
  function submit(event: FormEvent) {
    event.preventDefault();
    onSubmit(reason, password);
    setPassword("");
  }
  const variant = tone === "hold" ? "warning" : "success";
  return (
    <div className="space-y-2">
      {!isOpen ? (
        <Button variant={variant} size="sm" onClick={() => setIsOpen(true)}>
          {label}
        </Button>
      ) : (
        <form onSubmit={submit} className="flex flex-wrap items-end gap-2 rounded-lg border border-slate-200 bg-white p-3">
          <Field label="Reason" className="min-w-56 flex-1">
            <Input value={reason} onChange={(e) => setReason(e.target.value)} required minLength={3} maxLength={500} placeholder="e.g. supplier notice 8D-2211" size="sm" />
          </Field>
          {isSigned && (
            <Field label="Your password (e-signature)" className="min-w-48">
              <Input type="password" autoComplete="current-password" value={password} onChange={(e) => setPassword(e.target.value)} required size="sm" />
            </Field>
          )}
          <Button type="submit" variant={variant} size="sm" disabled={isPending}>
            {isPending ? "Saving…" : submitLabel}
          </Button>
          <Button variant="secondary" size="sm" onClick={() => setIsOpen(false)}>
            Cancel
          </Button>
        </form>
      )}
      {error && (
        <p role="alert" className="text-sm text-red-700">
          {error}
        </p>
      )}
      {success && (
        <p role="status" className="text-sm text-green-800">
          {success}
        </p>
      )}
    </div>
  );
}

export function UnitHoldForm({ serial, status }: { serial: string; status: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const mutation = useMutation(
    trpc.traceability.setUnitHold.mutationOptions({
      onSuccess: () => queryClient.invalidateQueries({ queryKey: trpc.traceability.pathKey() }),
    }),
  );
  if (status === "scrapped") return null;
  const action = status === "on_hold" ? "release" : "hold";
  return (
    <HoldForm
      key={action}
      label={action === "hold" ? "Put on hold" : "Release hold"}
      submitLabel={action === "hold" ? "Confirm hold" : "Confirm release"}
      tone={action}
      isPending={mutation.isPending}
      error={mutation.error?.message ?? null}
      success={mutation.data ? `${mutation.data.serial}: ${mutation.data.from.replace("_", " ")} → ${mutation.data.to.replace("_", " ")}.` : null}
      onSubmit={(reason) => mutation.mutate({ serial, action, reason })}
    />
  );
}

export function WhereUsedHoldForm({ origin, holdable }: { origin: { lotNumber: string } | { serial: string }; holdable: number }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const mutation = useMutation(
    trpc.traceability.holdWhereUsed.mutationOptions({
      onSuccess: () => queryClient.invalidateQueries({ queryKey: trpc.traceability.pathKey() }),
    }),
  );
  return (
    <HoldForm
      label={`Put all ${holdable.toLocaleString("en")} on hold`}
      submitLabel="Confirm hold of all"
      tone="hold"
      isPending={mutation.isPending}
      error={mutation.error?.message ?? null}
      success={mutation.data ? `${mutation.data.held.toLocaleString("en")} units put on hold (${mutation.data.alreadyOnHold.toLocaleString("en")} already were).` : null}
      onSubmit={(reason) => mutation.mutate({ origin, reason })}
    />
  );
}

export function LotReleaseForm({ lotNumber }: { lotNumber: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const mutation = useMutation(
    trpc.traceability.releaseLot.mutationOptions({
      onSuccess: () => queryClient.invalidateQueries({ queryKey: trpc.traceability.pathKey() }),
    }),
  );
  return (
    <HoldForm
      label="Release lot"
      submitLabel="Sign release"
      tone="release"
      isSigned
      isPending={mutation.isPending}
      error={mutation.error?.message ?? null}
      success={mutation.data ? `${mutation.data.lotNumber} ${mutation.data.meaning}; units held with it stay on hold until each is released.` : null}
      onSubmit={(reason, password) => mutation.mutate({ lotNumber, reason, password })}
    />
  );
}
