"use client";

import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";

import { useTRPC } from "@/components/trpc/client";
import type { Role } from "@/server/auth/roles";
import { Button } from "@/components/ui/button";
import { Field, Input, Select, Textarea } from "@/components/ui/field";

/** An electronic signature: decision, meaning, and the signer's password again. */
export function SignForm({ number, contentHash, roles, signerName }: { number: string; contentHash: string; roles: { role: Role; label: string }[]; signerName: string }) {
  const trpc = useTRPC();
  const router = useRouter();
  const [decision, setDecision] = useState<"approved" | "rejected">("approved");
  const [role, setRole] = useState(roles[0]?.role);
  const [password, setPassword] = useState("");
  const [comment, setComment] = useState("");
  const sign = useMutation(trpc.changes.signEco.mutationOptions({ onSuccess: () => (setPassword(""), router.refresh()) }));
  const label = roles.find((r) => r.role === role)?.label ?? "";

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    sign.mutate({ number, decision, password, contentHash, comment: comment || undefined, role: roles.length > 1 ? role : undefined });
  }
  return (
    <form onSubmit={onSubmit} aria-label="Sign this change order" className="space-y-3 rounded-md border border-slate-200 bg-slate-50 p-3">
      {roles.length > 1 && (
        <Field label="Sign as">
          <Select value={role} onChange={(e) => setRole(e.target.value as Role)}>
            {roles.map((r) => (
              <option key={r.role} value={r.role}>
                {r.label}
              </option>
            ))}
          </Select>
        </Field>
      )}
      <fieldset className="flex gap-4 text-sm">
        <legend className="mb-1 font-medium">Decision</legend>
        <label className="flex items-center gap-1.5">
          <input type="radio" name="decision" checked={decision === "approved"} onChange={() => setDecision("approved")} /> Approve
        </label>
        <label className="flex items-center gap-1.5">
          <input type="radio" name="decision" checked={decision === "rejected"} onChange={() => setDecision("rejected")} /> Reject
        </label>
      </fieldset>
      <Field label={<>Comment{decision === "rejected" ? " (required)" : ""}</>}>
        <Textarea value={comment} onChange={(e) => setComment(e.target.value)} rows={2} required={decision === "rejected"} />
      </Field>
      <Field label="Password">
        <Input type="password" autoComplete="current-password" value={password} onChange={(e) => setPassword(e.target.value)} required />
      </Field>
      <p className="text-xs text-slate-600">
        Signing as {signerName}: “{decision} as {label}”, bound to content hash <span className="font-mono">{contentHash.slice(0, 12)}…</span>
      </p>
      {sign.error && (
        <p role="alert" className="text-sm text-red-700">
          {sign.error.message}
        </p>
      )}
      <Button type="submit" disabled={sign.isPending}>
        Sign
      </Button>
    </form>
  );
}
