"use client";

import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState } from "react";

import { useTRPC } from "@/components/trpc/client";

import { buttonClass, inputClass, secondaryButtonClass } from "./format";

type Action = "submit" | "startReview" | "approve" | "reject";

/** The next steps the signed-in engineer may take on this request; the server checks them again. */
export function EcrActions({ number, actions }: { number: string; actions: Action[] }) {
  const trpc = useTRPC();
  const router = useRouter();
  const [comment, setComment] = useState("");
  const act = useMutation(trpc.changes.ecrAction.mutationOptions({ onSuccess: () => router.refresh() }));
  if (actions.length === 0) return null;
  const isDeciding = actions.includes("approve");
  return (
    <div className="space-y-3">
      {isDeciding && (
        <label className="block text-sm">
          <span className="mb-1 block font-medium">Decision comment (required to reject)</span>
          <textarea value={comment} onChange={(e) => setComment(e.target.value)} rows={3} className={inputClass} />
        </label>
      )}
      <div className="flex flex-wrap gap-2">
        {actions.includes("submit") && (
          <button type="button" disabled={act.isPending} onClick={() => act.mutate({ number, action: "submit" })} className={buttonClass}>
            Submit for review
          </button>
        )}
        {actions.includes("startReview") && (
          <button type="button" disabled={act.isPending} onClick={() => act.mutate({ number, action: "startReview" })} className={buttonClass}>
            Start review
          </button>
        )}
        {actions.includes("approve") && (
          <button type="button" disabled={act.isPending} onClick={() => act.mutate({ number, action: "approve", comment })} className={buttonClass}>
            Approve request
          </button>
        )}
        {actions.includes("reject") && (
          <button type="button" disabled={act.isPending} onClick={() => act.mutate({ number, action: "reject", comment })} className={`${secondaryButtonClass} text-red-700`}>
            Reject request
          </button>
        )}
      </div>
      {act.error && (
        <p role="alert" className="text-sm text-red-700">
          {act.error.message}
        </p>
      )}
    </div>
  );
}
