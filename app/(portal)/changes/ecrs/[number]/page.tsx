import type { Metadata } from "next";
import Link from "next/link";

import { AuditHistory } from "@/components/changes/audit-history";
import { EcrActions } from "@/components/changes/ecr-actions";
import { EcrAttachments } from "@/components/changes/ecr-attachments";
import { formatStamp } from "@/components/changes/format";
import { loadOrNotFound } from "@/components/changes/load";
import { PriorityLabel, StatusBadge } from "@/components/changes/status-badge";
import { PageHeader } from "@/components/ui/page-header";
import { caller } from "@/server/api/rsc";
import { requireUser } from "@/server/auth/current-user";
import { can } from "@/server/auth/roles";
import { acceptsAttachments, MAX_ATTACHMENT_BYTES } from "@/server/changes/attachments";
import { buttonVariants } from "@/components/ui/button";
import { Card } from "@/components/ui/card";

export async function generateMetadata({ params }: { params: Promise<{ number: string }> }): Promise<Metadata> {
  return { title: decodeURIComponent((await params).number) };
}

export default async function EcrPage({ params }: { params: Promise<{ number: string }> }) {
  const user = await requireUser();
  const api = await caller();
  const ecr = await loadOrNotFound(async () => api.changes.ecr({ number: decodeURIComponent((await params).number) }));
  const timeZone = await api.changes.timeZone();
  const canAuthor = can(user.role, "authorChanges");
  const isRequester = ecr.requesterId === user.id || user.role === "admin";
  const actions = !canAuthor
    ? []
    : ecr.status === "draft"
      ? isRequester
        ? (["submit"] as const)
        : []
      : ecr.requesterId === user.id
        ? []
        : ecr.status === "submitted"
          ? (["startReview"] as const)
          : ecr.status === "in_review"
            ? (["approve", "reject"] as const)
            : [];

  return (
    <>
      <PageHeader
        title={`${ecr.number}: ${ecr.title}`}
        description={`Raised by ${ecr.requester} on ${formatStamp(ecr.createdAt, timeZone)}`}
        actions={
          <div className="flex flex-wrap items-center gap-2">
            <StatusBadge status={ecr.status} className="text-sm" />
            {ecr.status === "draft" && isRequester && canAuthor && (
              <Link href={`/changes/ecrs/${ecr.number}/edit`} className={buttonVariants({ variant: "secondary" })}>
                Edit
              </Link>
            )}
            {ecr.status === "approved" && canAuthor && (
              <Link href={`/changes/ecos/new?ecr=${ecr.number}`} className={buttonVariants()}>
                Write ECO
              </Link>
            )}
          </div>
        }
      />
      <div className="grid gap-4 lg:grid-cols-[2fr_1fr]">
        <div className="space-y-4">
          <Card title="Problem">
            <p className="text-sm whitespace-pre-wrap">{ecr.problem}</p>
            <dl className="mt-4 grid grid-cols-[8rem_1fr] gap-y-1.5 text-sm">
              <dt className="text-slate-500">Reason</dt>
              <dd>{ecr.reason}</dd>
              <dt className="text-slate-500">Priority</dt>
              <dd>
                <PriorityLabel priority={ecr.priority} />
              </dd>
              <dt className="text-slate-500">Affected parts</dt>
              <dd className="flex flex-wrap gap-2">
                {ecr.affectedParts.length === 0
                  ? "–"
                  : ecr.affectedParts.map((p) => (
                      <Link key={p.partNumber} href={`/changes/parts/${p.partNumber}`} className="font-mono text-sky-700 hover:underline" title={p.name}>
                        {p.partNumber}
                      </Link>
                    ))}
              </dd>
              <dt className="text-slate-500">Reviewer</dt>
              <dd>{ecr.reviewer ?? "–"}</dd>
              {ecr.decisionComment && (
                <>
                  <dt className="text-slate-500">Decision</dt>
                  <dd>{ecr.decisionComment}</dd>
                </>
              )}
            </dl>
          </Card>
          <Card title="Evidence">
            {ecr.evidenceLinks.length === 0 ? (
              <p className="text-sm text-slate-600">No evidence linked.</p>
            ) : (
              <ul className="list-inside list-disc text-sm">
                {ecr.evidenceLinks.map((e) => (
                  <li key={`${e.kind}:${e.ref}`}>
                    {!e.href ? (
                      e.label
                    ) : e.isExternal ? (
                      <a href={e.href} target="_blank" rel="noopener noreferrer" className="text-sky-700 hover:underline">
                        {e.label}
                      </a>
                    ) : (
                      <Link href={e.href} className="text-sky-700 hover:underline">
                        {e.label}
                      </Link>
                    )}
                  </li>
                ))}
              </ul>
            )}
          </Card>
          <EcrAttachments
            number={ecr.number}
            attachments={ecr.attachments}
            canAttach={canAuthor && acceptsAttachments(ecr.status)}
            userId={user.id}
            isAdmin={user.role === "admin"}
            maxBytes={MAX_ATTACHMENT_BYTES}
            timeZone={timeZone}
          />
          {actions.length > 0 && (
            <Card title="Next step">
              <EcrActions number={ecr.number} actions={[...actions]} />
            </Card>
          )}
        </div>
        <div className="space-y-4">
          <Card title="Change orders">
            {ecr.ecos.length === 0 ? (
              <p className="text-sm text-slate-600">None yet.</p>
            ) : (
              <ul className="space-y-1 text-sm">
                {ecr.ecos.map((o) => (
                  <li key={o.number} className="flex items-center gap-2">
                    <Link href={`/changes/ecos/${o.number}`} className="font-mono text-sky-700 hover:underline">
                      {o.number}
                    </Link>
                    <span className="min-w-0 flex-1 truncate">{o.title}</span>
                    <StatusBadge status={o.status} />
                  </li>
                ))}
              </ul>
            )}
          </Card>
          <AuditHistory entries={ecr.history} timeZone={timeZone} />
        </div>
      </div>
    </>
  );
}
