/**
 * npm run bench:work-orders -- [--n 500]
 *
 * A database of its own (prefix work_orders_bench_) with the demo's master data and --n work
 * orders already there; then --n more created one after another through workOrders.create, the
 * procedure the form calls (createCaller, as a planner), and a file of --n orders through the
 * import's dry run and commit. Prints p50/p95/p99 of a create in ms; the last line is one JSON object.
 */
import { parseArgs } from "node:util";

import { eq } from "drizzle-orm";

import { createDb, createSqlClient } from "@/db";
import { users } from "@/db/schema";
import { seedMasterData } from "@/db/seed/master-data";
import { createCaller } from "@/server/api/root";
import { createTestDatabase } from "@/server/testing/database";

import { percentile, round1 } from "./stats";

const { values } = parseArgs({ options: { n: { type: "string", default: "500" } } });
const n = Number(values.n);
if (!Number.isInteger(n) || n < 10) throw new Error("--n must be a whole number of at least 10");
const log = (message: string) => console.log(`[${new Date().toISOString().slice(11, 19)}] ${message}`);

const database = await createTestDatabase("work_orders_bench");
const client = createSqlClient(database.url, { max: 10 });
const db = createDb(client);
try {
  log("seeding the demo master data");
  await seedMasterData(db, new Date());
  const [planner] = await db.select().from(users).where(eq(users.role, "planner")).limit(1);
  if (!planner) throw new Error("the seed has no planner");
  const api = createCaller({ db, user: { id: planner.id, name: planner.name, email: planner.email, role: planner.role } }).workOrders;
  const order = (prefix: string, i: number) => ({ number: `WO-${prefix}-${String(i).padStart(6, "0")}`, partNumber: i % 2 ? "CP40-ASM" : "CP60-ASM", qty: 100 + (i % 50), line: i % 2 ? "P1" : "P2", dueDate: "2027-03-31" });

  log(`${n} orders already there, so the new ones do not meet an empty table`);
  for (let i = 0; i < n; i++) await api.create(order("OLD", i));

  log(`${n} creates through workOrders.create`);
  const samples: number[] = [];
  for (let i = 0; i < n; i++) {
    const start = performance.now();
    await api.create({ ...order("NEW", i), release: i % 3 === 0 });
    samples.push(performance.now() - start);
  }
  const [p50, p95, p99] = [50, 95, 99].map((p) => round1(percentile(samples, p)));
  log(`  create p50 ${p50} ms, p95 ${p95} ms, p99 ${p99} ms, max ${round1(Math.max(...samples))} ms`);

  log(`import of a file of ${n} orders`);
  const rows = Array.from({ length: n }, (_, i) => order("CSV", i)).map((o) => `${o.number},${o.partNumber},,${o.qty},${o.line},${o.dueDate},,planned`);
  const file = { files: [{ name: "work-orders.csv", content: new Uint8Array(Buffer.from(["number,part_number,revision,quantity,line,due_date,serial_prefix,status", ...rows].join("\n"))) }] };
  let start = performance.now();
  const dry = await api.importDryRun(file);
  const dryRunMs = performance.now() - start;
  if (dry.problemCount) throw new Error(`the generated file has ${dry.problemCount} problems, the first: ${JSON.stringify(dry.problems[0])}`);
  start = performance.now();
  await api.importCommit(file);
  const commitMs = performance.now() - start;
  log(`  dry run ${round1(dryRunMs)} ms, commit ${round1(commitMs)} ms`);

  console.log(JSON.stringify({ bench: "work-orders", n, create_p50_ms: p50, create_p95_ms: p95, create_p99_ms: p99, import_dry_run_ms: round1(dryRunMs), import_commit_ms: round1(commitMs) }));
} finally {
  await client.end();
  await database.drop();
}
