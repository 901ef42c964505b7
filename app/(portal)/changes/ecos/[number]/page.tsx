import type { Metadata } from "next";
import Link from "next/link";

import { AuditHistory } from "@/components/changes/audit-history";
import { BoardPanel } from "@/components/changes/board-panel";
import { EcoActions } from "@/components/changes/eco-actions";
import { AddPartForm, EcoHeaderForm } from "@/components/changes/eco-edit-forms";
import { EffectPanel } from "@/components/changes/effect-panel";
import { effectivityLabels, formatStamp } from "@/components/changes/format";
import { ImpactPanel } from "@/components/changes/impact-panel";
import { loadOrNotFound } from "@/components/changes/load";
import { RevisionDiff } from "@/components/changes/revision-diff";
import { RevisionEditor } from "@/components/changes/revision-editor";
import { SignForm } from "@/components/changes/sign-form";
import { StatusBadge } from "@/components/changes/status-badge";
import { PageHeader } from "@/components/ui/page-header";
import { caller } from "@/server/api/rsc";
import { requireUser } from "@/server/auth/current-user";
import { can, roleLabels, type Role } from "@/server/auth/roles";
import { Card } from "@/components/ui/card";

export async function generateMetadata({ params }: { params: Promise<{ number: string }> }): Promise<Metadata> {
  return { title: decodeURIComponent((await params).number) };
}

