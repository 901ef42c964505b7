import { z } from "zod";

import { text } from "@/server/input";
import { commitImport, dryRunImport } from "@/server/master-data/import";

import { createTRPCRouter, permittedProcedure } from "../trpc";

/** Files arrive as bytes from the upload route (app/api/master-data/import); sizes and encodings are checked per file by the import. */
const importFilesInput = z.object({
  files: z
    .array(z.object({ name: text(200).min(1), content: z.instanceof(Uint8Array) }))
    .min(1, "Choose at least one file.")
    .max(5, "An import has at most five files."),
});

const decode = (input: z.infer<typeof importFilesInput>) => input.files.map((f) => ({ name: f.name, content: Buffer.from(f.content.buffer, f.content.byteOffset, f.content.byteLength) }));

export const masterDataRouter = createTRPCRouter({
  dryRun: permittedProcedure("importMasterData")
    .input(importFilesInput)
    .mutation(({ ctx, input }) => dryRunImport(ctx.db, decode(input), ctx.onProgress)),
  commit: permittedProcedure("importMasterData")
    .input(importFilesInput)
    .mutation(({ ctx, input }) => commitImport(ctx.db, ctx.user, decode(input), ctx.onProgress)),
});
