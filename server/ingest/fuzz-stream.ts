import type { SqlClient } from "@/db";
import type { Random } from "@/db/seed/random";

/** One message of a fuzz stream; `what` names the kind of damage done to a bad one. */
export interface FuzzMessage {
  topic: string;
  payload: Buffer;
  isBad: boolean;
  what: string;
}

export interface FuzzOptions {
  count: number;
  /** The worker's clock: good messages are dated in the two hours before it. */
  now: number;
  /** Share of bad messages, 0 to 1. */
  badShare?: number;
  /** Tells this stream's rows from another's in the same database (a small positive integer). */
  series?: number;
  /** Stations that exist (topic prefixes); the demo plant's P1 line by default. */
  stations?: string[];
  /** Messages of 1 MB; they dominate the time to publish, so only a few. */
  hugePayloads?: number;
}

const defaultStations = ["P1-010", "P1-020", "P1-030", "P1-040", "P1-050", "P1-060"].map((code) => `acme/hamburg/pumps/P1/${code}`);
const states = ["RUNNING", "IDLE", "DOWN", "BLOCKED", "STARVED", "SETUP", "PLANNED_STOP"] as const;
const iso = (ms: number) => new Date(ms).toISOString();

/**
 * A reproducible stream of good messages of every kind mixed with hostile
 * ones: random bytes, truncated JSON, huge numbers, deep nesting, 1 MB
 * payloads, invalid UTF-8, NUL bytes and NUL characters, times far in the
 * past and future, a second state or count at an instant already taken, unknown
 * stations and parts, exact repeats of good messages. `landed` checks that
 * every good one is stored exactly once.
 */
