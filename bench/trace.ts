/**
 * Traceability at plant scale: seeds its own database (prefix trace_), then
 * measures serial lookup + full as-built record, a forward trace of a lot in
 * ~10,000 finished pumps, and a backward trace five levels deep.
 *
 *   npm run bench:trace -- --units 20000 [--samples 200] [--keep]
 */
import { parseArgs } from "node:util";

import { createDb, createSqlClient, type SqlClient } from "@/db";
import { countRows, seedDatabase } from "@/db/seed";
import { createTestDatabase } from "@/server/testing/database";
import { getAsBuiltRecord } from "@/server/traceability/as-built-record";
import { traceBackward, traceForward } from "@/server/traceability/genealogy";
import { searchTraceability } from "@/server/traceability/search";

const { values } = parseArgs({ options: { units: { type: "string", default: "1000000" }, samples: { type: "string", default: "300" }, keep: { type: "boolean", default: false } } });
const units = Number(values.units);
const samples = Number(values.samples);
if (!Number.isInteger(units) || units < 1000) {
  console.error("--units must be a whole number of at least 1000");
  process.exit(2);
}
const FORWARD_TARGET = 10_000;
const log = (message: string) => console.log(`[${new Date().toISOString().slice(11, 19)}] ${message}`);

function percentile(sorted: number[], p: number) {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}
const round = (ms: number) => Math.round(ms * 10) / 10;
async function time<T>(fn: () => Promise<T>) {
  const start = performance.now();
  const result = await fn();
  return { ms: performance.now() - start, result };
}

/**
 * The seed's lots reach at most ~2,500 pumps (a 10,000-piece screw lot). A
 * bulk material reaches more: one drum of bearing grease (GRS-LT2, 180 kg at
 * ~2 g per motor) greases consecutive motors at OP30 until 10,000 finished
 * pumps hold one, so the forward trace runs lot → motor → pump.
 */
async function addGreaseLot(sql: SqlClient) {
  const [part] = await sql<{ id: number }[]>`insert into parts (part_number, name, make_buy, unit_of_measure) values ('GRS-LT2', 'Bearing grease, lithium complex', 'buy', 'kg') returning id`;
  const [lot] = await sql<{ id: number }[]>`insert into material_lots (lot_number, part_id, supplier, qty, received_at, status) values ('GRS-LT2-D0001', ${part!.id}, 'Klüber Lubrication', 180, (select min(started_at) from units) - interval '3 days', 'available') returning id`;
  const inserted = await sql`
    with motors as (
      select u.id, ps.id as step_id, ps.started_at,
             sum(case when p.status = 'complete' then 1 else 0 end) over (order by u.id) as finished_so_far
      from units u
      join part_revisions pr on pr.id = u.part_revision_id
      join parts mp on mp.id = pr.part_id and mp.part_number = 'MTR-075'
      join process_steps ps on ps.unit_id = u.id and ps.operation_code = 'OP30' and ps.attempt = 1
      left join component_installs ci on ci.child_unit_id = u.id and ci.removed_at is null
      left join units p on p.id = ci.parent_unit_id
    )
    insert into component_installs (parent_unit_id, part_id, material_lot_id, qty, step_id, installed_at)
    select id, ${part!.id}, ${lot!.id}, 0.002, step_id, started_at from motors where finished_so_far <= ${FORWARD_TARGET}`;
  await sql`analyze component_installs`;
  return { lotId: lot!.id, lotNumber: "GRS-LT2-D0001", motors: inserted.count };
}

/**
 * The seed is three levels deep (pump → motor → lots). A water-supply
 * container adds two: container → 2 skids → 2 booster sets each → 4 pumps
 * each (→ motor → lots), built from finished pumps, so a backward trace from
 * the container runs five levels.
 */
