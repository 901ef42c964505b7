import { handleImportUpload } from "@/server/http/import-upload";

export function POST(request: Request) {
  return handleImportUpload(request, "master-data import", (caller, mode, input) => (mode === "commit" ? caller.masterData.commit(input) : caller.masterData.dryRun(input)));
}
