import { download, withCaller } from "@/app/api/caller-response";

export async function GET(_request: Request, { params }: { params: Promise<{ id: string }> }) {
  const id = Number((await params).id);
  if (!Number.isSafeInteger(id) || id <= 0) return new Response("No such file.", { status: 404 });
  return withCaller(async (caller) => {
    const file = await caller.changes.attachment({ id });
    return download(new Uint8Array(file.content), file.contentType, file.fileName);
  });
}