async function addContainers(sql: SqlClient, count: number) {
  const partIds: Record<string, number> = {};
  for (const [partNumber, name] of [["WSC-1", "Water-supply container"], ["SKD-2", "Pump skid"], ["BST-4", "Booster set, 4 pumps"]] as const) {
    const [p] = await sql<{ id: number }[]>`insert into parts (part_number, name, make_buy, is_serialized) values (${partNumber}, ${name}, 'make', true) returning id`;
    const [r] = await sql<{ id: number }[]>`insert into part_revisions (part_id, revision, status, released_at) values (${p!.id}, 'A', 'released', now() - interval '400 days') returning id`;
    partIds[partNumber] = r!.id;
  }
  const pumps = await sql<{ id: string; partId: number; completedAt: Date }[]>`
    select u.id, pr.part_id as "partId", u.completed_at as "completedAt" from units u
    join part_revisions pr on pr.id = u.part_revision_id
    join parts p on p.id = pr.part_id and p.part_number = 'CP40-ASM'
    where u.status = 'complete' and not exists (select 1 from component_installs c where c.child_unit_id = u.id)
    order by u.id desc limit ${count * 16}`;
  const partOf = async (pn: string) => (await sql<{ id: number }[]>`select id from parts where part_number = ${pn}`)[0]!.id;
  const [skidPart, boosterPart] = [await partOf("SKD-2"), await partOf("BST-4")];
  const makeUnit = async (serial: string, revisionId: number) =>
    (await sql<{ id: string }[]>`insert into units (serial, part_revision_id, status, started_at, completed_at) values (${serial}, ${revisionId}, 'complete', now() - interval '2 days', now() - interval '1 day') returning id`)[0]!.id;
  const install = (parent: string, partId: number, child: string) => sql`insert into component_installs (parent_unit_id, part_id, child_unit_id, qty, installed_at) values (${parent}, ${partId}, ${child}, 1, now() - interval '1 day')`;
  const containers: string[] = [];
  let next = 0;
  for (let c = 1; c <= count && next + 16 <= pumps.length; c++) {
    const serial = `WSC-${String(c).padStart(5, "0")}`;
    const container = await makeUnit(serial, partIds["WSC-1"]!);
    for (let s = 1; s <= 2; s++) {
      const skid = await makeUnit(`${serial}-S${s}`, partIds["SKD-2"]!);
      await install(container, skidPart, skid);
      for (let b = 1; b <= 2; b++) {
        const booster = await makeUnit(`${serial}-S${s}-B${b}`, partIds["BST-4"]!);
        await install(skid, boosterPart, booster);
        for (let k = 0; k < 4; k++) {
          const pump = pumps[next++]!;
          await install(booster, pump.partId, pump.id);
        }
      }
    }
    containers.push(container);
  }
  await sql`analyze units`;
  await sql`analyze component_installs`;
  return containers.map(Number);
}

