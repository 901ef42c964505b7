"use client";

import { useMutation } from "@tanstack/react-query";
import { Rocket, Send } from "lucide-react";
import { useRouter } from "next/navigation";

import { useTRPC } from "@/components/trpc/client";

import { buttonClass } from "./format";

export function EcoActions({ number, canSubmit, canRelease }: { number: string; canSubmit: boolean; canRelease: boolean }) {
  const trpc = useTRPC();
  const router = useRouter();
  const submit = useMutation(trpc.changes.submitEco.mutationOptions({ onSuccess: () => router.refresh() }));
  const release = useMutation(trpc.changes.releaseEco.mutationOptions({ onSuccess: () => router.refresh() }));
  const error = submit.error ?? release.error;
  if (!canSubmit && !canRelease) return null;
  return (
    <div className="space-y-2">
      <div className="flex flex-wrap gap-2">
        {canSubmit && (
          <button type="button" disabled={submit.isPending} onClick={() => submit.mutate({ number })} className={buttonClass}>
            <Send className="size-4" aria-hidden="true" /> Submit for review
          </button>
        )}
        {canRelease && (
          <button type="button" disabled={release.isPending} onClick={() => release.mutate({ number })} className={`${buttonClass} bg-green-700 hover:bg-green-800`}>
            <Rocket className="size-4" aria-hidden="true" /> {release.isPending ? "Releasing…" : "Release to production"}
          </button>
        )}
      </div>
      {error && (
        <p role="alert" className="text-sm text-red-700">
          {error.message}
        </p>
      )}
    </div>
  );
}
