import { handleImportUpload } from "@/server/http/import-upload";

export function POST(request: Request) {
  return handleImportUpload(request, "work order import", (caller, mode, input) => (mode === "commit" ? caller.workOrders.importCommit(input) : caller.workOrders.importDryRun(input)));
}
