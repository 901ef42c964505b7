import { commitImport, dryRunImport } from "@/server/master-data/import";

import { decodeImportFiles, importFilesInput } from "../import-files";
import { createTRPCRouter, permittedProcedure } from "../trpc";

export const masterDataRouter = createTRPCRouter({
  dryRun: permittedProcedure("importMasterData")
    .input(importFilesInput)
    .mutation(({ ctx, input }) => dryRunImport(ctx.db, decodeImportFiles(input), ctx.onProgress)),
  commit: permittedProcedure("importMasterData")
    .input(importFilesInput)
    .mutation(({ ctx, input }) => commitImport(ctx.db, ctx.user, decodeImportFiles(input), ctx.onProgress)),
});
