import { parseArgs } from "node:util";

import { createSqlClient } from "@/db";
import { env, requireDatabaseUrl } from "@/server/env";

import { startSimulator } from "./simulator";

const usage = "usage: npm run simulate -- [--rate <telemetry msgs/s>] [--duration <seconds>] [--speed <plant time per wall-clock time>]";

function fail(error: unknown): never {
  console.error("[simulator] fatal:", error);
  process.exit(1);
}
process.on("uncaughtException", fail);
process.on("unhandledRejection", fail);

const { values } = parseArgs({
  options: {
    rate: { type: "string", default: "15" },
    duration: { type: "string", default: "0" },
    speed: { type: "string", default: "1" },
    help: { type: "boolean", default: false },
  },
});
if (values.help) {
  console.log(usage);
  process.exit(0);
}
const rate = Number(values.rate);
const duration = Number(values.duration);
const speed = Number(values.speed);
if (!(rate >= 0) || !(duration >= 0) || !(speed > 0)) {
  console.error(`--rate and --duration must be numbers ≥ 0 and --speed > 0\n${usage}`);
  process.exit(2);
}
const mqttUrl = env().MQTT_URL;
if (!mqttUrl) fail(new Error("MQTT_URL is not set (npm start sets it for the embedded broker)"));

const sql = createSqlClient(requireDatabaseUrl(), { max: 2 });
// Faster than real time, the shift calendar (wall-clock breaks) would no longer fit: it applies at speed 1 only.
const running = await startSimulator(sql, mqttUrl, { telemetryRate: rate, timeScale: speed, hasCalendar: speed === 1 });
await sql.end();
console.log(`[simulator] publishing to ${mqttUrl}: ${rate} telemetry msgs/s, speed ${speed}, ${running.simulator.resumable} units left in progress to resume${duration ? `, for ${duration} s` : ""}`);

const report = setInterval(() => {
  const { telemetry, units, states, alarms } = running.simulator.stats;
  console.log(`[simulator] telemetry ${telemetry}, units started ${units.started} / resumed ${units.resumed} / completed ${units.completed} / failed ${units.failed} / scrapped ${units.scrapped}, states ${states}, alarms ${alarms}`);
}, 60_000);

let isStopping = false;
async function shutdown() {
  if (isStopping) return;
  isStopping = true;
  clearInterval(report);
  await running.stop();
  process.exit(0);
}
process.on("SIGTERM", () => void shutdown());
process.on("SIGINT", () => void shutdown());
if (duration > 0) setTimeout(() => void shutdown(), duration * 1000);
