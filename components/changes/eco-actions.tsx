"use client";

import { useMutation } from "@tanstack/react-query";
import { Ban, Rocket, Send } from "lucide-react";
import { useRouter } from "next/navigation";
import { useState } from "react";

import { useTRPC } from "@/components/trpc/client";
import { Button } from "@/components/ui/button";
import { Field, Textarea } from "@/components/ui/field";

export function EcoActions({ number, canSubmit, canRelease, canCancel }: { number: string; canSubmit: boolean; canRelease: boolean; canCancel: boolean }) {
  const trpc = useTRPC();
  const router = useRouter();
  const [reason, setReason] = useState("");
  const submit = useMutation(trpc.changes.submitEco.mutationOptions({ onSuccess: () => router.refresh() }));
  const release = useMutation(trpc.changes.releaseEco.mutationOptions({ onSuccess: () => router.refresh() }));
  const cancel = useMutation(trpc.changes.cancelEco.mutationOptions({ onSuccess: () => router.refresh() }));
  const error = submit.error ?? release.error ?? cancel.error;
  if (!canSubmit && !canRelease && !canCancel) return null;
  return (
    <div className="space-y-2">
      <div className="flex flex-wrap gap-2">
        {canSubmit && (
          <Button disabled={submit.isPending} onClick={() => submit.mutate({ number })}>
            <Send className="size-4" aria-hidden="true" /> Submit for review
          </Button>
        )}
        {canRelease && (
          <Button disabled={release.isPending} onClick={() => release.mutate({ number })} variant="success">
            <Rocket className="size-4" aria-hidden="true" /> {release.isPending ? "Releasing…" : "Release to production"}
          </Button>
        )}
      </div>
      {canCancel && (
        <details>
          <summary className="cursor-pointer text-sm font-medium text-slate-600">Cancel this order…</summary>
          <form
            className="mt-2 space-y-2"
            onSubmit={(e) => {
              e.preventDefault();
              cancel.mutate({ number, reason });
            }}
          >
            <Field label="Why is it cancelled?">
              <Textarea value={reason} onChange={(e) => setReason(e.target.value)} rows={2} />
            </Field>
            <Button type="submit" disabled={cancel.isPending} variant="danger">
              <Ban className="size-4" aria-hidden="true" /> Cancel order
            </Button>
          </form>
        </details>
      )}
      {error && (
        <p role="alert" className="text-sm text-red-700">
          {error.message}
        </p>
      )}
    </div>
  );
}
