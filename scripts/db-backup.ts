import { backupDatabase } from "@/server/backup/backup";
import { requireDatabaseUrl } from "@/server/env";

/** `npm run db:backup [-- file]`: a custom-format dump of DATABASE_URL (docs/backup.md). */
const stamp = new Date().toISOString().replace(/[-:]/g, "").replace("T", "-").slice(0, 15);
const file = process.argv[2] ?? `backups/threadline-${stamp}.dump`;
try {
  const bytes = await backupDatabase(requireDatabaseUrl(), file);
  console.log(`backup written: ${file} (${(bytes / 1e6).toFixed(1)} MB)`);
} catch (error) {
  console.error(`backup failed: ${(error as Error).message}`);
  process.exitCode = 1;
}