export function fuzzStream(random: Random, options: FuzzOptions) {
  const { count, now, badShare = 0.5, series = 1, stations = defaultStations } = options;
  const tag = `fz${series}`;
  const metric = `fuzz_${tag}`;
  const origin = now - 2 * 3600_000;
  const step = Math.floor((2 * 3600_000 - 60_000) / (count + 1));
  const messages: FuzzMessage[] = [];
  const expected = new Set<string>();
  let hugeLeft = options.hugePayloads ?? 3;

  const good = (i: number, station = random.pick(stations), ts = origin + i * step): { topic: string; json: object; id: string } => {
    const kind = random.pick(["telemetry", "telemetry", "telemetry", "state", "state", "unit", "count", "alarm"] as const);
    const topic = `${station}/${kind}`;
    switch (kind) {
      case "telemetry":
        return { topic, json: { ts: iso(ts), metrics: { [metric]: i } }, id: `telemetry:${i}` };
      case "state":
        return { topic, json: { ts: iso(ts), state: random.pick(states), reason: `${tag}-${i}` }, id: `state:${tag}-${i}` };
      case "unit":
        return { topic, json: { ts: iso(ts), serial: `${tag}-${i}`, partNumber: "CP40-ASM", operation: "OP10", result: random.pick(["PASS", "FAIL"]) }, id: `unit:${tag}-${i}` };
      case "count":
        return { topic, json: { ts: iso(ts), good: i, scrap: 0, rework: series }, id: `count:${i}` };
      case "alarm":
        return { topic, json: { ts: iso(ts), code: `${tag}-${i}`, severity: "warning", message: "fuzz", active: true }, id: `alarm:${tag}-${i}` };
    }
  };
  const push = (topic: string, payload: string | Buffer, what: string | null) =>
    messages.push({ topic, payload: Buffer.isBuffer(payload) ? payload : Buffer.from(payload), isBad: what !== null, what: what ?? "good" });
  const pushGood = (m: { topic: string; json: object; id: string }) => {
    expected.add(m.id);
    push(m.topic, JSON.stringify(m.json), null);
  };

  const damages: ((i: number) => void)[] = [
    () => push(`${random.pick(stations)}/${random.pick(["state", "unit", "telemetry"])}`, Buffer.from(Array.from({ length: random.int(1, 300) }, () => random.int(0, 255))), "random bytes"),
    (i) => {
      const m = good(i);
      const text = JSON.stringify(m.json);
      push(m.topic, text.slice(0, random.int(1, text.length - 1)), "truncated JSON");
    },
    (i) => push(`${random.pick(stations)}/telemetry`, `{"ts":"${iso(origin + i * step)}","metrics":{"${metric}":1e400}}`, "huge number"),
    (i) => push(`${random.pick(stations)}/count`, `{"ts":"${iso(origin + i * step)}","good":${random.pick(["2147483648", "1e20", "-1", "1.5"])},"scrap":0}`, "count out of range"),
    (i) => {
      const depth = random.int(1000, 20_000);
      push(`${random.pick(stations)}/telemetry`, `{"ts":"${iso(origin + i * step)}","metrics":${"[".repeat(depth)}${"]".repeat(depth)}}`, "deep nesting");
    },
    (i) => {
      const m = good(i);
      const bytes = Buffer.from(JSON.stringify(m.json));
      const at = bytes.indexOf('"', 10) + 1;
      push(m.topic, Buffer.concat([bytes.subarray(0, at), Buffer.from(random.pick([[0xff], [0xc3, 0x28], [0xed, 0xa0, 0x80], [0xf8, 0x88, 0x80, 0x80, 0x80]])), bytes.subarray(at)]), "invalid UTF-8");
    },
    (i) => {
      const m = good(i);
      const text = JSON.stringify(m.json);
      push(m.topic, Buffer.concat([Buffer.from(text.slice(0, text.length - 1)), Buffer.from([0x00]), Buffer.from("}")]), "NUL byte");
    },
    (i) => {
      const ts = iso(origin + i * step);
      const [kind, json] = random.pick([
        ["unit", { ts, serial: `${tag}-\u0000${i}`, partNumber: "CP40-ASM", operation: "OP10", result: "PASS" }],
        ["unit", { ts, serial: `${tag}-z${i}`, partNumber: "CP40-ASM", operation: "OP10", result: "PASS", operator: "a\u0000" }],
        ["state", { ts, state: "DOWN", reason: `\u0000${i}` }],
        ["alarm", { ts, code: `${tag}-z${i}`, severity: "info", message: `\u0000${i}`, active: true }],
      ] as const);
      push(`${random.pick(stations)}/${kind}`, JSON.stringify(json), "NUL in a string");
    },
    (i) => {
      const m = good(i, undefined, random.pick([now + 86_400_000, now + random.int(11, 600) * 60_000, Date.UTC(9999, 11, 31)]));
      push(m.topic, JSON.stringify(m.json), "far future");
    },
    (i) => {
      const m = good(i, undefined, random.pick([0, Date.UTC(2000, 0, 1), now - random.int(31, 3650) * 86_400_000]));
      push(m.topic, JSON.stringify(m.json), "far past");
    },
    (i) => {
      const station = random.pick(stations);
      const ts = origin + i * step;
      pushGood({ topic: `${station}/state`, json: { ts: iso(ts), state: "RUNNING", reason: `${tag}-${i}` }, id: `state:${tag}-${i}` });
      push(`${station}/state`, JSON.stringify({ ts: iso(ts), state: "DOWN", reason: `${tag}-${i}` }), "a different state at the same instant");
    },
    (i) => {
      const station = random.pick(stations);
      const ts = origin + i * step;
      pushGood({ topic: `${station}/count`, json: { ts: iso(ts), good: i, scrap: 0, rework: series }, id: `count:${i}` });
      push(`${station}/count`, JSON.stringify({ ts: iso(ts), good: i, scrap: 1, rework: series }), "a different count at the same instant");
    },
    (i) => {
      const m = good(i, `acme/hamburg/pumps/P9/P9-${String(random.int(0, 999)).padStart(3, "0")}`);
      push(m.topic, JSON.stringify(m.json), "unknown station");
    },
    (i) => push(`${random.pick(stations)}/unit`, JSON.stringify({ ts: iso(origin + i * step), serial: `${tag}-n${i}`, partNumber: `NOPE-${i}`, operation: "OP10", result: "PASS" }), "unknown part"),
    (i) => push(`${random.pick(stations)}/state`, JSON.stringify({ ts: iso(origin + i * step), state: "EXPLODED" }), "schema violation"),
    (i) => {
      if (hugeLeft-- <= 0) return push(`${random.pick(stations)}/state`, "", "empty payload");
      push(`${random.pick(stations)}/telemetry`, `{"ts":"${iso(origin + i * step)}","metrics":{"${metric}":${i}},"pad":"${String(i).padEnd(1_000_000, "x")}"}`, "1 MB payload");
    },
  ];

  for (let i = 0; i < count; i++) {
    const previous = messages[messages.length - 1];
    if (random.chance(badShare)) random.pick(damages)(i);
    else if (previous && !previous.isBad && random.chance(0.05)) messages.push({ ...previous, what: "exact repeat" });
    else pushGood(good(i));
  }
  const last = { topic: `${stations[0] ?? ""}/state`, payload: Buffer.from(JSON.stringify({ ts: iso(now - 30_000), state: "IDLE", reason: `${tag}-last` })), isBad: false, what: "last" };

  return {
    messages,
    last,
    /** Good messages not stored; rows stored twice or for no good message; whether the last message is in. */
    async landed(sql: SqlClient) {
      const rows = await sql<{ id: string; n: number }[]>`
        select 'telemetry:' || s.value::int as id, count(*)::int as n from telemetry_samples s join telemetry_metrics m on m.id = s.metric_id where m.name = ${metric} group by 1
        union all select 'state:' || reported_reason, count(*)::int from station_state_intervals where reported_reason like ${`${tag}-%`} group by 1
        union all select 'unit:' || u.serial, count(*)::int from units u join process_steps ps on ps.unit_id = u.id where u.serial like ${`${tag}-%`} group by 1
        union all select 'count:' || good, count(*)::int from production_counts where rework = ${series} group by 1
        union all select 'alarm:' || code, count(*)::int from alarms where code like ${`${tag}-%`} group by 1`;
      const stored = new Map(rows.map((r) => [r.id, r.n]));
      return {
        missing: [...expected].filter((id) => !stored.has(id)),
        extra: rows.filter((r) => r.n > 1 || (!expected.has(r.id) && r.id !== `state:${tag}-last`)).map((r) => `${r.id} ×${r.n}`),
        last: stored.has(`state:${tag}-last`),
      };
    },
  };
}
