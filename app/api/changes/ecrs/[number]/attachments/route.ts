import type { NextRequest } from "next/server";

import { withCaller } from "@/app/api/caller-response";
import { MAX_ATTACHMENT_BYTES, MAX_UPLOAD_REQUEST_BYTES } from "@/server/changes/attachment-limits";

const text = (message: string, status: number) => new Response(message, { status, headers: { "content-type": "text/plain; charset=utf-8" } });

/** Multipart upload of one file (field "file"), through changes.addAttachment and its checks. */
export async function POST(request: NextRequest, { params }: { params: Promise<{ number: string }> }) {
  const number = decodeURIComponent((await params).number);
  // Refuse an oversized body before reading it; the procedure checks each file again.
  const length = Number(request.headers.get("content-length") ?? 0);
  if (length > MAX_UPLOAD_REQUEST_BYTES) return text(`That file is larger than ${MAX_ATTACHMENT_BYTES / 1024 / 1024} MB, the most an attachment may be.`, 413);
  return withCaller(async (caller) => {
    let form: FormData;
    try {
      form = await request.formData();
    } catch {
      return text("Send the files as multipart/form-data in a field named “file”.", 400);
    }
    const file = form.get("file");
    if (!file || typeof file === "string") return text("Choose a file to attach.", 400);
    const added = await caller.changes.addAttachment({ number, fileName: file.name, contentType: file.type, content: new Uint8Array(await file.arrayBuffer()) });
    return Response.json(added, { status: 201 });
  });
}
