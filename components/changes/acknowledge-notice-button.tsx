"use client";

import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";

import { useTRPC } from "@/components/trpc/client";
import { Button } from "@/components/ui/button";

export function AcknowledgeNoticeButton({ id }: { id: number }) {
  const trpc = useTRPC();
  const router = useRouter();
  const ack = useMutation(trpc.changes.acknowledgeLineNotice.mutationOptions({ onSuccess: () => router.refresh() }));
  return (
    <div className="text-right">
      <Button variant="secondary" size="xs" disabled={ack.isPending} onClick={() => ack.mutate({ id })}>
        Acknowledge
      </Button>
      {ack.error && (
        <p role="alert" className="mt-1 text-xs text-red-700">
          {ack.error.message}
        </p>
      )}
    </div>
  );
}
