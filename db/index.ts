import net from "node:net";

import { drizzle } from "drizzle-orm/postgres-js";
import postgres from "postgres";

import * as schema from "./schema";

/**
 * postgres.js does not set TCP_NODELAY; without it every small round trip
 * (a COPY's CopyDone, a short commit) can wait ~40 ms on Nagle + delayed ACK.
 */
function noDelaySocket(options: { host: string[]; port: number[]; path?: string | false }) {
  return new Promise<net.Socket>((resolve, reject) => {
    const socket = options.path
      ? net.connect(options.path)
      : net.connect({ host: options.host[0] ?? "localhost", port: options.port[0] ?? 5432, noDelay: true });
    socket.once("connect", () => resolve(socket));
    socket.once("error", reject);
  });
}

export type SqlClient = postgres.Sql;

export function createSqlClient(url: string, options: postgres.Options<Record<string, never>> = {}): SqlClient {
  // `socket` is supported by postgres.js but missing from its type definitions.
  const withSocket = { max: 10, onnotice: () => {}, ...options, socket: noDelaySocket };
  return postgres(url, withSocket as postgres.Options<Record<string, never>>);
}

export function createDb(client: SqlClient) {
  return drizzle(client, { schema, casing: "snake_case" });
}

export type Db = ReturnType<typeof createDb>;
export type Tx = Parameters<Parameters<Db["transaction"]>[0]>[0];
/** Domain functions accept either, so callers decide the transaction boundary. */
export type DbOrTx = Db | Tx;

export { schema };

/** Drizzle on a postgres.js transaction, for code that mixes COPY with drizzle queries in one transaction. */
export function createTxDb(parent: SqlClient, tx: postgres.TransactionSql) {
  // Nested drizzle transactions on it become savepoints.
  const begin = (fn: (sql: postgres.TransactionSql) => unknown) => tx.savepoint(fn);
  return createDb(Object.assign(tx, { options: parent.options, begin }) as unknown as SqlClient);
}

/** The single row an INSERT/UPDATE … RETURNING must produce. */
export function one<T>(rows: T[]): T {
  const [first] = rows;
  if (first === undefined) throw new Error("Expected one row, got none");
  return first;
}
