import { createDb, createSqlClient } from "@/db";
import { runPartitionMaintenance } from "@/server/data-lifecycle/maintenance";
import { env, requireDatabaseUrl } from "@/server/env";

/**
 * `npm run db:partitions`: one run of the partition maintenance the worker
 * does every PARTITION_MAINTENANCE_SECONDS (docs/data-lifecycle.md), by hand.
 */
const sql = createSqlClient(requireDatabaseUrl(), { max: 1 });
try {
  const status = await runPartitionMaintenance(createDb(sql), { monthsAhead: env().PARTITION_MONTHS_AHEAD, log: (m) => console.log(m) });
  for (const s of status) console.log(`${s.table}: partitions reach ${s.horizon ?? "not even now"}, ${s.defaultRows} rows in the default partition`);
} finally {
  await sql.end();
}
