"use client";

import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState } from "react";

import { useTRPC } from "@/components/trpc/client";
import { Button } from "@/components/ui/button";
import { Field, Input } from "@/components/ui/field";

/** Current password, then the new one twice; the policy's reasons come back from the server in words. */
export function ChangePasswordForm({ email }: { email: string }) {
  const trpc = useTRPC();
  const router = useRouter();
  const [form, setForm] = useState({ current: "", next: "", repeat: "" });
  const [mismatch, setMismatch] = useState(false);
  const change = useMutation(trpc.session.changePassword.mutationOptions({ onSuccess: () => router.push("/lines") }));
  return (
    <form
      className="space-y-4"
      onSubmit={(e) => {
        e.preventDefault();
        setMismatch(form.next !== form.repeat);
        if (form.next === form.repeat) change.mutate({ current: form.current, next: form.next });
      }}
    >
      <input type="hidden" name="username" autoComplete="username" value={email} />
      <Field label="Current password">
        <Input type="password" autoComplete="current-password" required value={form.current} onChange={(e) => setForm({ ...form, current: e.target.value })} />
      </Field>
      <Field label="New password" hint="At least 12 characters, not your e-mail address, not a common password. A few unrelated words work well.">
        <Input type="password" autoComplete="new-password" required value={form.next} onChange={(e) => setForm({ ...form, next: e.target.value })} />
      </Field>
      <Field label="New password again" error={mismatch ? "The two new passwords differ." : undefined}>
        <Input type="password" autoComplete="new-password" required value={form.repeat} onChange={(e) => setForm({ ...form, repeat: e.target.value })} />
      </Field>
      {change.error && (
        <p role="alert" className="rounded-md border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-800">
          {change.error.message}
        </p>
      )}
      <Button type="submit" className="w-full" disabled={change.isPending}>
        {change.isPending ? "Saving…" : "Save new password"}
      </Button>
    </form>
  );
}
