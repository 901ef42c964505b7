"use client";

import { useMutation } from "@tanstack/react-query";

import { useTRPC } from "@/components/trpc/client";

export function AuditVerification() {
  const trpc = useTRPC();
  const verify = useMutation(trpc.admin.verifyAudit.mutationOptions());
  const result = verify.data;
  return (
    <div className="space-y-3">
      <button
        type="button"
        onClick={() => verify.mutate()}
        disabled={verify.isPending}
        className="rounded-md bg-sky-700 px-4 py-2 text-sm font-medium text-white hover:bg-sky-800 disabled:opacity-60"
      >
        {verify.isPending ? "Verifying…" : "Verify audit chain"}
      </button>
      {verify.error && <p role="alert" className="text-sm text-red-700">{verify.error.message}</p>}
      {result?.ok === true && (
        <p role="status" className="text-sm text-green-800">
          Chain intact: {result.checked.toLocaleString()} entries verified. Head {result.headHash.slice(0, 16)}…
        </p>
      )}
      {result?.ok === false && (
        <p role="alert" className="text-sm font-medium text-red-700">
          Chain broken at entry {result.seq}: {result.problem} ({result.checked.toLocaleString()} entries verified before it).
        </p>
      )}
    </div>
  );
}
