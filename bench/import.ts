/**
 * Master data import at plant scale: generates 10,000 parts, 100,000 BOM lines (a multi-level,
 * acyclic structure) and 50,000 routing operations with characteristics and work instructions,
 * then times a dry run, the commit, and a re-import (which must write nothing), in a database of
 * its own (prefix import_bench_). Ends with one JSON line.
 *
 *   npm run bench:import [-- --parts 10000 --bom-lines 100000 --routing-ops 50000 --keep]
 */
import { parseArgs } from "node:util";

import { eq } from "drizzle-orm";

import { createDb, createSqlClient } from "@/db";
import { users } from "@/db/schema";
import { seedMasterData } from "@/db/seed/master-data";
import type { Progress } from "@/server/master-data/formats";
import { commitImport, dryRunImport } from "@/server/master-data/import";
import type { ImportFile } from "@/server/master-data/parse";
import { createTestDatabase } from "@/server/testing/database";

const { values } = parseArgs({
  options: {
    parts: { type: "string", default: "10000" },
    "bom-lines": { type: "string", default: "100000" },
    "routing-ops": { type: "string", default: "50000" },
    keep: { type: "boolean", default: false },
  },
});
const partCount = Number(values.parts);
const childrenPerAssembly = 50;
const opsPerPart = 10;
const assemblies = Math.floor(Number(values["bom-lines"]) / childrenPerAssembly);
const routed = Math.floor(Number(values["routing-ops"]) / opsPerPart);
if (!Number.isInteger(partCount) || assemblies > partCount / 2 || routed > partCount) {
  console.error("--parts must be at least twice --bom-lines / 50 and at least --routing-ops / 10");
  process.exit(2);
}
const log = (message: string) => console.log(`[${new Date().toISOString().slice(11, 19)}] ${message}`);
const peakRssMb = () => Math.round(process.resourceUsage().maxRSS / 1024);
const seconds = (ms: number) => Math.round(ms / 10) / 100;

/** Prints each phase once, with the RSS at that moment. */
function printer(label: string): Progress {
  return ({ phase, done, total }) => log(`  ${label}: ${phase} (${done}/${total}), RSS ${Math.round(process.memoryUsage().rss / 1024 / 1024)} MB`);
}

/**
 * Part i's children are parts after it, so the BOM has no cycle but runs many levels deep; the
 * first parts are assemblies with 50 lines each, and the first parts have routings of 10 operations.
 */
function generate(stations: string[]): ImportFile[] {
  const pn = (i: number) => `BP-${String(i).padStart(6, "0")}`;
  const parts = ["part_number,name,make_buy,serialized,unit_of_measure,gtin"];
  const bom = ["parent,child,find_number,qty,reference_designator"];
  const routing = ["part,op_code,sequence,station_code,description,work_instruction"];
  const characteristics = ["part,op_code,name,unit,lsl,usl,nominal"];
  const documents = ["document_number,title,kind,revision,location,text"];
  for (let d = 0; d < 100; d++) documents.push(`WI-BENCH-${d},Bench instruction ${d},work_instruction,A,,"Step 1. Do operation ${d}.\nStep 2. Sign off."`);
  for (let i = 0; i < partCount; i++) {
    const isAssembly = i < assemblies;
    parts.push(`${pn(i)},Bench part ${i},${i < routed ? "make" : "buy"},${isAssembly ? "yes" : "no"},ea,`);
    if (isAssembly) {
      for (let c = 1; c <= childrenPerAssembly; c++) {
        const child = i + 1 + ((i * 7919 + c * 104_729) % (partCount - i - 1));
        bom.push(`${pn(i)},${pn(child)},${c * 10},${(c % 4) + 1},`);
      }
    }
    if (i < routed) {
      for (let o = 1; o <= opsPerPart; o++) {
        routing.push(`${pn(i)},OP${o * 10},${o * 10},${stations[(i + o) % stations.length]},Operation ${o} of part ${i},${o === 1 ? `WI-BENCH-${i % 100}` : ""}`);
        if (o % 5 === 0) characteristics.push(`${pn(i)},OP${o * 10},torque,N·m,${4 + (o % 3)},${7 + (o % 3)},${5.5 + (o % 3)}`);
      }
    }
  }
  return Object.entries({ parts, bom, routing, characteristics, documents }).map(([kind, lines]) => ({ name: `${kind}.csv`, content: Buffer.from(`${lines.join("\n")}\n`, "utf8") }));
}

async function main() {
  const database = await createTestDatabase("import_bench");
  const sql = createSqlClient(database.url, { max: 4 });
  const db = createDb(sql);
  try {
    log("seeding stations and users (demo master data)");
    const seeded = await seedMasterData(db, new Date());
    const [admin] = await db.select().from(users).where(eq(users.role, "admin")).limit(1);
    if (!admin) throw new Error("the seed has no administrator");
    const user = { id: admin.id, name: admin.name, email: admin.email, role: admin.role };

    log("generating files");
    const files = generate([...seeded.stationIds.keys()]);
    const lineCounts = Object.fromEntries(files.map((f) => [f.name, f.content.toString("utf8").split("\n").length - 2]));
    log(`  ${JSON.stringify(lineCounts)}; ${(files.reduce((n, f) => n + f.content.byteLength, 0) / 1024 / 1024).toFixed(1)} MB`);

    log("dry run");
    let start = performance.now();
    const dry = await dryRunImport(db, files, printer("dry run"));
    const dryRunMs = performance.now() - start;
    if (dry.problemCount) throw new Error(`the generated files have ${dry.problemCount} problems, the first: ${JSON.stringify(dry.problems[0])}`);
    log(`  dry run ${seconds(dryRunMs)} s: ${JSON.stringify(dry.summary)}`);

    log("commit");
    start = performance.now();
    const committed = await commitImport(db, user, files, printer("commit"));
    const commitMs = performance.now() - start;
    log(`  commit ${seconds(commitMs)} s`);

    log("re-import of the same files");
    start = performance.now();
    const again = await commitImport(db, user, files, printer("re-import"));
    const reimportMs = performance.now() - start;
    if (!again.isUnchanged) throw new Error("the re-import was not recognised as unchanged");
    log(`  re-import ${seconds(reimportMs)} s, unchanged`);

    const summary = committed.summary;
    console.log(
      JSON.stringify({
        bench: "import",
        parts: summary.parts,
        bom_lines: summary.bomLines,
        routing_ops: summary.routingOperations,
        characteristics: summary.characteristics,
        documents: summary.documents,
        input_mb: Math.round(files.reduce((n, f) => n + f.content.byteLength, 0) / 1024 / 102.4) / 10,
        dry_run_s: seconds(dryRunMs),
        commit_s: seconds(commitMs),
        reimport_s: seconds(reimportMs),
        peak_rss_mb: peakRssMb(),
      }),
    );
  } finally {
    await sql.end();
    if (values.keep) log(`kept database ${database.name}`);
    else await database.drop();
  }
}

await main();
