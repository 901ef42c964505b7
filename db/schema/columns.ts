import { customType } from "drizzle-orm/pg-core";

/** Raw bytes, as Buffers (postgres.js hands bytea over as Buffer). */
export const bytea = customType<{ data: Buffer; driverData: Buffer }>({ dataType: () => "bytea" });
