"use client";

import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";

import { useTRPC } from "@/components/trpc/client";

export function AcknowledgeNoticeButton({ id }: { id: number }) {
  const trpc = useTRPC();
  const router = useRouter();
  const ack = useMutation(trpc.changes.acknowledgeLineNotice.mutationOptions({ onSuccess: () => router.refresh() }));
  return (
    <div className="text-right">
      <button type="button" disabled={ack.isPending} onClick={() => ack.mutate({ id })} className="rounded-md border border-sky-300 bg-white px-2.5 py-1 text-xs font-medium text-sky-800 hover:bg-sky-100 disabled:opacity-60">
        Acknowledge
      </button>
      {ack.error && (
        <p role="alert" className="mt-1 text-xs text-red-700">
          {ack.error.message}
        </p>
      )}
    </div>
  );
}
