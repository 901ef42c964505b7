// A stand-in for `next start` in web-cluster.test.ts: answers with its pid, or fails before listening.
import http from "node:http";
import process from "node:process";

if (process.env.FAIL_BEFORE_LISTEN) process.exit(3);
const server = http.createServer((_req, res) => res.end(String(process.pid)));
server.listen(Number(process.env.PORT));
process.on("SIGTERM", () => process.exit(0));
