/**
 * npm run bench:simulator [-- --minutes 30] [--speed 1] [--no-calendar]
 *
 * The live factory as `npm start` runs it: the default demo seed, the
 * embedded broker, the ingestion worker and the line simulator at normal
 * speed (shift calendar included unless --no-calendar) for N minutes. Counts, from the database,
 * the units the simulator finished per line and the units the seed left in
 * progress that are still open, and sets them against each line's pace.
 * The last line is JSON.
 */
import { parseArgs } from "node:util";

import { createSqlClient } from "@/db";
import { seedDatabase } from "@/db/seed";
import { lineDefs } from "@/db/seed/factory";
import { linePaceSeconds } from "@/db/seed/plant-operation";
import { startTestWorker } from "@/server/ingest/test-support";
import { startEmbeddedBroker } from "@/server/runtime/embedded-broker";
import { startSimulator } from "@/server/simulator/simulator";
import { createTestDatabase } from "@/server/testing/database";
import { freePort } from "@/server/testing/support";

const { values } = parseArgs({ options: { minutes: { type: "string", default: "30" }, speed: { type: "string", default: "1" }, "no-calendar": { type: "boolean", default: false } } });
const minutes = Number(values.minutes);
const speed = Number(values.speed);

const database = await createTestDatabase("bench_simulator");
const sql = createSqlClient(database.url, { max: 2 });
const seedStarted = Date.now();
await seedDatabase(sql);
const seedSeconds = (Date.now() - seedStarted) / 1000;
console.log(`default demo seeded in ${seedSeconds.toFixed(1)} s`);
const [{ left } = { left: 0 }] = await sql<{ left: number }[]>`select count(*)::int as left from units where status = 'in_progress'`;

const broker = await startEmbeddedBroker(await freePort());
const worker = await startTestWorker(database.url, broker.url);
const simulator = await startSimulator(sql, broker.url, { telemetryRate: 15, timeScale: speed, hasCalendar: speed === 1 && !values["no-calendar"], clientId: `bench-simulator-${process.pid}` });
const from = new Date();
for (let minute = 1; minute <= minutes; minute++) {
  await new Promise((r) => setTimeout(r, 60_000));
  const { units } = simulator.simulator.stats;
  console.log(`${String(minute).padStart(3)} min  started ${units.started}  resumed ${units.resumed}  completed ${units.completed}  scrapped ${units.scrapped}`);
}
await simulator.stop();
// Let the worker store what was sent.
await new Promise((r) => setTimeout(r, 5000));
const hours = ((Date.now() - from.getTime()) / 3600_000) * speed;

const rows = await sql<{ line: string; finished: number }[]>`
  select l.code as line, count(*)::int as finished
  from units u join part_revisions pr on pr.id = u.part_revision_id
  join routing_operations ro on ro.part_revision_id = pr.id and ro.sequence = 10 join lines l on l.id = ro.line_id
  where u.completed_at >= ${from.toISOString()}::timestamptz and u.status <> 'in_progress'
  group by 1 order by 1`;
const [{ stillOpen } = { stillOpen: 0 }] = await sql<{ stillOpen: number }[]>`
  select count(*)::int as "stillOpen" from units where status = 'in_progress' and serial !~ '-S[0-9]{7}$'`;
const perLine = Object.fromEntries(
  lineDefs.map((line) => {
    const finished = rows.find((r) => r.line === line.code)?.finished ?? 0;
    return [line.code, { finished, per_hour: Number((finished / hours).toFixed(1)), pace_per_hour: Number((3600 / linePaceSeconds(line.stations)).toFixed(1)) }];
  }),
);
for (const [line, f] of Object.entries(perLine)) console.log(`${line}: ${f.finished} units finished, ${f.per_hour}/h (pace while running ${f.pace_per_hour}/h)`);
console.log(`seed units left in progress: ${left} at start, ${stillOpen} still open`);

await worker.stop();
await broker.stop();
await sql.end();
await database.drop();
const total = rows.reduce((n, r) => n + r.finished, 0);
console.log(JSON.stringify({ bench: "simulator", minutes, speed, seed_seconds: Number(seedSeconds.toFixed(1)), units_per_hour: Number((total / hours).toFixed(1)), per_line: perLine, seed_left_in_progress: left, seed_still_open: stillOpen }));
process.exit(0);
