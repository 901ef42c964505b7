import { TRPCError } from "@trpc/server";
import { getHTTPStatusCodeFromError } from "@trpc/server/http";
import { ZodError } from "zod";

import { createRequestContext } from "@/server/api/context";
import { createCaller } from "@/server/api/root";
import { MAX_FILE_BYTES } from "@/server/master-data/formats";

const text = (message: string, status: number) => new Response(message, { status, headers: { "content-type": "text/plain; charset=utf-8" } });

type Caller = ReturnType<typeof createCaller>;
type UploadedFiles = { files: { name: string; content: Uint8Array<ArrayBuffer> }[] };

function errorMessage(what: string, error: unknown) {
  if (error instanceof TRPCError && getHTTPStatusCodeFromError(error) !== 500) return error.cause instanceof ZodError ? error.cause.issues.map((i) => i.message).join(" ") : error.message;
  console.error(`[${what}]`, error);
  return "Something went wrong on the server. It has been logged.";
}

/**
 * Multipart upload of import files (field "files", ?mode=dry-run or commit), handed to the
 * import's tRPC procedures and their role checks (app/api/master-data/import,
 * app/api/work-orders/import). The answer streams one JSON object a line: {"progress":…}
 * while the server reads, checks and writes, then {"result":…} or {"error":…}.
 */
export async function handleImportUpload(request: Request, what: string, run: (caller: Caller, mode: "dry-run" | "commit", input: UploadedFiles) => Promise<unknown>) {
  const mode = new URL(request.url).searchParams.get("mode");
  if (mode !== "dry-run" && mode !== "commit") return text("Say ?mode=dry-run or ?mode=commit.", 400);
  // Five files of the largest size the import accepts, plus a little: anything bigger is refused before it is read.
  if (Number(request.headers.get("content-length") ?? 0) > 5 * (MAX_FILE_BYTES + 1024 * 1024)) return text("The upload is larger than five files of 50 MB.", 413);
  const context = await createRequestContext();
  let form: FormData;
  try {
    form = await request.formData();
  } catch {
    return text("Send the files as multipart/form-data in fields named “files”.", 400);
  }
  const files = await Promise.all(form.getAll("files").flatMap((f) => (typeof f === "string" ? [] : [f.arrayBuffer().then((b) => ({ name: f.name, content: new Uint8Array(b) }))])));

  const encoder = new TextEncoder();
  const body = new ReadableStream<Uint8Array>({
    async start(controller) {
      const send = (line: unknown) => controller.enqueue(encoder.encode(`${JSON.stringify(line)}\n`));
      const caller = createCaller({ ...context, onProgress: (progress) => send({ progress }) });
      try {
        send({ result: await run(caller, mode, { files }) });
      } catch (error) {
        send({ error: errorMessage(what, error) });
      }
      controller.close();
    },
  });
  return new Response(body, { headers: { "content-type": "application/x-ndjson; charset=utf-8", "cache-control": "no-store", "x-content-type-options": "nosniff" } });
}