export default async function EcoPage({ params }: { params: Promise<{ number: string }> }) {
  const user = await requireUser();
  const api = await caller();
  const number = decodeURIComponent((await params).number);
  const eco = await loadOrNotFound(() => api.changes.eco({ number }));
  const [timeZone, impact, effect, parts, stations] = await Promise.all([
    api.changes.timeZone(),
    // A cancelled order will affect nothing: its impact is not worked out.
    eco.status === "cancelled" ? null : api.changes.impact({ number }),
    api.changes.effect({ number }),
    api.changes.parts(),
    api.changes.stations(),
  ]);

  const isOpen = eco.status !== "released" && eco.status !== "cancelled";
  const canEdit = isOpen && can(user.role, "authorChanges") && (eco.authorId === user.id || user.role === "admin");
  const validSignatures = eco.signatures.filter((s) => !s.voidedAt).length;
  const missing = eco.board.filter((b) => !b.signature).map((b) => b.role);
  const hasSigned = eco.signatures.some((s) => !s.voidedAt && s.userId === user.id);
  const signRoles: Role[] =
    eco.status !== "in_review" || eco.authorId === user.id || hasSigned || !can(user.role, "signChanges") ? [] : user.role === "admin" ? missing : missing.includes(user.role) ? [user.role] : [];
  const boardNote = hasSigned
    ? "You have signed this version."
    : eco.status !== "in_review"
      ? null
      : eco.authorId === user.id
        ? "You wrote this order; the author does not sign it."
        : signRoles.length === 0 && can(user.role, "signChanges")
          ? `${roleLabels[user.role]} is not needed on this board${eco.requiredRoles.includes(user.role) ? " any more" : ""}.`
          : null;
  const revisable = parts.filter((p) => p.makeBuy === "make" && !eco.changes.some((c) => c.partNumber === p.partNumber));

  return (
    <>
      <PageHeader
        title={`${eco.number}: ${eco.title}`}
        description={`Written by ${eco.author} · ${formatStamp(eco.createdAt, timeZone)}${eco.releasedAt ? ` · released ${formatStamp(eco.releasedAt, timeZone)}` : ""}`}
        actions={<StatusBadge status={eco.status} className="text-sm" />}
      />
      <div className="grid gap-4 lg:grid-cols-[minmax(0,2fr)_minmax(0,1fr)]">
        <div className="min-w-0 space-y-4">
          <Card title="Summary">
            {eco.status === "cancelled" && (
              <p role="status" className="mb-3 rounded-md border border-slate-300 bg-slate-50 px-3 py-2 text-sm">
                Cancelled{eco.cancelledAt ? ` ${formatStamp(eco.cancelledAt, timeZone)}` : ""}: {eco.cancelReason}
              </p>
            )}
            <p className="text-sm whitespace-pre-wrap">{eco.description}</p>
            <dl className="mt-3 grid grid-cols-[8rem_1fr] gap-y-1.5 text-sm">
              <dt className="text-slate-500">Requests</dt>
              <dd className="flex flex-wrap gap-x-3">
                {eco.ecrs.map((r) => (
                  <Link key={r.number} href={`/changes/ecrs/${r.number}`} className="text-sky-700 hover:underline" title={r.title}>
                    <span className="font-mono">{r.number}</span>
                  </Link>
                ))}
              </dd>
              <dt className="text-slate-500">Effectivity</dt>
              <dd>
                {effectivityLabels[eco.effectivity]} <span className="font-mono">{eco.effectivityValue}</span>
              </dd>
              <dt className="text-slate-500">Content hash</dt>
              <dd className="font-mono text-xs break-all" data-testid="content-hash">
                {eco.contentHash}
              </dd>
            </dl>
            {canEdit && (
              <details className="mt-3">
                <summary className="cursor-pointer text-sm font-medium text-sky-700">Edit title, description and effectivity</summary>
                <div className="mt-2">
                  <EcoHeaderForm eco={eco} signatureCount={validSignatures} />
                </div>
              </details>
            )}
          </Card>

          {eco.changes.map((c) => (
            <Card
              key={c.partNumber}
              title={
                <span className="flex flex-wrap items-center gap-2">
                  <Link href={`/changes/parts/${c.partNumber}`} className="font-mono text-sky-700 hover:underline">
                    {c.partNumber}
                  </Link>
                  <span>
                    rev {c.fromRevision ?? "–"} → rev {c.toRevision}
                  </span>
                  <StatusBadge status={c.toStatus} />
                  <span className="text-sm font-normal text-slate-500">{c.partName}</span>
                </span>
              }
            >
              <RevisionDiff change={c} />
              {canEdit && (
                <details className="mt-4 border-t border-slate-100 pt-3">
                  <summary className="cursor-pointer text-sm font-medium text-sky-700">Edit BOM and routing of rev {c.toRevision}</summary>
                  <div className="mt-3">
                    <RevisionEditor number={eco.number} change={c} parts={parts} stations={stations} signatureCount={validSignatures} />
                  </div>
                </details>
              )}
            </Card>
          ))}
          {canEdit && revisable.length > 0 && (
            <Card title="Add a part">
              <AddPartForm number={eco.number} parts={revisable} signatureCount={validSignatures} />
            </Card>
          )}
          {effect && <EffectPanel effect={effect} timeZone={timeZone} />}
        </div>

        <div className="min-w-0 space-y-4">
          <Card title="Review board">
            <BoardPanel eco={eco} timeZone={timeZone} />
            {boardNote && <p className="mt-3 text-sm text-slate-600">{boardNote}</p>}
            {signRoles.length > 0 && (
              <div className="mt-3">
                <SignForm number={eco.number} contentHash={eco.contentHash} roles={signRoles.map((r) => ({ role: r, label: r === "engineer" ? "engineering" : r === "supervisor" ? "production" : r }))} signerName={user.name} />
              </div>
            )}
            <div className="mt-3">
              <EcoActions number={eco.number} canSubmit={canEdit && eco.status === "draft"} canRelease={eco.status === "approved" && can(user.role, "authorChanges")} canCancel={canEdit} />
            </div>
          </Card>
          {impact && <ImpactPanel impact={impact} isReleased={eco.status === "released"} timeZone={timeZone} />}
          <AuditHistory entries={eco.history} timeZone={timeZone} />
        </div>
      </div>
    </>
  );
}
