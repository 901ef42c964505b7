"use client";

import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState } from "react";

import { useTRPC } from "@/components/trpc/client";
import { Button } from "@/components/ui/button";
import { Field, Textarea } from "@/components/ui/field";

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
        <Field label="Decision comment (required to reject)">
          <Textarea value={comment} onChange={(e) => setComment(e.target.value)} rows={3} />
        </Field>
      )}
      <div className="flex flex-wrap gap-2">
        {actions.includes("submit") && (
          <Button disabled={act.isPending} onClick={() => act.mutate({ number, action: "submit" })}>
            Submit for review
          </Button>
        )}
        {actions.includes("startReview") && (
          <Button disabled={act.isPending} onClick={() => act.mutate({ number, action: "startReview" })}>
            Start review
          </Button>
        )}
        {actions.includes("approve") && (
          <Button disabled={act.isPending} onClick={() => act.mutate({ number, action: "approve", comment })}>
            Approve request
          </Button>
        )}
        {actions.includes("reject") && (
          <Button disabled={act.isPending} onClick={() => act.mutate({ number, action: "reject", comment })} variant="danger">
            Reject request
          </Button>
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
