/**
 * npm run bench:ingest-fuzz [-- --messages 20000 --rounds 2]
 *
 * What bad input costs good input. A Mosquitto and a database of their own
 * (the demo plant's master data), Threadline's worker in this process with
 * the `npm run worker` defaults, and the fuzz test's message stream
 * (server/ingest/fuzz-stream.ts: telemetry, states, units, counts, alarms)
 * published at QoS 1 as fast as the broker takes it: once with no bad
 * input, once with half of the messages bad (random bytes, truncated JSON,
 * huge numbers, deep nesting, three 1 MB payloads, invalid UTF-8, NUL,
 * far-off times, colliding states, unknown stations and parts). Timed from
 * the first publish to the commit of the last message; every good message is
 * checked to have landed exactly once. The last line is one JSON object.
 */
import { parseArgs } from "node:util";

import { createDb, createSqlClient } from "@/db";
import { seedMasterData } from "@/db/seed/master-data";
import { createRandom } from "@/db/seed/random";
import { fuzzStream } from "@/server/ingest/fuzz-stream";
import { connectPublisher, startMosquitto, testWorkerConfig } from "@/server/ingest/test-support";
import { startIngestWorker } from "@/server/ingest/worker";
import { createTestDatabase } from "@/server/testing/database";

const { values } = parseArgs({ options: { messages: { type: "string", default: "20000" }, rounds: { type: "string", default: "2" } } });
const messages = Number(values.messages);
const rounds = Number(values.rounds);
if (!Number.isInteger(messages) || messages < 100) throw new Error("--messages must be a whole number of at least 100");
if (!Number.isInteger(rounds) || rounds < 1) throw new Error("--rounds must be a positive whole number");

const round = (n: number) => Math.round(n);
const mosquitto = await startMosquitto();
const database = await createTestDatabase("ingest_fuzz_bench");
const sql = createSqlClient(database.url, { max: 2 });
try {
  const seedSql = createSqlClient(database.url, { max: 1 });
  await seedMasterData(createDb(seedSql), new Date(Date.now() - 90 * 86_400_000));
  await seedSql.end();
  let committed = 0;
  let lastCommit = 0;
  const worker = await startIngestWorker(
    testWorkerConfig(database.url, mosquitto.url, {
      clientId: `bench-fuzz-${process.pid}`,
      log: (level, message) => level !== "info" && console.error(`[worker] ${message.slice(0, 300)}`),
      onCommit: (batch) => {
        committed += batch.length;
        lastCommit = performance.now();
      },
    }),
  );
  const publisher = await connectPublisher(mosquitto.url);
  console.log(`ingest fuzz benchmark: Mosquitto ${mosquitto.url}, database ${database.name}, ${messages.toLocaleString("en")} messages per run, QoS 1`);

  let series = 0;
  async function run(badShare: number) {
    const stream = fuzzStream(createRandom(1000 + series), { count: messages, now: Date.now(), badShare, series: ++series });
    const all = [...stream.messages, stream.last];
    committed = 0;
    const started = performance.now();
    for (let i = 0; i < all.length; i += 500) await Promise.all(all.slice(i, i + 500).map((m) => publisher.publishAsync(m.topic, m.payload, { qos: 1 })));
    while (committed < all.length) await new Promise((r) => setTimeout(r, 10));
    const seconds = (lastCommit - started) / 1000;
    const landed = await stream.landed(sql);
    if (landed.missing.length || landed.extra.length || !landed.last) throw new Error(`not exactly once: ${JSON.stringify(landed).slice(0, 500)}`);
    const good = all.filter((m) => !m.isBad).length;
    const result = { badShare, messages: all.length, good, seconds: Math.round(seconds * 100) / 100, msgsPerSecond: all.length / seconds, goodPerSecond: good / seconds };
    console.log(
      `${badShare ? `${Math.round(badShare * 100)} % bad` : "no bad input"}: ${all.length.toLocaleString("en")} messages (${good.toLocaleString("en")} good) in ${result.seconds} s: ${round(result.msgsPerSecond)} msg/s, ${round(result.goodPerSecond)} good msg/s`,
    );
    return result;
  }

  const clean: Awaited<ReturnType<typeof run>>[] = [];
  const fuzzed: Awaited<ReturnType<typeof run>>[] = [];
  for (let r = 0; r < rounds; r++) {
    clean.push(await run(0));
    fuzzed.push(await run(0.5));
  }
  await publisher.endAsync();
  await worker.stop();
  const best = (runs: typeof clean, pick: (r: (typeof clean)[number]) => number) => Math.max(...runs.map(pick));
  const summary = {
    bench: "ingest-fuzz",
    messages,
    rounds,
    clean_msgs_s: round(best(clean, (r) => r.msgsPerSecond)),
    fuzz_msgs_s: round(best(fuzzed, (r) => r.msgsPerSecond)),
    fuzz_good_msgs_s: round(best(fuzzed, (r) => r.goodPerSecond)),
    fuzz_seconds: Math.min(...fuzzed.map((r) => r.seconds)),
    dead_letters: worker.health.deadLettersTotal,
    unwritable: worker.health.unwritableTotal,
    batch_failures: worker.health.batchFailuresTotal,
  };
  console.log(`best of ${rounds}: no bad input ${summary.clean_msgs_s} msg/s; half bad ${summary.fuzz_msgs_s} msg/s (${summary.fuzz_good_msgs_s} good msg/s)`);
  console.log(JSON.stringify(summary));
} finally {
  await sql.end();
  await database.drop();
  await mosquitto.stop();
}