const database = await createTestDatabase("trace_bench");
const sql = createSqlClient(database.url, { max: 10 });
const db = createDb(sql);
log(`database ${database.name}`);
try {
  const seedStart = performance.now();
  await seedDatabase(sql, { units, onProgress: log });
  log(`seeded ${units.toLocaleString("en")} units in ${((performance.now() - seedStart) / 1000).toFixed(1)} s`);

  const grease = await addGreaseLot(sql);
  log(`grease lot ${grease.lotNumber} applied to ${grease.motors.toLocaleString("en")} motors`);
  const containerIds = await addContainers(sql, 20);
  log(`${containerIds.length} water-supply containers built (5 levels deep)`);

  const counts = await countRows(sql);
  console.log("\nrow counts");
  for (const [table, n] of Object.entries(counts)) console.log(`  ${table.padEnd(26)} ${n.toLocaleString("en").padStart(14)}`);

  // Serial lookup + full as-built record for random units (pumps and motors).
  const [maxRow] = await sql<{ max: number }[]>`select max(id)::int as max from units`;
  const max = maxRow?.max ?? 1;
  let state = 42;
  const random = () => ((state = (state * 1_103_515_245 + 12_345) % 2_147_483_648) / 2_147_483_648);
  const ids = Array.from({ length: samples + 20 }, () => 1 + Math.floor(random() * max));
  const serials = (await sql<{ serial: string; id: string }[]>`select id, serial from units where id = any(${sql.array(ids)}::bigint[])`).map((r) => r.serial);
  const lookup: number[] = [];
  const record: number[] = [];
  let steps = 0;
  let nodes = 0;
  for (const [i, serial] of serials.entries()) {
    const search = await time(() => searchTraceability(db, serial));
    const full = await time(() => getAsBuiltRecord(db, serial));
    if (i < 20) continue; // warm-up
    lookup.push(search.ms);
    record.push(search.ms + full.ms);
    steps += full.result.steps.length;
    nodes += full.result.genealogy.length;
  }
  lookup.sort((a, b) => a - b);
  record.sort((a, b) => a - b);
  console.log(`\nserial lookup + as-built record, ${record.length} random units (avg ${(steps / record.length).toFixed(1)} steps, ${(nodes / record.length).toFixed(1)} genealogy nodes)`);
  console.log(`  lookup only   p50 ${round(percentile(lookup, 50))} ms  p95 ${round(percentile(lookup, 95))} ms`);
  console.log(`  lookup+record p50 ${round(percentile(record, 50))} ms  p95 ${round(percentile(record, 95))} ms  max ${round(record.at(-1) ?? NaN)} ms`);

  // Forward trace of the grease lot; first run warms the cache, median of five after.
  await traceForward(db, { lotId: grease.lotId });
  const forwardRuns: number[] = [];
  let reached: Awaited<ReturnType<typeof traceForward>> = [];
  for (let i = 0; i < 5; i++) {
    const run = await time(() => traceForward(db, { lotId: grease.lotId }));
    forwardRuns.push(run.ms);
    reached = run.result;
  }
  forwardRuns.sort((a, b) => a - b);
  const finished = reached.filter((r) => r.isTopLevel && !r.isRemoved && r.status === "complete").length;
  console.log(`\nforward trace ${grease.lotNumber}: ${reached.length.toLocaleString("en")} units reached, ${finished.toLocaleString("en")} finished products`);
  console.log(`  median ${round(percentile(forwardRuns, 50))} ms  (runs ${forwardRuns.map(round).join(", ")})`);

  const [screwLot] = await sql<{ id: number; lotNumber: string }[]>`select l.id, l.lot_number as "lotNumber" from material_lots l join parts p on p.id = l.part_id where p.part_number = 'SCR-M6' order by l.id limit 1 offset 1`;
  if (screwLot) {
    const screw = await time(() => traceForward(db, { lotId: screwLot.id }));
    console.log(`  for scale: seeded screw lot ${screwLot.lotNumber} reaches ${screw.result.length.toLocaleString("en")} units in ${round(screw.ms)} ms`);
  }

  const backwardRuns: number[] = [];
  let deepest = 0;
  let backwardNodes = 0;
  await traceBackward(db, containerIds[0] ?? 1);
  for (const id of containerIds) {
    const run = await time(() => traceBackward(db, id));
    backwardRuns.push(run.ms);
    deepest = Math.max(deepest, ...run.result.map((n) => n.depth));
    backwardNodes = run.result.length;
  }
  backwardRuns.sort((a, b) => a - b);
  console.log(`\nbackward trace of ${containerIds.length} containers: ${deepest} levels, ${backwardNodes} nodes each`);
  console.log(`  p50 ${round(percentile(backwardRuns, 50))} ms  p95 ${round(percentile(backwardRuns, 95))} ms`);
  console.log(`\ntargets: record p95 < 50 ms ${percentile(record, 95) < 50 ? "met" : "MISSED"}; forward 10k < 300 ms ${percentile(forwardRuns, 50) < 300 ? "met" : "MISSED"}`);

  console.log(
    JSON.stringify({
      bench: "trace",
      units,
      record_p50_ms: round(percentile(record, 50)),
      record_p95_ms: round(percentile(record, 95)),
      forward_10k_ms: round(percentile(forwardRuns, 50)),
      forward_units_reached: reached.length,
      forward_finished_units: finished,
      backward_ms: round(percentile(backwardRuns, 50)),
      backward_levels: deepest,
    }),
  );
} finally {
  await sql.end();
  if (values.keep) console.error(`kept database ${database.name}`);
  else await database.drop();
}
