import { z } from "zod";

import { commitImport, dryRunImport } from "@/server/master-data/import";

import { createTRPCRouter, permittedProcedure } from "../trpc";

// Base64 of a little over 50 MB, so that an oversized file still reaches the check that names it.
const importFilesInput = z.object({
  files: z
    .array(
      z.object({
        name: z.string().min(1).max(200),
        contentBase64: z.string().max(72_000_000),
      }),
    )
    .min(1, "Choose at least one file.")
    .max(5, "An import has at most five files."),
});

const decode = (input: z.infer<typeof importFilesInput>) =>
  input.files.map((f) => ({
    name: f.name,
    content: Buffer.from(f.contentBase64, "base64"),
  }));

export const masterDataRouter = createTRPCRouter({
  dryRun: permittedProcedure("importMasterData")
    .input(importFilesInput)
    .mutation(({ ctx, input }) => dryRunImport(ctx.db, decode(input))),
  commit: permittedProcedure("importMasterData")
    .input(importFilesInput)
    .mutation(({ ctx, input }) => commitImport(ctx.db, ctx.user, decode(input))),
});
