import { parseArgs } from "node:util";

import { createSqlClient } from "@/db";
import { env, requireDatabaseUrl } from "@/server/env";

import { startSimulator } from "./simulator";

const usage = "usage: npm run simulate -- [--rate <telemetry msgs/s>] [--duration <seconds>] [--units-per-hour <pumps/h>]";

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
    "units-per-hour": { type: "string", default: "60" },
    help: { type: "boolean", default: false },
  },
});
if (values.help) {
  console.log(usage);
  process.exit(0);
}
const rate = Number(values.rate);
const duration = Number(values.duration);
const unitsPerHour = Number(values["units-per-hour"]);
if (!(rate >= 0) || !(duration >= 0) || !(unitsPerHour > 0)) {
  console.error(`--rate and --duration must be numbers ≥ 0 and --units-per-hour > 0\n${usage}`);
  process.exit(2);
}
const mqttUrl = env().MQTT_URL;
if (!mqttUrl) fail(new Error("MQTT_URL is not set (npm start sets it for the embedded broker)"));

const sql = createSqlClient(requireDatabaseUrl(), { max: 2 });
const running = await startSimulator(sql, mqttUrl, { telemetryRate: rate, unitsPerHour });
await sql.end();
console.log(`[simulator] publishing to ${mqttUrl}: ${rate} telemetry msgs/s, ${unitsPerHour} units/h${duration ? `, for ${duration} s` : ""}`);

const report = setInterval(() => {
  const { telemetry, units, states, alarms } = running.simulator.stats;
  console.log(`[simulator] telemetry ${telemetry}, units started ${units.started} / completed ${units.completed} / failed ${units.failed} / scrapped ${units.scrapped}, states ${states}, alarms ${alarms}`);
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
