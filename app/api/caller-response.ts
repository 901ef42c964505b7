import { TRPCError } from "@trpc/server";
import { getHTTPStatusCodeFromError } from "@trpc/server/http";

import { createRequestContext } from "@/server/api/context";
import { createCaller } from "@/server/api/root";

/** Downloads and uploads go through the same procedures (and role checks) as the pages. */
export async function withCaller(run: (caller: ReturnType<typeof createCaller>, user: { name: string; role: string } | null) => Promise<Response>) {
  const context = await createRequestContext();
  try {
    return await run(createCaller(context), context.user);
  } catch (error) {
    if (error instanceof TRPCError) {
      const status = getHTTPStatusCodeFromError(error);
      return new Response(status === 500 ? "Something went wrong on the server." : error.message, { status, headers: { "content-type": "text/plain; charset=utf-8" } });
    }
    throw error;
  }
}

/** Always as an attachment, never sniffed: an uploaded HTML file must not run in the portal's origin. */
export function download(body: BodyInit, contentType: string, fileName: string) {
  return new Response(body, {
    headers: {
      "content-type": contentType,
      "content-disposition": `attachment; filename="${fileName.replace(/[^A-Za-z0-9._-]/g, "_")}"; filename*=UTF-8''${encodeURIComponent(fileName)}`,
      "x-content-type-options": "nosniff",
      "cache-control": "private, no-store",
    },
  });
}

export function badFormat(allowed: string[]) {
  return new Response(`Unknown format; use one of: ${allowed.join(", ")}.`, { status: 400, headers: { "content-type": "text/plain; charset=utf-8" } });
}
