"use client";

import { useMutation } from "@tanstack/react-query";
import { KeyRound } from "lucide-react";
import { useRouter } from "next/navigation";
import { useState } from "react";

import { useTRPC } from "@/components/trpc/client";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import { Field, Input, Select } from "@/components/ui/field";
import { formatDateTime } from "@/components/ui/format";
import { SubmitRow } from "@/components/ui/submit-row";
import { Table, TableBody, TableCell, TableHeader, TableRow } from "@/components/ui/table";
import type { RouterOutputs } from "@/server/api/root";
import { apiScopes, type ApiScope } from "@/server/api-tokens/scopes";
import { roleLabels, roles, type Role } from "@/server/auth/roles";

type Token = RouterOutputs["admin"]["apiTokens"][number];

const emptyForm = { name: "", role: "viewer" as Role, scopes: [] as ApiScope[], expiresAt: "" };

function status(token: Token, now: number) {
  if (token.revokedAt) return <Badge tone="muted">Revoked</Badge>;
  if (token.expiresAt && token.expiresAt.getTime() <= now) return <Badge tone="warning">Expired</Badge>;
  return <Badge tone="success">Active</Badge>;
}

/** Create (the token is shown once), list with last use, and revoke API tokens (docs/api.md). */
export function ApiTokensAdmin({ tokens, timeZone }: { tokens: Token[]; timeZone: string }) {
  const trpc = useTRPC();
  const router = useRouter();
  const [form, setForm] = useState(emptyForm);
  const [shown, setShown] = useState<{ name: string; token: string } | null>(null);
  const [isCopied, setIsCopied] = useState(false);
  const create = useMutation(
    trpc.admin.createApiToken.mutationOptions({
      onSuccess: (created) => (setShown({ name: created.name, token: created.token }), setIsCopied(false), setForm(emptyForm), router.refresh()),
    }),
  );
  const revoke = useMutation(trpc.admin.revokeApiToken.mutationOptions({ onSuccess: () => router.refresh() }));
  const [now] = useState(() => Date.now());
  const when = (date: Date | null) => (date ? formatDateTime(date, timeZone) : "never");

  return (
    <div>
      {shown && (
        <div role="status" className="space-y-2 border-b border-amber-200 bg-amber-50 p-4">
          <p className="text-sm font-medium text-amber-900">Copy the token for {shown.name} now: it is shown only this once and stored only as a hash.</p>
          <div className="flex flex-wrap items-center gap-2">
            <Input readOnly aria-label={`API token for ${shown.name}`} value={shown.token} className="max-w-xl font-mono text-xs" onFocus={(e) => e.currentTarget.select()} />
            <Button size="sm" variant="secondary" onClick={() => void navigator.clipboard.writeText(shown.token).then(() => setIsCopied(true))}>
              {isCopied ? "Copied" : "Copy"}
            </Button>
            <Button size="sm" variant="ghost" onClick={() => setShown(null)}>
              Done
            </Button>
          </div>
        </div>
      )}
      {tokens.length === 0 ? (
        <EmptyState icon={KeyRound} title="No API tokens yet">
          Create one for each system that calls the API, so each can be revoked on its own.
        </EmptyState>
      ) : (
        <Table caption="API tokens">
          <TableHeader columns={["Name", "Token", "Role", "Scopes", "Expires", "Last used", "Status", { label: "Actions", align: "right" }]} />
          <TableBody>
            {tokens.map((t) => (
              <TableRow key={t.id} className={t.revokedAt ? "text-slate-500" : ""}>
                <TableCell>{t.name}</TableCell>
                <TableCell className="font-mono text-xs">{t.prefix}…</TableCell>
                <TableCell>{roleLabels[t.role]}</TableCell>
                <TableCell className="text-xs">{t.scopes.length ? t.scopes.join(", ") : "all its role allows"}</TableCell>
                <TableCell className="whitespace-nowrap tabular-nums">{t.expiresAt ? when(t.expiresAt) : "no expiry"}</TableCell>
                <TableCell className="whitespace-nowrap tabular-nums">{when(t.lastUsedAt)}</TableCell>
                <TableCell>{status(t, now)}</TableCell>
                <TableCell align="right">
                  {!t.revokedAt && (
                    <Button variant="secondary" size="xs" disabled={revoke.isPending} onClick={() => revoke.mutate({ id: t.id })}>
                      Revoke<span className="sr-only"> {t.name}</span>
                    </Button>
                  )}
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
      {revoke.error && (
        <p role="alert" className="px-4 py-2 text-sm text-red-700">
          {revoke.error.message}
        </p>
      )}
      <form
        aria-label="Create an API token"
        className="grid gap-3 border-t border-slate-100 p-4 sm:grid-cols-3"
        onSubmit={(e) => {
          e.preventDefault();
          create.mutate({ name: form.name, role: form.role, scopes: form.scopes, expiresAt: form.expiresAt ? new Date(`${form.expiresAt}T23:59:59Z`) : undefined });
        }}
      >
        <Field label="Name" hint="The system that uses it, e.g. SAP ERP">
          <Input value={form.name} onChange={(e) => setForm({ ...form, name: e.target.value })} required />
        </Field>
        <Field label="Role" hint="docs/roles.md: what each role may do">
          <Select value={form.role} onChange={(e) => setForm({ ...form, role: e.target.value as Role })}>
            {roles.map((r) => (
              <option key={r} value={r}>
                {roleLabels[r]}
              </option>
            ))}
          </Select>
        </Field>
        <Field label="Expires on" hint="Empty: no expiry (revoke it when no longer needed)">
          <Input type="date" value={form.expiresAt} onChange={(e) => setForm({ ...form, expiresAt: e.target.value })} />
        </Field>
        <fieldset className="sm:col-span-3">
          <legend className="text-sm font-medium text-slate-700">Scopes (none ticked: everything its role allows)</legend>
          <div className="mt-1 flex flex-wrap gap-x-4 gap-y-1">
            {apiScopes.map((scope) => (
              <label key={scope} className="inline-flex items-center gap-1.5 text-sm text-slate-700">
                <input
                  type="checkbox"
                  checked={form.scopes.includes(scope)}
                  onChange={(e) => setForm({ ...form, scopes: e.target.checked ? [...form.scopes, scope] : form.scopes.filter((s) => s !== scope) })}
                />
                <span className="font-mono text-xs">{scope}</span>
              </label>
            ))}
          </div>
        </fieldset>
        <SubmitRow label="Create token" isPending={create.isPending} error={create.error?.message} className="sm:col-span-3" />
      </form>
    </div>
  );
}
