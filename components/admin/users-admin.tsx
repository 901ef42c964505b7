"use client";

import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState } from "react";

import { useTRPC } from "@/components/trpc/client";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Field, Input, Select } from "@/components/ui/field";
import { SubmitRow } from "@/components/ui/submit-row";
import { Table, TableBody, TableCell, TableHeader, TableRow } from "@/components/ui/table";
import type { RouterOutputs } from "@/server/api/root";
import { roleLabels, roles, type Role } from "@/server/auth/roles";

import { ActiveToggle } from "./active-toggle";

type User = RouterOutputs["admin"]["users"][number];

/** Every role, by its label, for the role pickers. */
const RoleOptions = () =>
  roles.map((r) => (
    <option key={r} value={r}>
      {roleLabels[r]}
    </option>
  ));

const emptyForm = { name: "", email: "", role: "viewer" as Role, password: "" };

/** Users and their roles: add, change role, deactivate and reactivate, set a temporary password. */
export function UsersAdmin({ users, currentUserId }: { users: User[]; currentUserId: number }) {
  const trpc = useTRPC();
  const router = useRouter();
  const refresh = { onSuccess: () => router.refresh() };
  const [form, setForm] = useState(emptyForm);
  const [resetting, setResetting] = useState<{ id: number; password: string } | null>(null);
  const create = useMutation(trpc.admin.createUser.mutationOptions({ onSuccess: () => (setForm(emptyForm), router.refresh()) }));
  const update = useMutation(trpc.admin.updateUser.mutationOptions(refresh));
  const setActive = useMutation(trpc.admin.setUserActive.mutationOptions(refresh));
  const reset = useMutation(trpc.admin.resetPassword.mutationOptions({ onSuccess: () => (setResetting(null), router.refresh()) }));
  const error = (update.error ?? setActive.error ?? reset.error)?.message;

  return (
    <div>
      <Table caption="Users">
        <TableHeader columns={["Name", "E-mail", "Role", "Status", { label: "Actions", align: "right" }]} />
        <TableBody>
          {users.map((u) => (
            <TableRow key={u.id} className={u.isActive ? "" : "text-slate-400"}>
              <TableCell>{u.name}</TableCell>
              <TableCell className="font-mono text-xs">{u.email}</TableCell>
              <TableCell>
                <Select
                  size="sm"
                  className="min-w-32"
                  aria-label={`Role of ${u.name}`}
                  value={u.role}
                  disabled={update.isPending || !u.isActive}
                  onChange={(e) => update.mutate({ id: u.id, name: u.name, role: e.target.value as Role })}
                >
                  <RoleOptions />
                </Select>
              </TableCell>
              <TableCell>
                {!u.isActive ? <Badge tone="muted">Deactivated</Badge> : u.mustChangePassword ? <Badge tone="warning">Must choose a password</Badge> : !u.hasPassword ? <Badge tone="info">Single sign-on</Badge> : <Badge tone="success">Active</Badge>}
              </TableCell>
              <TableCell align="right" className="whitespace-nowrap">
                {resetting?.id === u.id ? (
                  <form
                    className="inline-flex items-center gap-2"
                    onSubmit={(e) => {
                      e.preventDefault();
                      reset.mutate(resetting);
                    }}
                  >
                    <Input size="sm" type="password" autoComplete="new-password" aria-label={`Temporary password for ${u.name}`} value={resetting.password} onChange={(e) => setResetting({ id: u.id, password: e.target.value })} />
                    <Button type="submit" size="sm" disabled={reset.isPending}>
                      Set
                    </Button>
                    <Button variant="ghost" size="sm" onClick={() => setResetting(null)}>
                      Cancel
                    </Button>
                  </form>
                ) : (
                  <span className="inline-flex gap-2">
                    {u.isActive && (
                      <Button variant="secondary" size="xs" onClick={() => setResetting({ id: u.id, password: "" })}>
                        Reset password<span className="sr-only"> of {u.name}</span>
                      </Button>
                    )}
                    {u.id !== currentUserId && (
                      <ActiveToggle isActive={u.isActive} labels={["Deactivate", "Reactivate"]} name={u.name} isPending={setActive.isPending} onToggle={(isActive) => setActive.mutate({ id: u.id, isActive })} />
                    )}
                  </span>
                )}
              </TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
      {error && (
        <p role="alert" className="px-4 py-2 text-sm text-red-700">
          {error}
        </p>
      )}
      <form
        aria-label="Add a user"
        className="grid gap-3 border-t border-slate-100 p-4 sm:grid-cols-2"
        onSubmit={(e) => {
          e.preventDefault();
          create.mutate({ ...form, password: form.password || undefined });
        }}
      >
        <Field label="Name">
          <Input value={form.name} onChange={(e) => setForm({ ...form, name: e.target.value })} required />
        </Field>
        <Field label="E-mail">
          <Input type="email" value={form.email} onChange={(e) => setForm({ ...form, email: e.target.value })} required />
        </Field>
        <Field label="Role">
          <Select value={form.role} onChange={(e) => setForm({ ...form, role: e.target.value as Role })}>
            <RoleOptions />
          </Select>
        </Field>
        <Field label="Temporary password" hint="At least 12 characters; the user chooses their own at first sign-in. Leave empty for single sign-on only.">
          <Input type="password" autoComplete="new-password" value={form.password} onChange={(e) => setForm({ ...form, password: e.target.value })} />
        </Field>
        <SubmitRow label="Add user" isPending={create.isPending} error={create.error?.message} className="sm:col-span-2" />
      </form>
    </div>
  );
}
