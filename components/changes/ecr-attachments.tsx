"use client";

import { useMutation } from "@tanstack/react-query";
import { FileText, Paperclip, Trash2 } from "lucide-react";
import { useRouter } from "next/navigation";
import { useRef, useState } from "react";

import { useTRPC } from "@/components/trpc/client";
import type { RouterOutputs } from "@/server/api/root";
import { Button, buttonVariants } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { formatSize } from "@/components/ui/format";

import { formatStamp } from "./format";

type AttachmentRow = RouterOutputs["changes"]["ecr"]["attachments"][number];

/**
 * Files on a request: anyone signed in downloads them; an engineer attaches
 * more while the request is open, and takes back their own. The server
 * checks all of it again.
 */
export function EcrAttachments(props: { number: string; attachments: AttachmentRow[]; canAttach: boolean; userId: number; isAdmin: boolean; maxBytes: number; timeZone: string }) {
  const { number, attachments, canAttach, userId, isAdmin, maxBytes, timeZone } = props;
  const trpc = useTRPC();
  const router = useRouter();
  const input = useRef<HTMLInputElement>(null);
  const [uploading, setUploading] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const remove = useMutation(trpc.changes.removeAttachment.mutationOptions({ onSuccess: () => router.refresh(), onError: (e) => setError(e.message) }));

  async function upload(files: FileList | null) {
    setError(null);
    // One request per file, so a refused file says which one it was and the others still land.
    for (const file of Array.from(files ?? [])) {
      setUploading(file.name);
      const body = new FormData();
      body.append("file", file);
      const response = await fetch(`/api/changes/ecrs/${encodeURIComponent(number)}/attachments`, { method: "POST", body }).catch(() => null);
      if (!response?.ok) {
        setError(response ? await response.text() : `${file.name} was not uploaded: the server could not be reached.`);
        break;
      }
    }
    setUploading(null);
    if (input.current) input.current.value = "";
    router.refresh();
  }

  return (
    <Card title="Attachments">
      {attachments.length === 0 ? (
        <p className="text-sm text-slate-600">No files attached.</p>
      ) : (
        <ul className="divide-y divide-slate-100 text-sm">
          {attachments.map((a) => (
            <li key={a.id} className="flex items-center gap-2 py-1.5">
              <FileText className="size-4 shrink-0 text-slate-500" aria-hidden="true" />
              <a href={`/api/changes/attachments/${a.id}`} className="min-w-0 truncate text-sky-700 hover:underline" title={`SHA-256 ${a.sha256}`}>
                {a.fileName}
              </a>
              <span className="shrink-0 text-xs text-slate-500">
                {formatSize(a.sizeBytes)} · {a.uploadedBy} · {formatStamp(a.uploadedAt, timeZone)}
              </span>
              {canAttach && (a.uploadedById === userId || isAdmin) && (
                <Button variant="ghost" size="xs" className="ml-auto hover:text-red-700" onClick={() => remove.mutate({ id: a.id })} disabled={remove.isPending} aria-label={`Remove ${a.fileName}`}>
                  <Trash2 className="size-4" aria-hidden="true" />
                </Button>
              )}
            </li>
          ))}
        </ul>
      )}
      {canAttach && (
        <div className="mt-3">
          <input ref={input} id="attachment-file" type="file" multiple className="sr-only" onChange={(e) => void upload(e.target.files)} disabled={uploading !== null} />
          <label htmlFor="attachment-file" className={buttonVariants({ variant: "secondary", className: "cursor-pointer" })}>
            <Paperclip className="size-4" aria-hidden="true" />
            {uploading ? `Uploading ${uploading}…` : "Attach files"}
          </label>
          <p className="mt-1 text-xs text-slate-500">Photos, reports, drawings: up to {formatSize(maxBytes)} each.</p>
        </div>
      )}
      {error && (
        <p role="alert" className="mt-2 text-sm text-red-700">
          {error}
        </p>
      )}
    </Card>
  );
}
